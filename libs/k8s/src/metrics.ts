/**
 * Prometheus metrics for controllers, named as controller-runtime names them so existing
 * dashboards and alerts work: controller_runtime_reconcile_*, workqueue_*, rest_client_requests_total,
 * leader_election_master_status, plus informer watch restarts.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { KubeClient } from './client.ts';
import type { QueueMetrics } from './workqueue.ts';

export interface ControllerMetrics {
  registry: Registry;
  reconcileTotal: Counter<'controller' | 'result'>;
  reconcileErrors: Counter<'controller'>;
  reconcileTime: Histogram<'controller'>;
  activeWorkers: Gauge<'controller'>;
  maxConcurrentReconciles: Gauge<'controller'>;
  watchRestarts: Counter<'resource' | 'reason'>;
  leader: Gauge<'name'>;
  queue(name: string): QueueMetrics;
  instrumentClient(client: KubeClient): void;
}

export function createControllerMetrics(registry = new Registry()): ControllerMetrics {
  const r = [registry];
  const depth = new Gauge({
    name: 'workqueue_depth',
    help: 'Current depth of workqueue',
    labelNames: ['name'],
    registers: r,
  });
  const adds = new Counter({
    name: 'workqueue_adds_total',
    help: 'Total number of adds handled by workqueue',
    labelNames: ['name'],
    registers: r,
  });
  const retries = new Counter({
    name: 'workqueue_retries_total',
    help: 'Total number of retries handled by workqueue',
    labelNames: ['name'],
    registers: r,
  });
  const buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60];
  const latency = new Histogram({
    name: 'workqueue_queue_duration_seconds',
    help: 'How long an item stays in workqueue before being requested',
    labelNames: ['name'],
    buckets,
    registers: r,
  });
  const work = new Histogram({
    name: 'workqueue_work_duration_seconds',
    help: 'How long processing an item from workqueue takes',
    labelNames: ['name'],
    buckets,
    registers: r,
  });
  const requests = new Counter({
    name: 'rest_client_requests_total',
    help: 'Number of HTTP requests to the Kubernetes API, partitioned by status code and method',
    labelNames: ['code', 'method'],
    registers: r,
  });
  return {
    registry,
    reconcileTotal: new Counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Total number of reconciliations per controller',
      labelNames: ['controller', 'result'],
      registers: r,
    }),
    reconcileErrors: new Counter({
      name: 'controller_runtime_reconcile_errors_total',
      help: 'Total number of reconciliation errors per controller',
      labelNames: ['controller'],
      registers: r,
    }),
    reconcileTime: new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Length of time per reconciliation per controller',
      labelNames: ['controller'],
      buckets,
      registers: r,
    }),
    activeWorkers: new Gauge({
      name: 'controller_runtime_active_workers',
      help: 'Number of currently used workers per controller',
      labelNames: ['controller'],
      registers: r,
    }),
    maxConcurrentReconciles: new Gauge({
      name: 'controller_runtime_max_concurrent_reconciles',
      help: 'Maximum number of concurrent reconciles per controller',
      labelNames: ['controller'],
      registers: r,
    }),
    watchRestarts: new Counter({
      name: 'tributary_informer_watch_restarts_total',
      help: 'Watch restarts by resource and reason (timeout, watchdog, gone, error)',
      labelNames: ['resource', 'reason'],
      registers: r,
    }),
    leader: new Gauge({
      name: 'leader_election_master_status',
      help: '1 while this process holds the leader Lease',
      labelNames: ['name'],
      registers: r,
    }),
    queue: (name) => ({
      add: () => adds.inc({ name }),
      retry: () => retries.inc({ name }),
      depth: (n) => depth.set({ name }, n),
      queueLatency: (s) => latency.observe({ name }, s),
      workDuration: (s) => work.observe({ name }, s),
    }),
    instrumentClient: (client) =>
      client.onResponse((method, code) => requests.inc({ method, code: String(code) })),
  };
}
