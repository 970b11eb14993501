import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { StackConfig } from './config.ts';
import { LOOPBACK, kubeFiles } from './servers.ts';

export const KUBE_CONTEXT = 'tributary-local';
export const ADMIN_USER = 'tributary-admin';

/** The static token file line: an admin in group system:masters (cluster-admin via RBAC). */
export function renderTokenFile(adminToken: string): string {
  return `${adminToken},${ADMIN_USER},${ADMIN_USER},"system:masters"\n`;
}

/** A kubeconfig (YAML) for the local apiserver; pins `caPem` when known, else skips TLS checks. */
export function renderKubeconfig(opts: { server: string; token: string; caPem?: string }): string {
  const tls = opts.caPem
    ? `certificate-authority-data: ${Buffer.from(opts.caPem).toString('base64')}`
    : 'insecure-skip-tls-verify: true';
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${KUBE_CONTEXT}`,
    '    cluster:',
    `      server: ${opts.server}`,
    `      ${tls}`,
    'users:',
    `  - name: ${ADMIN_USER}`,
    '    user:',
    `      token: ${opts.token}`,
    'contexts:',
    `  - name: ${KUBE_CONTEXT}`,
    '    context:',
    `      cluster: ${KUBE_CONTEXT}`,
    `      user: ${ADMIN_USER}`,
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

/** Creates (once) the admin token, token file and service-account key pair; returns the token. */
export function prepareKubeFiles(cfg: StackConfig): string {
  const f = kubeFiles(cfg);
  mkdirSync(f.certDir, { recursive: true, mode: 0o700 });
  if (!existsSync(f.adminToken)) {
    writeFileSync(f.adminToken, randomBytes(24).toString('hex'), { mode: 0o600 });
  }
  const token = readFileSync(f.adminToken, 'utf8').trim();
  writeFileSync(f.tokenFile, renderTokenFile(token), { mode: 0o600 });
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

export function readAdminToken(cfg: StackConfig): string | undefined {
  const file = kubeFiles(cfg).adminToken;
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/** Writes <state>/kubeconfig; call after the apiserver has generated its serving cert. */
export function writeKubeconfig(cfg: StackConfig, token: string): void {
  const crt = `${kubeFiles(cfg).certDir}/apiserver.crt`;
  const caPem = existsSync(crt) ? findCaPem(readFileSync(crt, 'utf8')) : undefined;
  const server = `https://${LOOPBACK}:${cfg.ports.kubeApiserver}`;
  writeFileSync(
    cfg.paths.kubeconfig,
    renderKubeconfig(caPem ? { server, token, caPem } : { server, token }),
    {
      mode: 0o600,
    },
  );
}
