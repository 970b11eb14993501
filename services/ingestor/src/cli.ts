import { notImplemented } from '@tributary/command';

export const ingest = notImplemented('ingest');
