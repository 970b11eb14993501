// `tributary stack` lifecycle through the real CLI, on a throwaway state dir and shifted ports (so the
// shared stack of the test run is not disturbed): idempotent up, kill -9 shown by status and repaired
// by up, stale pid files cleaned by down, a clear error when a port is taken.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_PORTS, MAX_PORT_OFFSET, TRIBUTARY_BIN, offsetPorts } from '@tributary/stack';
import type { Ports } from '@tributary/stack';
import { ensureStack } from '@tributary/testkit';

const stateDir = mkdtempSync(join(tmpdir(), 'tributary-stack-lifecycle-'));
let ports: Ports;
let offset = 0;

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A random port offset whose ports clash with neither the default stack nor anything listening. */
async function pickOffset(): Promise<number> {
  const taken = new Set(Object.values(DEFAULT_PORTS));
  for (let i = 0; i < 50; i++) {
    // Multiples of 10 in [1000, MAX_PORT_OFFSET]: away from the shifts stacks pick for themselves.
    const candidate = 1000 + 10 * Math.floor(Math.random() * ((MAX_PORT_OFFSET - 1000) / 10 + 1));
    const shifted = Object.values(offsetPorts(candidate));
    if (shifted.some((p) => taken.has(p))) continue;
    if ((await Promise.all(shifted.map(portFree))).every(Boolean)) return candidate;
  }
  throw new Error('no free port offset found');
}

function cli(...args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, [TRIBUTARY_BIN, 'stack', ...args], {
    env: { ...process.env, TRIBUTARY_STACK_DIR: stateDir, TRIBUTARY_STACK_PORT_OFFSET: String(offset) },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function natsPid(status: string): number {
  const m = /^nats\s+(\d+)\s/m.exec(status);
  assert.ok(m, status);
  return Number(m[1]);
}

before(async () => {
  await ensureStack(['nats']); // builds nats-server when missing, outside this test's timing
  offset = await pickOffset();
  ports = offsetPorts(offset);
});
after(() => {
  cli('down');
  rmSync(stateDir, { recursive: true, force: true });
});

test('--help describes the subcommands', () => {
  const r = spawnSync(process.execPath, [TRIBUTARY_BIN, 'stack', '--help'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /up \[server\.\.\.\]/);
  assert.match(r.stdout, /TRIBUTARY_STACK_DIR/);
});

test('up starts a server on its shifted port; a second up is a no-op', () => {
  const first = cli('up', 'nats');
  assert.equal(first.code, 0, first.out);
  assert.match(first.out, /nats: ready/);
  const status = cli('status', 'nats');
  assert.equal(status.code, 0, status.out);
  assert.match(status.out, new RegExp(`^nats\\s+\\d+\\s+${ports.nats}\\s+healthy`, 'm'));

  const second = cli('up', 'nats');
  assert.equal(second.code, 0, second.out);
  assert.match(second.out, /nats: already running/);
  assert.equal(natsPid(cli('status', 'nats').out), natsPid(status.out));
});

test('env prints export lines for this state dir', () => {
  const r = cli('env');
  assert.equal(r.code, 0);
  assert.match(r.out, new RegExp(`^export NATS_URL=nats://127\\.0\\.0\\.1:${ports.nats}$`, 'm'));
  assert.match(r.out, new RegExp(`^export KUBECONFIG=${stateDir}/kubeconfig$`, 'm'));
  assert.match(r.out, /^export PATH=.*kubernetes-1\.35\.\d+\/bin:/m);
});

test('kill -9 is reported by status, and up restarts the server', async () => {
  const pid = natsPid(cli('status', 'nats').out);
  process.kill(pid, 'SIGKILL');
  await sleep(300);
  const dead = cli('status');
  assert.equal(dead.code, 1, dead.out);
  assert.match(dead.out, new RegExp(`^nats\\s+${pid}\\s+${ports.nats}\\s+dead`, 'm'));

  const up = cli('up', 'nats');
  assert.equal(up.code, 0, up.out);
  assert.match(up.out, /stale pid file\); restarting/);
  const again = cli('status', 'nats');
  assert.equal(again.code, 0, again.out);
  assert.notEqual(natsPid(again.out), pid);
});

test('down stops the server; a stale pid file is cleaned up', () => {
  const pid = natsPid(cli('status', 'nats').out);
  const down = cli('down');
  assert.equal(down.code, 0, down.out);
  assert.match(down.out, new RegExp(`nats: stopped \\(pid ${pid}\\)`));
  const status = cli('status', 'nats');
  assert.equal(status.code, 1);
  assert.match(status.out, /^nats\s+-\s+\d+\s+stopped/m);

  writeFileSync(join(stateDir, 'run', 'nats.pid'), '999999999\n');
  assert.match(cli('status', 'nats').out, /dead/);
  assert.match(cli('down', 'nats').out, /removed stale pid file/);
  assert.match(cli('status', 'nats').out, /stopped/);
});

test('up fails clearly when the port is taken by a process it did not start', async () => {
  const squatter = createServer().listen(ports.nats, '127.0.0.1');
  await new Promise((resolve) => squatter.once('listening', resolve));
  try {
    const r = cli('up', 'nats');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, new RegExp(`port ${ports.nats} is already in use`));
  } finally {
    squatter.close();
  }
});

test('unknown servers and subcommands are usage errors', () => {
  assert.equal(cli('up', 'mysql').code, 2);
  assert.equal(cli('restart').code, 2);
});
