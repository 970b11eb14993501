import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Neo4jError } from 'neo4j-driver';
import { isTransientGraphError } from './transient.ts';

test('isTransientGraphError: unavailable, expired and Neo.TransientError are transient; data errors are not', () => {
  assert.equal(isTransientGraphError(new Neo4jError('down', 'ServiceUnavailable', '08000', 'x')), true);
  assert.equal(isTransientGraphError(new Neo4jError('exp', 'SessionExpired', '08000', 'x')), true);
  assert.equal(
    isTransientGraphError(
      new Neo4jError('dl', 'Neo.TransientError.Transaction.DeadlockDetected', '50N00', 'x'),
    ),
    true,
  );
  assert.equal(
    isTransientGraphError(new Neo4jError('bad', 'Neo.ClientError.Statement.TypeError', '22000', 'x')),
    false,
  );
  assert.equal(isTransientGraphError(new Error('plain')), false);
  assert.equal(isTransientGraphError(null), false);
});
