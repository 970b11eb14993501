import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from './config.ts';
import { NODE_NETWORK } from './node/layout.ts';

export const LOOPBACK = '127.0.0.1';
export const KUBE_CONTEXT = 'tributary-local';
export const ADMIN_USER = 'tributary-admin';

/**
 * The node's components and who they are to the apiserver. The names and groups are the ones the
 * apiserver's bootstrap RBAC roles and the Node authorizer expect, so no component needs
 * system:masters.
 */
export const COMPONENT_IDENTITIES = {
  'kube-controller-manager': { user: 'system:kube-controller-manager', groups: [] },
  'kube-scheduler': { user: 'system:kube-scheduler', groups: [] },
  kubelet: { user: `system:node:${NODE_NETWORK.nodeName}`, groups: ['system:nodes'] },
  'kube-proxy': { user: 'system:kube-proxy', groups: [] },
} as const satisfies Record<string, { user: string; groups: readonly string[] }>;
export type Component = keyof typeof COMPONENT_IDENTITIES;
export const COMPONENTS = Object.keys(COMPONENT_IDENTITIES) as Component[];

export function kubeFiles(cfg: StackConfig) {
  const dir = cfg.paths.kubeDir;
  return {
    certDir: join(dir, 'certs'),
    /** The apiserver's self-signed CA, for kubeconfigs and the cluster's kube-root-ca.crt. */
    caFile: join(dir, 'ca.crt'),
    tokenFile: join(dir, 'tokens.csv'),
    adminToken: join(dir, 'admin.token'),
    saKey: join(dir, 'service-account.key'),
    saPub: join(dir, 'service-account.pub'),
    /** The CA the kubelet trusts for client certs, and the apiserver's cert for logs/exec/port-forward. */
    kubeletClientCa: join(dir, 'kubelet-client-ca.crt'),
    kubeletClientCaKey: join(dir, 'kubelet-client-ca.key'),
    kubeletClientCert: join(dir, 'apiserver-kubelet-client.crt'),
    kubeletClientKey: join(dir, 'apiserver-kubelet-client.key'),
    componentToken: (c: Component) => join(dir, `${c}.token`),
    componentKubeconfig: (c: Component) => join(dir, `${c}.kubeconfig`),
  };
}

/** Where clients reach the apiserver: the node IP when there is a node (pods need it), else loopback. */
export function apiserverHost(cfg: StackConfig): string {
  return cfg.node ? NODE_NETWORK.nodeIp : LOOPBACK;
}

interface TokenLine {
  token: string;
  user: string;
  groups: readonly string[];
}

/** The static token file (token,user,uid,"groups"): the admin in system:masters, then each component. */
export function renderTokenFile(adminToken: string, components: TokenLine[] = []): string {
  const lines = [{ token: adminToken, user: ADMIN_USER, groups: ['system:masters'] }, ...components];
  return lines.map((l) => `${l.token},${l.user},${l.user},"${l.groups.join(',')}"\n`).join('');
}

