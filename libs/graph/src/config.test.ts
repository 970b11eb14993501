import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphError } from './errors.ts';
import { graphConfigFromEnv } from './config.ts';

test('graph config: local-stack defaults, auth only when a user is set, validated URL and prefix', () => {
  const d = graphConfigFromEnv({});
  assert.equal(d.url, 'bolt://127.0.0.1:27687');
  assert.equal(d.database, 'neo4j');
  assert.equal(d.auth, undefined);
  assert.equal(d.labels.Item, 'Item');
  const c = graphConfigFromEnv({
    NEO4J_URL: 'neo4j+s://db.example:7687',
    NEO4J_USERNAME: 'neo',
    NEO4J_PASSWORD: 'pw',
    NEO4J_DATABASE: 'graph',
    TRIBUTARY_NEO4J_LABEL_PREFIX: 'T1_',
  });
  assert.deepEqual(c.auth, { username: 'neo', password: 'pw' });
  assert.equal(c.labels.Entity, 'T1_Entity');
  assert.throws(() => graphConfigFromEnv({ NEO4J_URL: 'http://x' }), GraphError);
  assert.throws(() => graphConfigFromEnv({ TRIBUTARY_NEO4J_LABEL_PREFIX: 'a-b' }), /label prefix/);
});
