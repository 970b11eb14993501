import { notImplemented } from '@tributary/command';

export const migrate = notImplemented('migrate');
