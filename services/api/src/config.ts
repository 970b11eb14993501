/**
 * API settings from the environment (docs/configuration.md), defaults named here with reasons.
 * Bad values fail at start with a message naming the variable.
 */
import { WORKER_ROLES } from '@tributary/events';
import type { WorkerRole } from '@tributary/events';
export const API_DEFAULTS = {
  port: 8080,
  /** What clients and providers see; OAuth redirect URIs derive from it. */
  publicUrl: 'http://127.0.0.1:8080',
  audience: 'tributary-api',
  /** 600 requests/min per IP and per user: far above a person's use, low enough to blunt scraping and credential stuffing. */
  rateLimitWindowMs: 60_000,
  rateLimitPerIp: 600,
  rateLimitPerUser: 600,
  googleIssuer: 'https://accounts.google.com',
  githubUrl: 'https://github.com',
  githubApiUrl: 'https://api.github.com',
} as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface ApiConfig {
  port: number;
  host: string;
  publicUrl: string;
  issuer: string;
  audience: string;
  corsOrigins: string[];
  trustProxy: boolean | number;
  adminEmails: string[];
  rateLimit: { windowMs: number; perIp: number; perUser: number; store: 'memory' | 'nats' };
  google?: { issuer: string; clientId: string; clientSecret: string };
  github?: { clientId: string; clientSecret: string; webUrl: string; apiUrl: string };
  /** base64url 32-byte key sealing the login cookie; undefined = random per process (one replica). */
  cookieKey?: string;
  accessLog: boolean;
  /** Worker roles whose consumers /ready and the consumer metrics report (TRIBUTARY_WORKER_ROLES). */
  workerRoles: WorkerRole[];
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Default: every role; a deployment without a role lists the others, so its absence is not "degraded". */
function workerRoles(v: string | undefined): WorkerRole[] {
  const roles = v === undefined ? [...WORKER_ROLES] : list(v);
  for (const r of roles)
    if (!WORKER_ROLES.includes(r as WorkerRole))
      throw new ConfigError(`TRIBUTARY_WORKER_ROLES: unknown role "${r}" (${WORKER_ROLES.join(', ')})`);
  return roles as WorkerRole[];
}

export function apiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const port = int(env, 'TRIBUTARY_HTTP_PORT', API_DEFAULTS.port, 0);
  const publicUrl = (env.TRIBUTARY_PUBLIC_URL?.trim() || `http://127.0.0.1:${port}`).replace(/\/$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`TRIBUTARY_PUBLIC_URL must be an absolute URL, got "${publicUrl}"`);
  }
  const store = env.TRIBUTARY_RATE_LIMIT_STORE?.trim() || 'memory';
  if (store !== 'memory' && store !== 'nats')
    throw new ConfigError(`TRIBUTARY_RATE_LIMIT_STORE must be memory or nats, got "${store}"`);
  const trust = env.TRIBUTARY_TRUST_PROXY?.trim();
  const cfg: ApiConfig = {
    port,
    host: env.TRIBUTARY_HTTP_HOST?.trim() || '0.0.0.0',
    publicUrl,
    issuer: publicUrl,
    audience: API_DEFAULTS.audience,
    corsOrigins: list(env.TRIBUTARY_CORS_ORIGINS),
    trustProxy: trust ? (trust === 'true' ? true : int(env, 'TRIBUTARY_TRUST_PROXY', 1, 0)) : false,
    adminEmails: list(env.TRIBUTARY_ADMIN_EMAILS).map((e) => e.toLowerCase()),
    rateLimit: {
      windowMs: int(env, 'TRIBUTARY_RATE_LIMIT_WINDOW_MS', API_DEFAULTS.rateLimitWindowMs),
      perIp: int(env, 'TRIBUTARY_RATE_LIMIT_PER_IP', API_DEFAULTS.rateLimitPerIp),
      perUser: int(env, 'TRIBUTARY_RATE_LIMIT_PER_USER', API_DEFAULTS.rateLimitPerUser),
      store,
    },
    accessLog: env.TRIBUTARY_ACCESS_LOG?.trim() !== 'false',
    workerRoles: workerRoles(env.TRIBUTARY_WORKER_ROLES),
  };
  const gId = env.TRIBUTARY_OIDC_GOOGLE_CLIENT_ID?.trim();
  if (gId)
    cfg.google = {
      issuer: env.TRIBUTARY_OIDC_GOOGLE_ISSUER?.trim() || API_DEFAULTS.googleIssuer,
      clientId: gId,
      clientSecret: env.TRIBUTARY_OIDC_GOOGLE_CLIENT_SECRET ?? '',
    };
  const ghId = env.TRIBUTARY_GITHUB_CLIENT_ID?.trim();
  if (ghId)
    cfg.github = {
      clientId: ghId,
      clientSecret: env.TRIBUTARY_GITHUB_CLIENT_SECRET ?? '',
      webUrl: env.TRIBUTARY_GITHUB_URL?.trim() || API_DEFAULTS.githubUrl,
      apiUrl: env.TRIBUTARY_GITHUB_API_URL?.trim() || API_DEFAULTS.githubApiUrl,
    };
  const cookieKey = env.TRIBUTARY_LOGIN_COOKIE_KEY?.trim();
  if (cookieKey) {
    if (Buffer.from(cookieKey, 'base64url').length !== 32)
      throw new ConfigError('TRIBUTARY_LOGIN_COOKIE_KEY must be 32 bytes, base64url-encoded');
    cfg.cookieKey = cookieKey;
  }
  return cfg;
}
