// `tributary samples`: the sample feed server `tributary up` runs (an in-cluster Deployment on the
// local node), so a fresh install has feeds to ingest without reaching the internet.
import { UsageError, intSetting, parseCommandArgs, shutdownSignal } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { startFixtureServer } from './server.ts';

const usage = `usage: tributary samples [--port N] [--host ADDR] [--feeds N] [--items M]

Serves N generated feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1, RDF in turn) of M items each, with
an OPML list at /opml, until SIGTERM.
  --port   listening port (default 8080)
  --host   listening address (default 0.0.0.0)
  --feeds  number of feeds (default 4)
  --items  items per feed (default 25)`;

export const samples: CommandModule = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '0.0.0.0' },
      feeds: { type: 'string', default: '4' },
      items: { type: 'string', default: '25' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const number = (name: 'port' | 'feeds' | 'items', min: number, max: number) =>
      intSetting({ [`--${name}`]: values[name] }, `--${name}`, 0, min, max);
    const server = await startFixtureServer({
      port: number('port', 0, 65535),
      host: values.host,
      feeds: number('feeds', 1, 1000),
      items: number('items', 1, 10_000),
    });
    process.stdout.write(`sample feeds at ${server.url}/opml\n`);
    const stop = shutdownSignal();
    await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
    await server.close();
    return 0;
  },
};
