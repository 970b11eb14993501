/**
 * @tributary/stories — near-duplicate and same-event detection across feeds (pure logic: text
 * features, MinHash/LSH, link and name overlap, the join decision). See docs/stories.md.
 */
export { STORY_PARAMS, compare, decide, fingerprint, matchKeys, storyIdFor } from './match.ts';
export type { Candidate, Fingerprint, StoryInput, Verdict } from './match.ts';
export { bandKeys, signature, similarity } from './minhash.ts';
export { canonicalLink, citedLinks, domainOf, names, plainText, shingles, words } from './text.ts';
export { StoryIndex } from './assign.ts';
export type { Assignment } from './assign.ts';
