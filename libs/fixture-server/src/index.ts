export { startFixtureServer } from './server.ts';
export type { FixtureServer, FixtureServerOptions, RecordedRequest } from './server.ts';
export { FIXTURE_FORMATS, renderFeed, fixtureItem, CONTENT_TYPES } from './generate.ts';
export type { FixtureFormat, FixtureDoc, FixtureItem } from './generate.ts';
