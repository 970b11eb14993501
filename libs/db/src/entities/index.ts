export { Feed, FeedTombstone } from './feed.ts';
export type { IFeed, IFeedTombstone } from './feed.ts';
export { Item, ItemAuthor, ItemCategory, Story } from './item.ts';
export type { IItem, IStory } from './item.ts';
export { Author, Category } from './taxonomy.ts';
export type { IAuthor, ICategory } from './taxonomy.ts';
export { FetchRun } from './fetch-run.ts';
export { StoryFingerprint, StoryKey } from './story.ts';
export type { IFetchRun } from './fetch-run.ts';

import { Feed, FeedTombstone } from './feed.ts';
import { Item, ItemAuthor, ItemCategory, Story } from './item.ts';
import { Author, Category } from './taxonomy.ts';
import { FetchRun } from './fetch-run.ts';
import { StoryFingerprint, StoryKey } from './story.ts';

/** The store's entities (other teams pass theirs to createOrm alongside). */
export const coreEntities = [
  Feed,
  FeedTombstone,
  Item,
  ItemAuthor,
  ItemCategory,
  Author,
  Category,
  FetchRun,
  Story,
  StoryFingerprint,
  StoryKey,
];
