// Standalone fixture server: `node libs/fixture-server/src/main.ts [--port N] [--feeds N] [--items M]`.
import { parseArgs } from 'node:util';
import { startFixtureServer } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    feeds: { type: 'string' },
    items: { type: 'string' },
    host: { type: 'string' },
  },
});
const server = await startFixtureServer({
  port: Number(values.port ?? 0),
  feeds: Number(values.feeds ?? 3),
  items: Number(values.items ?? 20),
  host: values.host ?? '127.0.0.1',
});
console.log(`fixture feeds at ${server.url}/opml`);
for (const sig of ['SIGTERM', 'SIGINT'] as const)
  process.once(sig, () => void server.close().then(() => process.exit(0)));
