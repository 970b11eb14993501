/** Operator settings: defaults named in one place, read from the environment, overridable by flags. */
import type { V1ResourceRequirements } from '@kubernetes/client-node';
import { DEFAULT_PURGE_CONSUMERS } from './feed/purge.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type IngestMode = 'cronjob' | 'pooled';
export const INGEST_MODES: readonly IngestMode[] = ['cronjob', 'pooled'];

export interface IngestSettings {
  /** cronjob: a CronJob per Feed; pooled: the operator schedules, the ingest worker pool fetches. */
  mode: IngestMode;
  image: string;
  imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  configMap: string;
  serviceAccount: string;
  resources: V1ResourceRequirements;
}

export interface OperatorConfig {
  /** Watch these namespaces only; empty = all namespaces. */
  namespaces: string[];
  workers: number;
  applyCrd: boolean;
  leaderElection: boolean;
  leaseNamespace: string;
  leaseName: string;
  identity: string;
  metricsPort: number;
  /** Consume feed.fetched events and write Feed status (needs NATS). */
  statusFeedback: boolean;
  resyncMs: number;
  /**
   * FEEDS durables that purge a deleted Delete-policy Feed; the finalizer holds until each acked
   * feed.deleted. Empty: release once the event is stored (nothing waits for the stores).
   */
  purgeConsumers: string[];
  /** Start runs itself: the first fetch of a new Feed or URL, retries of runs that failed. */
  startRuns: boolean;
  ingest: IngestSettings;
}

export const DEFAULTS = {
  workers: 4, // reconciles are I/O bound; 4 keeps the apiserver busy without piling up on 2 cores
  metricsPort: 9090, // docs/configuration.md runtime contract
  leaseName: 'tributary-operator',
  resyncMs: 10 * 60_000, // controller-runtime's default SyncPeriod is 10 h; 10 min repairs drift sooner at zero write cost
  ingest: {
    mode: 'cronjob' as IngestMode, // docs/ingest-modes.md: the crossover in feeds × frequency
    image: 'ghcr.io/tributary-dev/tributary:latest',
    imagePullPolicy: 'IfNotPresent',
    configMap: 'tributary-ingest',
    serviceAccount: 'tributary-ingest',
    // One fetch + parse of a ≤15 MiB document (peaks near 240 MB): modest requests, a hard cap.
    resources: { requests: { cpu: '50m', memory: '96Mi' }, limits: { memory: '512Mi' } },
  },
} as const;

function bool(env: NodeJS.ProcessEnv, name: string, dflt: boolean): boolean {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(v)}`);
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number, min: number, max: number): number {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  return n;
}

export function operatorConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  let resources: V1ResourceRequirements = structuredClone(
    DEFAULTS.ingest.resources,
  ) as V1ResourceRequirements;
  if (env.TRIBUTARY_INGEST_RESOURCES) {
    try {
      resources = JSON.parse(env.TRIBUTARY_INGEST_RESOURCES) as V1ResourceRequirements;
    } catch {
      throw new ConfigError('TRIBUTARY_INGEST_RESOURCES must be JSON ResourceRequirements');
    }
  }
  const pull = env.TRIBUTARY_INGEST_IMAGE_PULL_POLICY ?? DEFAULTS.ingest.imagePullPolicy;
  if (pull !== 'Always' && pull !== 'IfNotPresent' && pull !== 'Never') {
    throw new ConfigError(
      `TRIBUTARY_INGEST_IMAGE_PULL_POLICY must be Always, IfNotPresent or Never, got ${pull}`,
    );
  }
  const mode = (env.TRIBUTARY_INGEST_MODE ?? DEFAULTS.ingest.mode) as IngestMode;
  if (!INGEST_MODES.includes(mode))
    throw new ConfigError(`TRIBUTARY_INGEST_MODE must be cronjob or pooled, got ${JSON.stringify(mode)}`);
  const host = env.POD_NAME ?? env.HOSTNAME ?? 'local';
  return {
    namespaces: (env.TRIBUTARY_WATCH_NAMESPACES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    workers: int(env, 'TRIBUTARY_OPERATOR_WORKERS', DEFAULTS.workers, 1, 64),
    applyCrd: bool(env, 'TRIBUTARY_OPERATOR_APPLY_CRD', true),
    leaderElection: bool(env, 'TRIBUTARY_LEADER_ELECTION', true),
    leaseNamespace: env.POD_NAMESPACE ?? 'default',
    leaseName: env.TRIBUTARY_LEASE_NAME ?? DEFAULTS.leaseName,
    identity: `${host}_${process.pid}`,
    metricsPort: int(env, 'TRIBUTARY_METRICS_PORT', DEFAULTS.metricsPort, 0, 65535),
    statusFeedback: bool(env, 'TRIBUTARY_STATUS_FEEDBACK', true),
    resyncMs: int(env, 'TRIBUTARY_RESYNC_SECONDS', DEFAULTS.resyncMs / 1000, 0, 86_400) * 1000,
    purgeConsumers: (env.TRIBUTARY_PURGE_CONSUMERS ?? DEFAULT_PURGE_CONSUMERS.join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    startRuns: bool(env, 'TRIBUTARY_OPERATOR_START_RUNS', true),
    ingest: {
      mode,
      image: env.TRIBUTARY_INGEST_IMAGE ?? DEFAULTS.ingest.image,
      imagePullPolicy: pull,
      configMap: env.TRIBUTARY_INGEST_CONFIGMAP ?? DEFAULTS.ingest.configMap,
      serviceAccount: env.TRIBUTARY_INGEST_SERVICE_ACCOUNT ?? DEFAULTS.ingest.serviceAccount,
      resources,
    },
  };
}
