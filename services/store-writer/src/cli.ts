import { notImplemented } from '@tributary/command';

export const storeWorker = notImplemented('worker store');
