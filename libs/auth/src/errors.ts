/** Why a credential was refused. The API maps every code to a 401 problem (never more detail). */
export type AuthErrorCode =
  | 'missing-token'
  | 'invalid-token'
  | 'expired-token'
  | 'invalid-credentials'
  | 'refresh-unknown'
  | 'refresh-expired'
  | 'refresh-revoked'
  | 'refresh-reused'
  | 'oauth-state'
  | 'oauth-failed'
  | 'oauth-unverified-email';

export class AuthError extends Error {
  override name = 'AuthError';
  readonly code: AuthErrorCode;
  constructor(code: AuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Bad key material or settings: a startup error, never a request error. */
export class AuthConfigError extends Error {
  override name = 'AuthConfigError';
}

export function isAuthError(err: unknown, code?: AuthErrorCode): err is AuthError {
  return err instanceof AuthError && (code === undefined || err.code === code);
}
