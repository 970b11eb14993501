// The chart's pod policy as a pure check over rendered manifests: the restricted Pod Security
// Standard (runAsNonRoot, no privilege escalation, drop ALL, seccomp RuntimeDefault) plus our own
// rules (read-only root filesystem, resources, probes on long-running containers).
import type { Manifest } from './tools.ts';

interface Probe {
  httpGet?: unknown;
  tcpSocket?: unknown;
  exec?: unknown;
  grpc?: unknown;
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
}
interface Container {
  name: string;
  securityContext?: SecurityContext;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  ports?: { hostPort?: number }[];
}
interface PodSpec {
  securityContext?: SecurityContext;
  containers: Container[];
  initContainers?: Container[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  volumes?: { hostPath?: unknown }[];
}

export interface Workload {
  /** kind/name */
  id: string;
  pod: PodSpec;
  /** Deployments and StatefulSets run forever and need probes; Jobs/CronJobs/Pods do not. */
  longRunning: boolean;
}

type Dig = Record<string, unknown>;
const dig = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((cur, p) => (cur && typeof cur === 'object' ? (cur as Dig)[p] : undefined), o);

/** Every pod template in the rendered manifests. */
export function workloads(manifests: Manifest[]): Workload[] {
  const out: Workload[] = [];
  for (const m of manifests) {
    const id = `${m.kind}/${m.metadata.name}`;
    const pod =
      m.kind === 'Pod'
        ? dig(m, 'spec')
        : m.kind === 'CronJob'
          ? dig(m, 'spec', 'jobTemplate', 'spec', 'template', 'spec')
          : ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(m.kind)
            ? dig(m, 'spec', 'template', 'spec')
            : undefined;
    if (pod)
      out.push({
        id,
        pod: pod as PodSpec,
        longRunning: ['Deployment', 'StatefulSet', 'DaemonSet'].includes(m.kind),
      });
  }
  return out;
}

/** Violations of the policy, as readable strings (empty: compliant). */
export function policyViolations(w: Workload): string[] {
  const v: string[] = [];
  const pod = w.pod;
  const podSc = pod.securityContext ?? {};
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) v.push(`${w.id}: uses host namespaces`);
  if ((pod.volumes ?? []).some((vol) => vol.hostPath)) v.push(`${w.id}: mounts a hostPath`);
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    const at = `${w.id} container ${c.name}`;
    const sc = c.securityContext ?? {};
    const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
    if (nonRoot !== true) v.push(`${at}: runAsNonRoot is not true`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) v.push(`${at}: runs as uid 0`);
    if (sc.allowPrivilegeEscalation !== false) v.push(`${at}: allowPrivilegeEscalation is not false`);
    if (sc.privileged) v.push(`${at}: privileged`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) v.push(`${at}: capabilities do not drop ALL`);
    const added = (sc.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) v.push(`${at}: adds capabilities ${added.join(',')}`);
    const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      v.push(`${at}: seccompProfile is not RuntimeDefault`);
    if (sc.readOnlyRootFilesystem !== true) v.push(`${at}: root filesystem is writable`);
    if ((c.ports ?? []).some((p) => p.hostPort)) v.push(`${at}: uses a hostPort`);
    const req = c.resources?.requests ?? {};
    if (req.cpu === undefined || req.memory === undefined) v.push(`${at}: no cpu/memory requests`);
    if (c.resources?.limits?.memory === undefined) v.push(`${at}: no memory limit`);
    if (w.longRunning && pod.initContainers?.includes(c) !== true) {
      if (!c.livenessProbe) v.push(`${at}: no livenessProbe`);
      if (!c.readinessProbe) v.push(`${at}: no readinessProbe`);
    }
  }
  return v;
}
