import { parseCommandArgs } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { collectStats } from './stats/collect.ts';
import { DEMO_NAMESPACE } from './up/plan.ts';
import { platformDown, platformStatus, platformUp } from './up/up.ts';
import { allHealthy, formatStatus } from '@tributary/stack';
import { formatStats } from './stats/model.ts';

export const up: CommandModule = {
  usage: `usage: tributary up

Runs the whole platform locally on real servers: the stack (etcd, kube-apiserver, PostgreSQL,
NATS JetStream, Neo4j), database migrations, the Feed CRD, the store/graph/enrich workers, the
operator, the local job runner, the API and a bundled sample feed server with sample Feeds in
namespace ${DEMO_NAMESPACE}. Returns once everything is ready and prints the URLs; running it again
keeps what runs and restarts what died. Logs: <stack dir>/logs/. Stop with \`tributary down\`.`,
  async run(argv) {
    parseCommandArgs(argv, {}, false);
    await platformUp((line) => console.log(line));
    return 0;
  },
};

export const down: CommandModule = {
  usage: `usage: tributary down

Stops what \`tributary up\` started: the platform's processes, then the stack's servers.`,
  async run(argv) {
    parseCommandArgs(argv, {}, false);
    await platformDown((line) => console.log(line));
    return 0;
  },
};
export const status: CommandModule = {
  usage: `usage: tributary status

What \`tributary up\` runs and how it is: the stack's servers, then the platform's processes (the
store/graph/enrich workers, the operator, the local job runner, the API, the sample feed server)
with pid, port, health (readiness URL) and log file. Exits 1 unless everything is healthy.`,
  async run(argv) {
    parseCommandArgs(argv, {}, false);
    const { servers, processes } = await platformStatus();
    console.log(`${formatStatus(servers)}\n\n${formatStatus(processes, 'PROCESS')}`);
    return allHealthy([...servers, ...processes]) ? 0 : 1;
  },
};

export { replay } from './replay/command.ts';

export const stats: CommandModule = {
  usage: `usage: tributary stats [--json]

Counts feeds, items and entities in PostgreSQL and Neo4j, and the state of every stream and
consumer (messages, pending, ack pending, redelivered) plus the dead-letter count.
Reads DATABASE_URL, NEO4J_URL, NATS_URL (and TRIBUTARY_NATS_PREFIX). Exits 1 when a source
cannot be read (the others are still printed).`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } }, false);
    const s = await collectStats();
    console.log(values.json ? JSON.stringify(s, null, 2) : formatStats(s));
    for (const [source, reason] of Object.entries(s.errors))
      console.error(`tributary stats: ${source}: ${reason}`);
    return Object.keys(s.errors).length > 0 ? 1 : 0;
  },
};
