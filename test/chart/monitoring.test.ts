// The monitoring objects, checked by the upstream code that reads them (test/chart/monitoringcheck):
// ServiceMonitor/PrometheusRule strictly decoded into the Prometheus Operator's monitoring/v1 types,
// every alert and dashboard query parsed by Prometheus's PromQL parser.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { CommandError, buildGoChecker, chartDir, helmTemplate, run, valuesFiles } from './tools.ts';

const DASHBOARD = join(chartDir, 'dashboards/tributary.json');
const MONITORING = [
  '--api-versions',
  'monitoring.coreos.com/v1/ServiceMonitor',
  '--api-versions',
  'monitoring.coreos.com/v1/PrometheusRule',
];
let check: string;
const tmp = mkdtempSync(join(tmpdir(), 'monitoring-'));

before(async () => {
  check = await buildGoChecker('monitoringcheck');
});

for (const { name, file } of valuesFiles) {
  test(`${name}: ServiceMonitor, alert rules and dashboard queries are valid`, async () => {
    const rendered = join(tmp, `${name}.yaml`);
    writeFileSync(rendered, await helmTemplate(file, 'tributary', MONITORING));
    const { stdout } = await run(check, [rendered, DASHBOARD]);
    const counts = JSON.parse(stdout) as { serviceMonitors: number; rules: number; dashboardExprs: number };
    assert.equal(counts.serviceMonitors, 1);
    assert.ok(counts.rules >= 7, `rules: ${counts.rules}`);
    assert.ok(counts.dashboardExprs >= 15, `dashboard queries: ${counts.dashboardExprs}`);
  });
}

test('a broken expression or an unknown field is an error', async () => {
  const cases: [string, RegExp][] = [
    [
      'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: { name: x }\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: A\n          expr: rate(foo[5m]\n',
      /rule g\/A/,
    ],
    [
      'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: { name: x }\nspec:\n  endpoint: []\n',
      /ServiceMonitor: .*unknown field "endpoint"/,
    ],
  ];
  for (const [doc, msg] of cases) {
    const f = join(tmp, 'bad.yaml');
    writeFileSync(f, doc);
    await assert.rejects(
      run(check, [f, DASHBOARD]),
      (e: unknown) => e instanceof CommandError && msg.test(e.stderr),
    );
  }
});
