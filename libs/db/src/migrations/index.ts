import type { Migration } from '@mikro-orm/migrations';
import { Migration20261121000000Core } from './Migration20261121000000_core.ts';
import { Migration20261121000100Auth } from './Migration20261121000100_auth.ts';
import { Migration20261203000000Stories } from './Migration20261203000000_stories.ts';

/**
 * Every migration, in order. An explicit list (not a folder glob) so the set is the same whether the
 * CLI runs from the repo or the image; teams append their own (e.g. auth) here.
 */
export const migrations: Array<new (...args: ConstructorParameters<typeof Migration>) => Migration> = [
  Migration20261121000000Core,
  Migration20261121000100Auth,
  Migration20261203000000Stories,
];
