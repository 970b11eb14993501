// The GitHub Actions workflow: actionlint (built from the Go module proxy) finds nothing, it runs
// `make test` through .ci/run, and tags build + push the image and the chart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { ensureGoTool, repoRoot, run } from './tools.ts';

const WORKFLOW = join(repoRoot, '.github/workflows/ci.yaml');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { push: { tags: string[] }; pull_request: unknown };
  jobs: Record<string, { if?: string; needs?: string; steps: Step[] }>;
}

test('actionlint: the workflow is valid', async () => {
  const actionlint = await ensureGoTool('actionlint', 'github.com/rhysd/actionlint/cmd/actionlint', '1.7.12');
  // shellcheck off: not every machine has it, and the result must not depend on that.
  const { stdout } = await run(actionlint, ['-shellcheck=', '-pyflakes=', WORKFLOW]);
  assert.equal(stdout.trim(), '');
});

test('push/PR runs make test; a version tag builds and pushes the image and the chart', () => {
  const wf = parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;
  assert.ok(wf.on.pull_request !== undefined && wf.on.push.tags.includes('v*.*.*'));
  assert.ok(wf.jobs.test!.steps.some((s) => s.run === 'bash .ci/run'));
  const release = wf.jobs.release!;
  assert.equal(release.needs, 'test');
  assert.match(release.if ?? '', /refs\/tags\/v/);
  const build = release.steps.find((s) => s.uses?.startsWith('docker/build-push-action@'));
  assert.equal(build?.with?.push, true);
  const chart = release.steps.find((s) => s.run?.includes('helm package'));
  assert.match(chart?.run ?? '', /helm push/);
});
