import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_NAMESPACE,
  LOCAL_ADMIN_EMAIL,
  localAdminEmails,
  nextSteps,
  samplesUrl,
  sampleFeeds,
} from './plan.ts';

test("sample Feeds point at the release's sample server, one per format", () => {
  const feeds = sampleFeeds('demo', samplesUrl('tributary', 'tributary'));
  assert.deepEqual(
    feeds.map((f) => f.spec.url),
    [
      'http://tributary-samples.tributary.svc:8080/feeds/0.rss2',
      'http://tributary-samples.tributary.svc:8080/feeds/1.atom10',
      'http://tributary-samples.tributary.svc:8080/feeds/2.json11',
      'http://tributary-samples.tributary.svc:8080/feeds/3.rdf',
    ],
  );
  for (const f of feeds) assert.equal(f.metadata.namespace, 'demo');
});

test("the local admin: the caller's TRIBUTARY_ADMIN_EMAILS, else the local one; next steps name it", () => {
  assert.deepEqual(localAdminEmails({}), [LOCAL_ADMIN_EMAIL]);
  assert.deepEqual(localAdminEmails({ TRIBUTARY_ADMIN_EMAILS: ' a@b.org, c@d.org ,' }), [
    'a@b.org',
    'c@d.org',
  ]);
  const steps = nextSteps({
    ingressUrl: 'http://10.89.78.1:20080',
    envCommand: "'/n/node' /r/bin/tributary.js stack env",
    adminEmails: ['a@b.org', 'c@d.org'],
  });
  assert.match(steps, /eval "\$\('\/n\/node' \/r\/bin\/tributary\.js stack env\)"/);
  assert.match(steps, /register a@b\.org to get the admin role/);
  assert.match(steps, /API {10}http:\/\/10\.89\.78\.1:20080\/api\/v1/);
  assert.match(steps, new RegExp(`kubectl get feeds -n ${DEMO_NAMESPACE}`));
});
