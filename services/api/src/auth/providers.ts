/**
 * Login providers from config. Google's discovery document is fetched on first use (and retried
 * after a failure), so an unreachable provider never stops the API from starting.
 */
import { githubProvider, googleProvider } from '@tributary/auth';
import type { LoginProvider, ProviderName } from '@tributary/auth';
import type { ApiConfig } from '../config.ts';

function lazy(name: ProviderName, make: () => Promise<LoginProvider>): LoginProvider {
  let p: Promise<LoginProvider> | undefined;
  const get = () => {
    p ??= make().catch((err: unknown) => {
      p = undefined;
      throw err;
    });
    return p;
  };
  return {
    name,
    start: async (redirectUri) => (await get()).start(redirectUri),
    finish: async (url, pending) => (await get()).finish(url, pending),
  };
}

export function loginProviders(cfg: ApiConfig): Partial<Record<ProviderName, LoginProvider>> {
  const out: Partial<Record<ProviderName, LoginProvider>> = {};
  const google = cfg.google;
  if (google) out.google = lazy('google', () => googleProvider(google));
  if (cfg.github) out.github = githubProvider(cfg.github);
  return out;
}
