/** Response shapes: the spec's where they exist, the stories/timeline contract where not yet. */
import type { components } from '../../generated/openapi.ts';

type S = components['schemas'];
export type Item = S['Item'] & { storyId?: string | null; duplicateOf?: string | null };
export type ItemDetail = S['ItemDetail'] & { storyId?: string | null };
export type Page<T> = { items: T[]; nextCursor: string | null };
export type Feed = S['Feed'];
export type Neighborhood = S['Neighborhood'];
export type EntityDetail = S['EntityDetail'];
export type Entity = S['Entity'];
export type EntityRef = { id: string; type: string; name: string };
export interface Story {
  id: string;
  title: string;
  firstSeen: string;
  lastSeen: string;
  itemCount: number;
  sourceCount: number;
  sources: { feed: S['FeedRef']; domain: string }[];
  entities: EntityRef[];
  leadItemId: string;
  items?: Item[];
}
export interface Timeline {
  entity: EntityRef;
  bucket: 'hour' | 'day';
  points: { t: string; mentions: number }[];
  stories: Story[];
  coMentioned: (EntityRef & { count: number })[];
}
