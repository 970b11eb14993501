export { extractArticle, FULLTEXT_DEFAULTS } from './extract.ts';
export type { Article } from './extract.ts';
