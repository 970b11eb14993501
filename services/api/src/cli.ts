import { notImplemented } from '@tributary/command';

export const api = notImplemented('api');
