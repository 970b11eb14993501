import { defineEntity, p } from '@mikro-orm/core';
import type { InferEntity } from '@mikro-orm/core';

/** A person credited on items; the same (name, email, uri) across feeds is one row. */
export const Author = defineEntity({
  name: 'Author',
  tableName: 'authors',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    name: p.text(),
    email: p.text().default(''),
    uri: p.text().default(''),
  },
  uniques: [{ properties: ['name', 'email', 'uri'] }],
  indexes: [
    {
      name: 'authors_lower_name_idx',
      expression: 'create index authors_lower_name_idx on authors (lower(name))',
    },
  ],
});
export type IAuthor = InferEntity<typeof Author>;

/** A category/tag label as written by the feed (exact text; the API matches case-insensitively). */
export const Category = defineEntity({
  name: 'Category',
  tableName: 'categories',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    name: p.text().unique(),
  },
  indexes: [
    {
      name: 'categories_lower_name_idx',
      expression: 'create index categories_lower_name_idx on categories (lower(name))',
    },
  ],
});
export type ICategory = InferEntity<typeof Category>;
