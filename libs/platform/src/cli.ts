import { parseCommandArgs } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { platformDown, platformStatus, platformUp } from './up/up.ts';
import { allHealthy, formatStatus, loadNodeStackConfig, repoRoot } from '@tributary/stack';
import { skaffoldDev } from './dev/skaffold.ts';
import { DEMO_NAMESPACE, PLATFORM_NAMESPACE, PLATFORM_RELEASE } from './up/plan.ts';

export const up: CommandModule = {
  usage: `usage: tributary up

Runs the platform as users run it, on a local Kubernetes node: starts the stack's control plane,
node and add-ons (CoreDNS, kube-router, local-path storage, Traefik), builds the images into the
node's containerd (no registry), and installs charts/tributary with \`helm upgrade --install\`
into namespace tributary (dev NATS, PostgreSQL and Neo4j on provisioned volumes, the sample feed
server) with sample Feeds in ${DEMO_NAMESPACE}. Prints the ingress URL and what to try next.
Running it again is an upgrade. Needs root; elsewhere use \`make dev\` (kind + Docker).`,
  async run(argv) {
    parseCommandArgs(argv, {}, false);
    await platformUp((line) => console.log(line));
    return 0;
  },
};

export const dev: CommandModule = {
  usage: `usage: tributary dev [skaffold dev flags...]

The developer loop on the local node: \`tributary up\`, then \`skaffold dev -p local\` on its
release. Each change under bin/, libs/, operator/ or services/ rebuilds the product image (podman,
loaded into the node's containerd) and upgrades the release, which rolls the Deployments; the
change answers through the ingress. Ctrl-C stops the loop and leaves the platform running
(\`make up\` puts the release back on the dev image, \`make down\` removes it). With Docker, \`make
dev\` runs kind + skaffold instead.`,
  async run(argv) {
    const log = (line: string) => console.log(line);
    await platformUp(log);
    log('==> skaffold dev -p local (Ctrl-C stops the loop; the platform stays up)');
    const loop = await skaffoldDev({
      cfg: loadNodeStackConfig(),
      release: { name: PLATFORM_RELEASE, namespace: PLATFORM_NAMESPACE },
      workdir: repoRoot,
      args: argv,
    });
    // skaffold gets Ctrl-C from the terminal itself; a SIGTERM is passed on.
    const onSignal = () => void loop.stop();
    process.once('SIGINT', () => undefined);
    process.once('SIGTERM', onSignal);
    return loop.exited;
  },
};

export const down: CommandModule = {
  usage: `usage: tributary down

Uninstalls the release (its volumes stay), stops the local cluster, then the tests' stack of host
servers if there is one.`,
  async run(argv) {
    parseCommandArgs(argv, {}, false);
    await platformDown((line) => console.log(line));
    return 0;
  },
};
export const status: CommandModule = {
  usage: `usage: tributary status

What \`tributary up\` runs and how it is: the local cluster's servers, then the release's pods (ready,
or why not: waiting reason, restarts). Exits 1 unless everything is healthy.`,
  async run(argv) {
    parseCommandArgs(argv, {}, false);
    const { servers, pods } = await platformStatus();
    console.log(
      `${formatStatus(servers)}\n\n${pods.length > 0 ? formatStatus(pods, 'POD') : 'no pods (run: make up)'}`,
    );
    return pods.length > 0 && allHealthy([...servers, ...pods]) ? 0 : 1;
  },
};
