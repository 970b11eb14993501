import { notImplemented } from '@tributary/command';

export const feedParse = notImplemented('feed parse');
