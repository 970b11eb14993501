/**
 * The chart values of the local install (pure): the product and dev-dependency images from the
 * local image store (never pulled), the ingress on the node's Traefik for any host, NetworkPolicies
 * that name the node's ingress namespace and apiserver address, the sample feed server, and the
 * demo namespace as a Feed namespace. `tributary up` and the tests that install the chart use it.
 */
import { DEMO_NAMESPACE } from '../up/plan.ts';

export interface LocalInstallInput {
  /** `repository:tag` of the product image in the node's containerd. */
  productImage: string;
  devImages: { nats: string; postgres: string; neo4j: string };
  /** The apiserver as pods reach it after kube-proxy's DNAT (its address and port), plus 443. */
  apiServer: { ip: string; port: number };
  /** Namespace of the node's ingress controller, and its IngressClass. */
  ingress: { namespace: string; className: string };
  /** Secret (in the release namespace) with the API's signing keys, kept across restarts. */
  jwksSecret: string;
  adminEmails: string[];
  /** Namespaces besides the release's where Feeds live. */
  feedNamespaces?: string[];
}

const image = (ref: string) => {
  const at = ref.lastIndexOf(':');
  return { repository: ref.slice(0, at), tag: ref.slice(at + 1), pullPolicy: 'Never' };
};

export function localChartValues(input: LocalInstallInput) {
  const dev = (name: keyof LocalInstallInput['devImages']) => ({
    enabled: true,
    image: image(input.devImages[name]),
  });
  return {
    image: { registry: '', ...image(input.productImage) },
    logLevel: 'info',
    // One of each: the node has two cores; upgrades still surge a new pod before the old one goes.
    operator: { replicaCount: 1 },
    api: {
      replicaCount: 1,
      adminEmails: input.adminEmails,
      auth: { jwt: { existingSecret: input.jwksSecret, allowEphemeralKeys: false } },
    },
    // Local feeds (the sample server) live on pod addresses.
    ingest: { allowPrivateNetworks: true },
    feedNamespaces: input.feedNamespaces ?? [DEMO_NAMESPACE],
    ingress: { enabled: true, className: input.ingress.className, hosts: [''] },
    networkPolicy: {
      ingressController: {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': input.ingress.namespace } },
        podSelector: {},
      },
      kubeAPIServer: { cidrs: [`${input.apiServer.ip}/32`], ports: [443, input.apiServer.port] },
    },
    dev: { nats: dev('nats'), postgres: dev('postgres'), neo4j: dev('neo4j'), samples: { enabled: true } },
  };
}
