import { notImplemented } from '@tributary/command';

export const operator = notImplemented('operator');
export const runner = notImplemented('runner');
export const feedRun = notImplemented('feed run');
