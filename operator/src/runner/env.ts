/**
 * Resolves a container's environment the way the kubelet does: `envFrom` ConfigMaps/Secrets
 * first, then `env` entries (later wins), `valueFrom` ConfigMap/Secret keys, and $(VAR) references.
 * Lookups are injected, so this is pure given them.
 */
import type { V1Container } from '@kubernetes/client-node';

export class EnvResolveError extends Error {
  override name = 'EnvResolveError';
}

export interface EnvSources {
  /** ConfigMap data, or undefined when it does not exist. */
  configMap(name: string): Promise<Record<string, string> | undefined>;
  /** Secret data already base64-decoded, or undefined when it does not exist. */
  secret(name: string): Promise<Record<string, string> | undefined>;
}

export async function resolveEnv(container: V1Container, src: EnvSources): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref?.name) continue;
    const data = from.configMapRef ? await src.configMap(ref.name) : await src.secret(ref.name);
    if (!data) {
      if (ref.optional) continue;
      throw new EnvResolveError(`${from.configMapRef ? 'configmap' : 'secret'} "${ref.name}" not found`);
    }
    for (const [k, v] of Object.entries(data)) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = e.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => env[name] ?? m);
      continue;
    }
    const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
    if (!ref?.name) {
      env[e.name] = '';
      continue;
    }
    const data = e.valueFrom?.configMapKeyRef ? await src.configMap(ref.name) : await src.secret(ref.name);
    const value = data?.[ref.key];
    if (value === undefined) {
      if (ref.optional) continue;
      throw new EnvResolveError(
        `env ${e.name}: key "${ref.key}" of ${e.valueFrom?.configMapKeyRef ? 'configmap' : 'secret'} "${ref.name}" not found`,
      );
    }
    env[e.name] = value;
  }
  return env;
}
