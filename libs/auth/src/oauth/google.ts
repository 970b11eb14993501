/**
 * "Sign in with Google": OpenID Connect authorization code flow with PKCE, state and nonce, via
 * openid-client. The issuer is configurable so tests run against a local oidc-provider.
 */
import * as client from 'openid-client';
import { AuthError } from '../errors.ts';
import type { ExternalIdentity, LoginProvider, PendingLogin } from './types.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export async function googleProvider(settings: OidcSettings): Promise<LoginProvider> {
  const issuer = new URL(settings.issuer);
  // Plain http is only ever allowed for a loopback issuer (the local test provider).
  const insecure = issuer.protocol === 'http:' && isLoopback(issuer.hostname);
  const config = await client.discovery(
    issuer,
    settings.clientId,
    settings.clientSecret,
    undefined,
    insecure ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  return {
    name: 'google',
    async start(redirectUri) {
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, pending: { provider: 'google', state, codeVerifier, nonce, redirectUri } };
    },
    async finish(callbackUrl, pending: PendingLogin): Promise<ExternalIdentity> {
      let claims;
      try {
        const tokens = await client.authorizationCodeGrant(
          config,
          callbackUrl,
          {
            pkceCodeVerifier: pending.codeVerifier,
            expectedState: pending.state,
            expectedNonce: pending.nonce,
            idTokenExpected: true,
          },
          { redirect_uri: pending.redirectUri },
        );
        claims = tokens.claims();
      } catch (err) {
        throw new AuthError('oauth-failed', `google login failed: ${(err as Error).message}`, { cause: err });
      }
      if (!claims) throw new AuthError('oauth-failed', 'google returned no ID token');
      return {
        provider: 'google',
        subject: claims.sub,
        email: typeof claims.email === 'string' ? claims.email.toLowerCase() : null,
        emailVerified: claims.email_verified === true,
        name: typeof claims.name === 'string' ? claims.name : null,
      };
    },
  };
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\./.test(hostname);
}
