/**
 * Schema-driven fuzzing of the running API with Schemathesis: generated requests for every
 * operation (valid and invalid), as an admin so every operation is reachable. The server validates
 * its own responses against the spec in tests, so spec drift also shows up as a 5xx. Zero 5xx allowed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapAdmin, startTestApi } from './harness.ts';
import type { Session, TestApi } from './harness.ts';
import { ensureSchemathesis } from './schemathesis.ts';

let api: TestApi;
let admin: Session;

before(async () => {
  api = await startTestApi();
  admin = await bootstrapAdmin(api);
});
after(async () => api?.close());

test('schemathesis finds no server error in any operation', async () => {
  const bin = await ensureSchemathesis();
  const reportDir = await mkdtemp(join(tmpdir(), 'fuzz-'));
  const junit = join(reportDir, 'junit.xml');
  const args = [
    'run',
    `${api.url}/openapi.json`,
    '--url',
    api.url,
    '--checks',
    'not_a_server_error',
    '--header',
    `Authorization: Bearer ${admin.accessToken}`,
    '--max-examples',
    process.env.TRIBUTARY_FUZZ_EXAMPLES ?? '20',
    '--seed',
    '20261122',
    '--request-timeout',
    '20',
    '--suppress-health-check',
    'all',
    // Login callbacks need the provider's redirect; logout would end the admin's session family.
    '--exclude-path-regex',
    '/callback$|/auth/logout$',
    '--report',
    'junit',
    '--report-junit-path',
    junit,
    '--no-color',
  ];
  const result = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile(bin, args, { timeout: 480_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
  const xml = await readFile(junit, 'utf8').catch(() => '');
  const cases = (xml.match(/<testcase /g) ?? []).length;
  assert.ok(cases >= 20, `schemathesis ran only ${cases} operations:\n${result.out.slice(-3000)}`);
  assert.equal(result.code, 0, result.out.slice(-6000));
});
