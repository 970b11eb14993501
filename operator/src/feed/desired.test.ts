import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Feed } from '@tributary/feed-api';
import { containsDesired } from '@tributary/k8s';
import { DEFAULTS } from '../config.ts';
import type { IngestSettings } from '../config.ts';
import { cronJobName } from '@tributary/feed-api';
import { canonicalJson, desiredCronJob, SPEC_HASH_ANNOTATION } from './desired.ts';

const ingest = structuredClone(DEFAULTS.ingest) as unknown as IngestSettings;

function feed(spec: Partial<Feed['spec']> = {}, name = 'hn'): Feed {
  return {
    apiVersion: 'tributary.dev/v1alpha1',
    kind: 'Feed',
    metadata: { name, namespace: 'news', uid: 'uid-1', generation: 3 },
    spec: { url: 'https://example.org/feed.xml', interval: '15m', ...spec },
  };
}

test('the CronJob runs `tributary ingest --feed NS/NAME` with the feed contract env, owned by the Feed', () => {
  const cj = desiredCronJob(feed({ tags: ['tech'] }), '*/15 * * * *', ingest);
  assert.equal(cj.metadata.name, 'feed-hn');
  assert.equal(cj.metadata.namespace, 'news');
  assert.deepEqual(cj.metadata.ownerReferences, [
    {
      apiVersion: 'tributary.dev/v1alpha1',
      kind: 'Feed',
      name: 'hn',
      uid: 'uid-1',
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  assert.equal(cj.spec.concurrencyPolicy, 'Forbid');
  assert.equal(cj.spec.schedule, '*/15 * * * *');
  const pod = cj.spec.jobTemplate.spec.template;
  const c = pod.spec.containers[0];
  assert.deepEqual(c?.args, ['ingest', '--feed', 'news/hn']);
  assert.equal(c?.command, undefined, 'args only: the image entrypoint stays in front');
  const env = JSON.parse(c?.env?.find((e) => e.name === 'TRIBUTARY_FEED')?.value ?? '{}');
  assert.deepEqual(env, {
    generation: 3,
    name: 'hn',
    namespace: 'news',
    spec: { interval: '15m', tags: ['tech'], url: 'https://example.org/feed.xml' },
    uid: 'uid-1',
  });
  assert.deepEqual(c?.envFrom, [{ configMapRef: { name: 'tributary-ingest', optional: true } }]);
  assert.equal(pod.metadata?.labels?.['app.kubernetes.io/managed-by'], 'tributary-operator');
  assert.equal(pod.metadata?.labels?.['tributary.dev/feed'], 'hn');
  assert.equal(c?.securityContext?.readOnlyRootFilesystem, true);
  assert.equal(
    c?.terminationMessagePolicy,
    'FallbackToLogsOnError',
    'a run that cannot report leaves its last log line for the operator',
  );
  assert.deepEqual(c?.securityContext?.capabilities?.drop, ['ALL']);
  assert.equal(pod.spec.securityContext?.runAsNonRoot, true);
});

test('headersSecretRef becomes TRIBUTARY_FEED_HEADERS from a secretKeyRef', () => {
  const cj = desiredCronJob(
    feed({ fetch: { headersSecretRef: { name: 'creds', key: 'h' } } }),
    '* * * * *',
    ingest,
  );
  const env = cj.spec.jobTemplate.spec.template.spec.containers[0]?.env ?? [];
  assert.deepEqual(
    env.find((e) => e.name === 'TRIBUTARY_FEED_HEADERS'),
    {
      name: 'TRIBUTARY_FEED_HEADERS',
      valueFrom: { secretKeyRef: { name: 'creds', key: 'h' } },
    },
  );
});

test('suspend and the fetch timeout flow into the CronJob', () => {
  const cj = desiredCronJob(feed({ suspend: true, fetch: { timeoutSeconds: 60 } }), '* * * * *', ingest);
  assert.equal(cj.spec.suspend, true);
  assert.equal(cj.spec.jobTemplate.spec.activeDeadlineSeconds, 180);
});

test('the desired object is deterministic and its hash changes with the spec', () => {
  const a = desiredCronJob(feed(), '* * * * *', ingest);
  const b = desiredCronJob(feed(), '* * * * *', ingest);
  assert.deepEqual(a, b);
  assert.ok(containsDesired(structuredClone(a), b));
  const c = desiredCronJob(feed({ url: 'https://example.org/other.xml' }), '* * * * *', ingest);
  assert.notEqual(
    a.metadata.annotations?.[SPEC_HASH_ANNOTATION],
    c.metadata.annotations?.[SPEC_HASH_ANNOTATION],
  );
  assert.equal(containsDesired(a, c), false);
});

test('key order of the spec does not change the env (no spurious writes)', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: 2, c: 3 } }), canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
});

test('long feed names give valid CronJob names (≤ 52) and label values (≤ 63)', () => {
  const long = 'a'.repeat(120);
  const name = cronJobName(long);
  assert.ok(name.length <= 52, name);
  assert.notEqual(cronJobName(long), cronJobName(`${long}b`));
  const cj = desiredCronJob(feed({}, long), '* * * * *', ingest);
  assert.ok((cj.metadata.labels?.['tributary.dev/feed'] ?? '').length <= 63);
});
