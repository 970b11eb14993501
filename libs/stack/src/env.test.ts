import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from './config.ts';
import { loadVersions } from './versions.ts';
import {
  CLI_BIN_DIR,
  prependPath,
  renderEnv,
  shellQuote,
  stackEnvCommand,
  stackEnvVars,
  stackUrls,
} from './env.ts';

const cfg = resolveConfig({ HOME: '/h', TRIBUTARY_STACK_DIR: '/s', TRIBUTARY_NODE: '0' }, loadVersions(), {
  isRoot: false,
  storedJson: undefined,
});

test('stack URLs point at the loopback ports and the tributary database', () => {
  assert.deepEqual(stackUrls(cfg), {
    KUBECONFIG: '/s/kubeconfig',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:25432/tributary',
    NATS_URL: 'nats://127.0.0.1:24222',
    NEO4J_URL: 'bolt://127.0.0.1:27687',
  });
});

test('PATH puts kubectl, helm and node first, without duplicates', () => {
  const vars = stackEnvVars(cfg, '/usr/bin:/h/.cache/tributary/tools/helm-3.22.0/bin:/bin');
  const dirs = vars.PATH!.split(':');
  assert.equal(dirs[0], '/h/.cache/tributary/tools/kubernetes-1.35.4/bin');
  assert.equal(dirs[1], '/h/.cache/tributary/tools/helm-3.22.0/bin');
  assert.equal(dirs[2], '/h/.cache/tributary/tools/node-24.21.0/bin');
  assert.ok(dirs.includes(CLI_BIN_DIR), 'tributary itself is on PATH after eval');
  assert.equal(new Set(dirs).size, dirs.length);
  assert.ok(dirs.includes('/usr/bin'));
  assert.equal(prependPath(['/a'], prependPath(['/a'], '/b')), '/a:/b');
});

test('renderEnv prints eval-able export lines', () => {
  assert.equal(shellQuote('/plain/path:x'), '/plain/path:x');
  assert.equal(shellQuote("it's here"), `'it'\\''s here'`);
  assert.equal(renderEnv({ A: '1', B: 'x y' }), "export A=1\nexport B='x y'");
  const text = renderEnv(stackEnvVars(cfg, '/usr/bin'));
  for (const key of ['KUBECONFIG', 'DATABASE_URL', 'NATS_URL', 'NEO4J_URL', 'PATH']) {
    assert.match(text, new RegExp(`^export ${key}=`, 'm'));
  }
});

test('the printed env command works in a fresh shell and puts tributary on PATH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stack-env-'));
  try {
    const cmd = stackEnvCommand(process.execPath, join(dir, 'state'));
    assert.match(cmd, /^TRIBUTARY_STACK_DIR=\S+ \S+node \S+\/bin\/tributary\.js stack env$/);
    // A login-less shell: no project Node, no tributary on PATH.
    const out = execFileSync(
      '/bin/bash',
      ['-c', `eval "$(${cmd})" && command -v tributary && echo "$TRIBUTARY_STACK_DIR" && echo "$PATH"`],
      { env: { PATH: '/usr/bin:/bin', HOME: dir }, encoding: 'utf8' },
    ).split('\n');
    assert.equal(out[0], join(CLI_BIN_DIR, 'tributary'));
    assert.equal(out[1], join(dir, 'state'));
    const dirs = (out[2] ?? '').split(':');
    assert.equal(new Set(dirs).size, dirs.length, 'no PATH entry twice');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
