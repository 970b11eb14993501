/** The `tributary operator` and `tributary feed run` commands. */
import type { CommandModule } from '@tributary/command';
import { parseCommandArgs, shutdownSignal, splitNsName, UsageError } from '@tributary/command';
import { natsConfigFromEnv } from '@tributary/events';
import { KubeClient } from '@tributary/k8s';
import { createLogger } from '@tributary/log';
import { operatorConfigFromEnv } from './config.ts';
import { startOperator } from './operator.ts';
import type { FeedStatus } from '@tributary/feed-api';
import { triggerFeedRun } from '@tributary/feed-api';
import { statusLine, waitForJob, waitForRequestedRun, waitForRunStatus } from './feed/run.ts';

/** Runs `fn` on abort — at once if the signal already fired (a SIGTERM during startup). */
function onAbort(signal: AbortSignal, fn: () => void): void {
  if (signal.aborted) fn();
  else signal.addEventListener('abort', fn, { once: true });
}

function intFlag(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer in [${min}, ${max}]`);
  return n;
}

export const operator: CommandModule = {
  usage: `usage: tributary operator [options]

Runs the Feed controller against $KUBECONFIG (or the in-cluster service account).

  --namespace NS        watch only this namespace (repeatable; default all; env TRIBUTARY_WATCH_NAMESPACES)
  --workers N           concurrent reconciles (default 4; env TRIBUTARY_OPERATOR_WORKERS)
  --metrics-port PORT   /metrics, /healthz, /readyz (default 9090; env TRIBUTARY_METRICS_PORT)
  --no-apply-crd        do not apply the Feed CRD at start (env TRIBUTARY_OPERATOR_APPLY_CRD=false)
  --no-leader-election  reconcile without a Lease (single replica; env TRIBUTARY_LEADER_ELECTION=false)
  --no-status-feedback  do not consume feed.fetched events (env TRIBUTARY_STATUS_FEEDBACK=false)
  --no-start-runs       never create Jobs itself (first fetch of a new Feed or URL, retries of failed
                        runs); failed runs still show on the Feed (env TRIBUTARY_OPERATOR_START_RUNS=false)
  --kubeconfig FILE     instead of $KUBECONFIG`,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      {
        namespace: { type: 'string', multiple: true },
        workers: { type: 'string' },
        'metrics-port': { type: 'string' },
        'no-apply-crd': { type: 'boolean' },
        'no-leader-election': { type: 'boolean' },
        'no-status-feedback': { type: 'boolean' },
        'no-start-runs': { type: 'boolean' },
        kubeconfig: { type: 'string' },
      },
      false,
    );
    const config = operatorConfigFromEnv();
    if (values.namespace?.length) config.namespaces = values.namespace;
    config.workers = intFlag(values.workers, 'workers', 1, 64) ?? config.workers;
    config.metricsPort = intFlag(values['metrics-port'], 'metrics-port', 0, 65535) ?? config.metricsPort;
    if (values['no-apply-crd']) config.applyCrd = false;
    if (values['no-leader-election']) config.leaderElection = false;
    if (values['no-status-feedback']) config.statusFeedback = false;
    if (values['no-start-runs']) config.startRuns = false;
    const log = createLogger('operator');
    const client = KubeClient.fromEnvironment(values.kubeconfig);
    const signal = shutdownSignal();
    const handle = await startOperator({ client, config, nats: natsConfigFromEnv(), log });
    log.info('operator started', {
      identity: config.identity,
      metricsPort: handle.metricsPort,
      namespaces: config.namespaces.length ? config.namespaces : 'all',
    });
    onAbort(signal, () => void handle.stop());
    await handle.done;
    log.info('operator stopped');
    return 0;
  },
};

export const feedRun: CommandModule = {
  usage: `usage: tributary feed run NAMESPACE/NAME [--wait] [--timeout SECONDS] [--no-force]

Creates a Job from the Feed's CronJob now (like kubectl create job --from=cronjob/...); the job
fetches even if the feed is backing off (--force) unless --no-force. Prints the Job name.

  --wait             wait for the Job to finish and its outcome to be on the Feed status (then
                     print it); exit 1 if the Job failed
  --timeout SECONDS  with --wait, for both (default 120)`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      wait: { type: 'boolean' },
      timeout: { type: 'string' },
      'no-force': { type: 'boolean' },
      kubeconfig: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one NAMESPACE/NAME');
    const { namespace, name } = splitNsName(positionals[0]);
    const timeout = intFlag(values.timeout, 'timeout', 1, 86_400) ?? 120;
    const client = KubeClient.fromEnvironment(values.kubeconfig);
    let before: FeedStatus | undefined;
    const run = await triggerFeedRun(client, namespace, name, {
      force: !values['no-force'],
      onFeed: (f) => (before = f.status),
    });
    if (run.kind === 'requested') {
      process.stdout.write(`feed ${namespace}/${name}: run requested (the ingest worker pool fetches it)\n`);
      if (!values.wait) return 0;
      const feed = await waitForRequestedRun(client, namespace, name, run.requestedAt, timeout * 1000);
      process.stdout.write(`${statusLine(feed)}\n`);
      return 0;
    }
    const job = run.job;
    process.stdout.write(`job.batch/${job.metadata.name} created\n`);
    if (!values.wait) return 0;
    const deadline = Date.now() + timeout * 1000;
    const ok = await waitForJob(client, namespace, job.metadata.name, timeout * 1000);
    process.stdout.write(`job.batch/${job.metadata.name} ${ok ? 'succeeded' : 'failed'}\n`);
    const feed = await waitForRunStatus(
      client,
      namespace,
      name,
      job.metadata.name,
      before,
      Math.max(1000, deadline - Date.now()),
    );
    process.stdout.write(`${statusLine(feed)}\n`);
    return ok ? 0 : 1;
  },
};
