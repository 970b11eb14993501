/**
 * "Sign in with GitHub": GitHub is OAuth 2.0 without OpenID Connect, so the identity comes from its
 * user API (`/user`, `/user/emails` for the verified primary address). Code flow with PKCE + state
 * through openid-client; base URLs are configurable so tests use a local stand-in.
 */
import * as client from 'openid-client';
import { AuthError } from '../errors.ts';
import type { ExternalIdentity, LoginProvider, PendingLogin } from './types.ts';
import { isLoopback } from './google.ts';

export interface GithubSettings {
  clientId: string;
  clientSecret: string;
  /** https://github.com (authorize and token endpoints live under it). */
  webUrl: string;
  /** https://api.github.com */
  apiUrl: string;
}

interface GithubUser {
  id: number;
  login: string;
  name: string | null;
}
interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

export function githubProvider(settings: GithubSettings): LoginProvider {
  const web = settings.webUrl.replace(/\/$/, '');
  const config = new client.Configuration(
    {
      issuer: web,
      authorization_endpoint: `${web}/login/oauth/authorize`,
      token_endpoint: `${web}/login/oauth/access_token`,
    },
    settings.clientId,
    settings.clientSecret,
  );
  if (new URL(web).protocol === 'http:' && isLoopback(new URL(web).hostname))
    client.allowInsecureRequests(config);
  const api = settings.apiUrl.replace(/\/$/, '');

  async function getJson<T>(path: string, accessToken: string): Promise<T> {
    const res = await fetch(`${api}${path}`, {
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'tributary',
      },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new AuthError('oauth-failed', `github API ${path} answered ${res.status}`);
    return (await res.json()) as T;
  }

  return {
    name: 'github',
    async start(redirectUri) {
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'read:user user:email',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
      });
      return { url, pending: { provider: 'github', state, codeVerifier, redirectUri } };
    },
    async finish(callbackUrl, pending: PendingLogin): Promise<ExternalIdentity> {
      let accessToken: string;
      try {
        const tokens = await client.authorizationCodeGrant(
          config,
          callbackUrl,
          { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, idTokenExpected: false },
          { redirect_uri: pending.redirectUri },
        );
        accessToken = tokens.access_token;
      } catch (err) {
        throw new AuthError('oauth-failed', `github login failed: ${(err as Error).message}`, { cause: err });
      }
      const user = await getJson<GithubUser>('/user', accessToken);
      const emails = await getJson<GithubEmail[]>('/user/emails', accessToken);
      const primary = emails.find((e) => e.primary && e.verified) ?? emails.find((e) => e.verified);
      return {
        provider: 'github',
        subject: String(user.id),
        email: primary ? primary.email.toLowerCase() : null,
        emailVerified: primary !== undefined,
        name: user.name ?? user.login,
      };
    },
  };
}
