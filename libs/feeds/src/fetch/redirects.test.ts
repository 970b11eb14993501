import { test } from 'node:test';
import assert from 'node:assert/strict';
import { permanentTarget, shouldPersistRedirect, updateRedirectEvidence } from './redirects.ts';
import type { RedirectHop } from './redirects.ts';

const hop = (from: string, to: string, status: number): RedirectHop => ({ from, to, status });
const H = 3600_000;

test('permanent target is the end of the leading permanent hops', () => {
  assert.equal(permanentTarget([]), null);
  assert.equal(permanentTarget([hop('https://a/f', 'https://b/f', 301)]), 'https://b/f');
  assert.equal(
    permanentTarget([hop('https://a/f', 'https://b/f', 308), hop('https://b/f', 'https://c/f', 301)]),
    'https://c/f',
  );
  assert.equal(
    permanentTarget([hop('https://a/f', 'https://b/f', 301), hop('https://b/f', 'https://c/f', 302)]),
    'https://b/f',
  );
  assert.equal(permanentTarget([hop('https://a/f', 'https://b/f', 302)]), null);
  assert.equal(permanentTarget([hop('https://a/f', 'https://b/f', 307)]), null);
});

test('https→http downgrades are never a permanent target', () => {
  assert.equal(permanentTarget([hop('https://a/f', 'http://a/f', 301)]), null);
  assert.equal(permanentTarget([hop('http://a/f', 'https://a/f', 301)]), 'https://a/f');
});

test('evidence accumulates consistent sightings and restarts on change', () => {
  const chain = [hop('https://a/f', 'https://b/f', 301)];
  let ev = updateRedirectEvidence(null, chain, 0);
  assert.deepEqual(ev, { target: 'https://b/f', sightings: 1, firstSeenAt: 0, lastSeenAt: 0 });
  ev = updateRedirectEvidence(ev, chain, 10 * H);
  ev = updateRedirectEvidence(ev, chain, 25 * H);
  assert.deepEqual(ev, { target: 'https://b/f', sightings: 3, firstSeenAt: 0, lastSeenAt: 25 * H });
  assert.equal(shouldPersistRedirect(ev), true);
  const moved = updateRedirectEvidence(ev, [hop('https://a/f', 'https://c/f', 301)], 26 * H);
  assert.deepEqual(moved, { target: 'https://c/f', sightings: 1, firstSeenAt: 26 * H, lastSeenAt: 26 * H });
  assert.equal(updateRedirectEvidence(ev, [], 26 * H), null, 'no redirect any more: evidence dropped');
  assert.equal(updateRedirectEvidence(ev, [hop('https://a/f', 'https://b/f', 302)], 26 * H), null);
});

test('persisting needs both enough sightings and enough time', () => {
  const policy = { minSightings: 3, minSpanMs: 24 * H };
  assert.equal(shouldPersistRedirect(null, policy), false);
  assert.equal(
    shouldPersistRedirect({ target: 'x', sightings: 10, firstSeenAt: 0, lastSeenAt: H }, policy),
    false,
  );
  assert.equal(
    shouldPersistRedirect({ target: 'x', sightings: 2, firstSeenAt: 0, lastSeenAt: 48 * H }, policy),
    false,
  );
  assert.equal(
    shouldPersistRedirect({ target: 'x', sightings: 3, firstSeenAt: 0, lastSeenAt: 24 * H }, policy),
    true,
  );
});
