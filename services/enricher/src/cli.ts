import { notImplemented } from '@tributary/command';

export const enrichWorker = notImplemented('worker enrich');
