import { notImplemented } from '@tributary/command';

export const up = notImplemented('up');
export const replay = notImplemented('replay');
export const stats = notImplemented('stats');
