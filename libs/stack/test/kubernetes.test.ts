// The local kube-apiserver is real: @kubernetes/client-node creates a namespace and a ConfigMap and
// sees the ConfigMap arrive through a watch; RBAC is on and the admin token works.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AuthorizationV1Api, CoreV1Api, VersionApi, Watch } from '@kubernetes/client-node';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';

let env: StackEnv;
before(async () => {
  env = await useStack({ servers: ['etcd', 'kube-apiserver'] });
});
after(() => env.cleanup());

test('the apiserver is Kubernetes v1.35 (the client-node OpenAPI version)', async () => {
  const version = await env.kubeConfig().makeApiClient(VersionApi).getCode();
  assert.equal(version.major, '1');
  assert.equal(version.minor, '35');
});

test('a ConfigMap created in a fresh namespace is seen through a watch', async () => {
  const kc = env.kubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const namespace = await env.createNamespace();
  assert.equal((await core.readNamespace({ name: namespace })).status?.phase, 'Active');

  const seen = new Promise<V1ConfigMap>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ADDED event within 20s')), 20_000);
    const watching = new Watch(kc).watch(
      `/api/v1/namespaces/${namespace}/configmaps`,
      { labelSelector: 'app=tributary-test' },
      (phase, obj: V1ConfigMap) => {
        if (phase === 'ADDED' && obj.metadata?.name === 'settings') {
          clearTimeout(timer);
          resolve(obj);
          void watching.then((ctl) => ctl.abort());
        }
      },
      (err: unknown) => {
        if (err && (err as Error).name !== 'AbortError') reject(err as Error);
      },
    );
    // Create only once the watch is established.
    watching
      .then(() =>
        core.createNamespacedConfigMap({
          namespace,
          body: { metadata: { name: 'settings', labels: { app: 'tributary-test' } }, data: { feed: 'on' } },
        }),
      )
      .catch(reject);
  });
  const cm = await seen;
  assert.deepEqual(cm.data, { feed: 'on' });
  const list = await core.listNamespacedConfigMap({ namespace, labelSelector: 'app=tributary-test' });
  assert.deepEqual(
    list.items.map((i) => i.metadata?.name),
    ['settings'],
  );
});

test('RBAC is on: the admin token may do anything, an anonymous user may not', async () => {
  const authz = env.kubeConfig().makeApiClient(AuthorizationV1Api);
  const self = await authz.createSelfSubjectAccessReview({
    body: { spec: { resourceAttributes: { verb: 'delete', resource: 'namespaces' } } },
  });
  assert.equal(self.status?.allowed, true);
  const other = await authz.createSubjectAccessReview({
    body: { spec: { user: 'someone', resourceAttributes: { verb: 'list', resource: 'secrets' } } },
  });
  assert.equal(other.status?.allowed, false);
});
