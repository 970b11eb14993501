/** Defaults, each with its reason. */
export const DB_DEFAULTS = {
  /** The local stack's database (`tributary stack up`). */
  databaseUrl: 'postgres://postgres@127.0.0.1:25432/tributary',
  /** Per process: workers hold one connection per batch in flight; the API a few more. */
  poolMax: 10,
  /** How long a role waits at start for PostgreSQL to answer (createOrm's waitMs). */
  startupWaitMs: 60_000,
} as const;

export class DbConfigError extends Error {
  override name = 'DbConfigError';
  readonly code = 'BAD_CONFIG';
}

/** DATABASE_URL (postgres:// or postgresql://), validated. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL?.trim() || DB_DEFAULTS.databaseUrl;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DbConfigError(`DATABASE_URL is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new DbConfigError(`DATABASE_URL must be postgres://…, got ${parsed.protocol}`);
  }
  return url;
}
