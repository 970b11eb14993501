export type ProviderName = 'google' | 'github';

/** Who the provider says signed in. `emailVerified` gates linking to an existing account. */
export interface ExternalIdentity {
  provider: ProviderName;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

/** What must survive the redirect round trip (kept in a sealed cookie). */
export interface PendingLogin {
  provider: ProviderName;
  state: string;
  codeVerifier: string;
  nonce?: string;
  redirectUri: string;
}

export interface LoginProvider {
  readonly name: ProviderName;
  /** The provider's authorization URL and the pending state to remember. */
  start(redirectUri: string): Promise<{ url: URL; pending: PendingLogin }>;
  /** Exchanges the callback's code (checking state, PKCE and, for OIDC, nonce) for an identity. */
  finish(callbackUrl: URL, pending: PendingLogin): Promise<ExternalIdentity>;
}
