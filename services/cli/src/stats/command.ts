import { parseCommandArgs } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { collectStats } from './collect.ts';
import { formatStats } from './model.ts';

export const stats: CommandModule = {
  usage: `usage: tributary stats [--json]

Counts feeds, items and entities in PostgreSQL and Neo4j, the state of every stream and consumer
(messages, pending, ack pending, redelivered, whether a worker is attached) and the dead-letter
count. Reads DATABASE_URL, NEO4J_URL, NATS_URL (and TRIBUTARY_NATS_PREFIX).

A source that cannot be read within 5 s is printed as "unavailable: <reason>" (null in --json, the
reason under "errors"), never as zeros. Exit status: 0 when at least one source answered (check for
"unavailable"); 1, with one line on stderr, when none did.`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } }, false);
    const s = await collectStats();
    const failed = (['postgres', 'neo4j', 'nats'] as const).filter((k) => s.errors[k] !== undefined);
    if (failed.length === 3) {
      console.error(
        `tributary stats: nothing reachable: ${failed.map((k) => `${k}: ${s.errors[k]}`).join('; ')}`,
      );
      return 1;
    }
    console.log(values.json ? JSON.stringify(s, null, 2) : formatStats(s));
    return 0;
  },
};