/** A kubeconfig (YAML) for the local apiserver; pins `caPem` when known, else skips TLS checks. */
export function renderKubeconfig(opts: {
  server: string;
  token: string;
  caPem?: string;
  user?: string;
}): string {
  const tls = opts.caPem
    ? `certificate-authority-data: ${Buffer.from(opts.caPem).toString('base64')}`
    : 'insecure-skip-tls-verify: true';
  const user = opts.user ?? ADMIN_USER;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${KUBE_CONTEXT}`,
    '    cluster:',
    `      server: ${opts.server}`,
    `      ${tls}`,
    'users:',
    `  - name: ${user}`,
    '    user:',
    `      token: ${opts.token}`,
    'contexts:',
    `  - name: ${KUBE_CONTEXT}`,
    '    context:',
    `      cluster: ${KUBE_CONTEXT}`,
    `      user: ${user}`,
    '      namespace: default',
    `current-context: ${KUBE_CONTEXT}`,
    '',
  ].join('\n');
}

/** The self-signed CA among the PEM certificates the apiserver wrote (leaf + CA in apiserver.crt). */
export function findCaPem(bundle: string): string | undefined {
  const blocks = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  for (const pem of blocks) {
    if (new X509Certificate(pem).ca) return `${pem}\n`;
  }
  return undefined;
}

/** A random token in `file`, created once. */
function tokenIn(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** Creates (once) the tokens, the token file and the service-account key pair; returns the admin token. */
export function prepareKubeFiles(cfg: StackConfig): string {
  const f = kubeFiles(cfg);
  mkdirSync(f.certDir, { recursive: true, mode: 0o700 });
  const token = tokenIn(f.adminToken);
  const components = cfg.node
    ? COMPONENTS.map((c) => ({ token: tokenIn(f.componentToken(c)), ...COMPONENT_IDENTITIES[c] }))
    : [];
  writeFileSync(f.tokenFile, renderTokenFile(token, components), { mode: 0o600 });
  if (cfg.node) ensureKubeletClientCert(f);
  if (!existsSync(f.saKey) || !existsSync(f.saPub)) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    writeFileSync(f.saKey, privateKey, { mode: 0o600 });
    writeFileSync(f.saPub, publicKey, { mode: 0o644 });
  }
  return token;
}

/**
 * The apiserver talks to the kubelet (logs, exec) with a client certificate; the kubelet accepts no
 * anonymous requests. Node's crypto cannot issue certificates, so openssl (in every Debian) does.
 */
function ensureKubeletClientCert(f: ReturnType<typeof kubeFiles>): void {
  if (existsSync(f.kubeletClientCert) && existsSync(f.kubeletClientKey) && existsSync(f.kubeletClientCa))
    return;
  const openssl = (...args: string[]): void => {
    try {
      execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      const e = err as { code?: string; stderr?: Buffer };
      throw new Error(
        e.code === 'ENOENT'
          ? "openssl is needed to issue the apiserver's kubelet client certificate (apt-get install openssl)"
          : `openssl ${args[0]} failed: ${e.stderr?.toString().trim() ?? String(err)}`,
        { cause: err },
      );
    }
  };
  const csr = `${f.kubeletClientCert}.csr`;
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '3650',
    '-subj',
    '/CN=tributary-kubelet-client-ca',
    '-keyout',
    f.kubeletClientCaKey,
    '-out',
    f.kubeletClientCa,
  );
  // system:masters: the kubelet's webhook authorizer then allows every kubelet API call of the apiserver.
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/O=system:masters/CN=kube-apiserver-kubelet-client',
    '-keyout',
    f.kubeletClientKey,
    '-out',
    csr,
  );
  openssl(
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    f.kubeletClientCa,
    '-CAkey',
    f.kubeletClientCaKey,
    '-CAcreateserial',
    '-days',
    '3650',
    '-out',
    f.kubeletClientCert,
  );
  rmSync(csr, { force: true });
}

export function readAdminToken(cfg: StackConfig): string | undefined {
  const file = kubeFiles(cfg).adminToken;
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/**
 * Writes <state>/kubeconfig (and, with a node, one per component plus ca.crt); call after the
 * apiserver has generated its serving cert.
 */
export function writeKubeconfig(cfg: StackConfig, token: string): void {
  const f = kubeFiles(cfg);
  const crt = join(f.certDir, 'apiserver.crt');
  const caPem = existsSync(crt) ? findCaPem(readFileSync(crt, 'utf8')) : undefined;
  const server = `https://${apiserverHost(cfg)}:${cfg.ports.kubeApiserver}`;
  const write = (file: string, opts: { token: string; user?: string }): void =>
    writeFileSync(file, renderKubeconfig({ server, ...opts, ...(caPem ? { caPem } : {}) }), { mode: 0o600 });
  write(cfg.paths.kubeconfig, { token });
  if (!cfg.node) return;
  if (caPem) writeFileSync(f.caFile, caPem, { mode: 0o644 });
  for (const c of COMPONENTS) {
    write(f.componentKubeconfig(c), {
      token: tokenIn(f.componentToken(c)),
      user: COMPONENT_IDENTITIES[c].user,
    });
  }
}
