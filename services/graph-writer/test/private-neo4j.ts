// A Neo4j server of the test's own (own data dir and Bolt port), started the way the stack starts
// its server (the embedded launcher), so an outage test can stop and start it without touching the
// shared stack.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { waitFor, freePort, stopChild } from '@tributary/testkit';

export interface PrivateNeo4j {
  url: string;
  start(): Promise<void>;
  /** SIGTERM: the server shuts down; connections are closed and new ones refused. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

export async function privateNeo4j(launcher: string): Promise<PrivateNeo4j> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-neo4j-outage-'));
  const port = await freePort();
  const url = `bolt://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const answers = async () => {
    const d = neo4j.driver(url, undefined, { connectionTimeout: 1000, maxConnectionPoolSize: 1 });
    try {
      const s = d.session();
      try {
        await s.run('RETURN 1');
        return true;
      } finally {
        await s.close();
      }
    } finally {
      await d.close();
    }
  };
  const self: PrivateNeo4j = {
    url,
    async start() {
      child = spawn(
        launcher,
        ['--data', join(dir, 'data'), '--bolt-port', String(port), '--host', '127.0.0.1'],
        {
          stdio: 'ignore',
          env: { ...process.env, NEO4J_JAVA_OPTS: '-Xms128m -Xmx512m -XX:+UseSerialGC' },
        },
      );
      await waitFor('private neo4j to answer', answers, 180_000, () => '', 500);
    },
    async stop() {
      await stopChild(child, 'SIGTERM');
    },
    async destroy() {
      await self.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}
