// The local images' tags: one place, used by the builder, the node's containerd and the add-ons.
import type { StackConfig } from '../config.ts';

/** The sandbox ("pause") image every pod starts with. */
export const PAUSE_IMAGE = 'localhost/pause:3.10-local';
/** Static busybox: local-path-provisioner's helper pods, and tests. */
export const BUSYBOX_IMAGE = 'localhost/busybox:local';
export const DEBIAN_IMAGE = 'localhost/debian:bookworm-slim';
export const PRODUCT_IMAGE = 'localhost/tributary:dev';

/**
 * The name skaffold deploys a local build under (its LocalDaemon.TagWithImageID): the repository
 * with the image id as tag, since Kubernetes takes neither an image id nor `name@id` as an image.
 */
export function imageIdTag(ref: string, imageId: string): string {
  const name = ref.split('@')[0]!;
  const colon = name.lastIndexOf(':');
  const repository = colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
  return `${repository}:${imageId.replace(/^sha256:/, '')}`;
}

/** Add-on images, from the binaries in the tool cache; the keys are the manifests' placeholders. */
export const ADDON_IMAGES = (cfg: StackConfig) =>
  ({
    IMAGE_COREDNS: `localhost/coredns:${cfg.versions.coredns}`,
    IMAGE_KUBE_ROUTER: `localhost/kube-router:${cfg.versions.kubeRouter}`,
    IMAGE_LOCAL_PATH_PROVISIONER: `localhost/local-path-provisioner:${cfg.versions.localPathProvisioner}`,
    IMAGE_TRAEFIK: `localhost/traefik:${cfg.versions.traefik}`,
  }) as const;

/**
 * The chart's dev dependencies (values `dev.*.image`), built from the same tools the host stack
 * runs: nats-server from the Go proxy, PostgreSQL from Debian, Neo4j from Maven Central's jars.
 */
export const DEV_IMAGES = (cfg: StackConfig) =>
  ({
    nats: `localhost/nats:${cfg.versions.natsServer}`,
    postgres: `localhost/postgres:${cfg.versions.postgresMajor}`,
    neo4j: `localhost/neo4j:${cfg.versions.neo4j}`,
  }) as const;
