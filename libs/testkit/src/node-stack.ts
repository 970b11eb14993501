// A stack with the real node (containerd, kubelet, controllers, add-ons) for the tests that need
// pods (see loadNodeStackConfig); `tributary down` stops it with the shared stack.
import { NODE_SERVER_NAMES, kubectl, loadNodeStackConfig, stackUp, stackUrls } from '@tributary/stack';
import type { StackConfig } from '@tributary/stack';
import { suiteId } from './names.ts';
import { waitFor } from './wait.ts';

let shared: Promise<StackConfig> | undefined;

/** Starts or reuses the node stack (TRIBUTARY_NODE_STACK_DIR, default <cache>/node-stack). */
export function ensureNodeStack(): Promise<StackConfig> {
  shared ??= (async () => {
    const cfg = loadNodeStackConfig();
    const log = process.env.TRIBUTARY_TESTKIT_QUIET
      ? () => {}
      : (line: string) => console.error(`# node stack: ${line}`);
    await stackUp(cfg, ['etcd', 'kube-apiserver', ...NODE_SERVER_NAMES], log);
    return cfg;
  })();
  shared.catch(() => (shared = undefined));
  return shared;
}

export interface NodeStackEnv {
  readonly config: StackConfig;
  readonly kubeconfig: string;
  /** kubectl as the stack's admin; rejects with kubectl's stderr. */
  kubectl(args: string[], input?: string): Promise<string>;
  /** A namespace for this suite (labels optional), deleted by cleanup. */
  createNamespace(labels?: Record<string, string>): Promise<string>;
  /** Deletes this suite's namespaces and waits until the namespace controller has finished them. */
  cleanup(): Promise<void>;
}

export async function useNodeStack(): Promise<NodeStackEnv> {
  const config = await ensureNodeStack();
  const id = suiteId();
  const namespaces: string[] = [];
  const run = (args: string[], input?: string): Promise<string> => kubectl(config, args, input);
  return {
    config,
    kubeconfig: stackUrls(config).KUBECONFIG,
    kubectl: run,
    async createNamespace(labels = {}) {
      const name = `tx-${id}-${namespaces.length + 1}`.toLowerCase();
      const meta = { name, labels: { 'tributary.dev/test-suite': id, ...labels } };
      await run(
        ['apply', '-f', '-'],
        JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: meta }),
      );
      // The ServiceAccount controller creates `default`; pods are refused until it exists.
      await waitFor(
        `ServiceAccount default in ${name}`,
        () => run(['get', 'serviceaccount', 'default', '-n', name]),
        30_000,
      );
      namespaces.push(name);
      return name;
    },
    async cleanup() {
      const nss = namespaces.splice(0);
      if (nss.length === 0) return;
      await run(['delete', 'namespace', '--wait=true', '--timeout=180s', ...nss]);
    },
  };
}
