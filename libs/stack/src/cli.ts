import { notImplemented } from '@tributary/command';

export const stack = notImplemented('stack');
