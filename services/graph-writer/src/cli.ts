import { notImplemented } from '@tributary/command';

export const graphWorker = notImplemented('worker graph');
