import { GraphError } from './errors.ts';

/**
 * Node labels of the graph. Production uses the bare names; a test suite sets a label prefix
 * (`t123_Item`) so suites sharing one Neo4j never see each other's nodes. Neo4j Community has a
 * single user database, so labels (not databases) are the isolation unit, and the Cypher stays the
 * same shape as in production — only the label text differs.
 * `Link` is an auxiliary node (one per URL cited in item content) that lets LINKS_TO be found from
 * either end in one index lookup.
 */
export interface GraphLabels {
  prefix: string;
  Feed: string;
  Item: string;
  Author: string;
  Tag: string;
  Entity: string;
  Link: string;
}

const PREFIX_RE = /^(?:[A-Za-z][A-Za-z0-9_]*)?$/;

export function graphLabels(prefix = ''): GraphLabels {
  // Labels are interpolated into Cypher (they cannot be parameters), so only identifier characters.
  if (!PREFIX_RE.test(prefix)) {
    throw new GraphError('BAD_CONFIG', `graph label prefix must match ${PREFIX_RE.source}, got "${prefix}"`);
  }
  const l = (name: string) => `${prefix}${name}`;
  return {
    prefix,
    Feed: l('Feed'),
    Item: l('Item'),
    Author: l('Author'),
    Tag: l('Tag'),
    Entity: l('Entity'),
    Link: l('Link'),
  };
}
