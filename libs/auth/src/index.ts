export { AuthError, AuthConfigError, isAuthError } from './errors.ts';
export type { AuthErrorCode } from './errors.ts';
export { hashPassword, verifyPassword, DEFAULT_SCRYPT } from './passwords.ts';
export type { ScryptParams } from './passwords.ts';
export { ROLES, isRole, hasRole } from './roles.ts';
export type { Role } from './roles.ts';
export {
  newRefreshToken,
  hashRefreshToken,
  looksLikeRefreshToken,
  decideRefresh,
  REFRESH_TOKEN_TTL_MS,
} from './refresh-token.ts';
export type { StoredRefreshToken, RefreshDecision } from './refresh-token.ts';
export {
  KeySet,
  SIGNING_ALGS,
  generateSigningJwk,
  staticKeySource,
  fileKeySource,
  keySourceFromEnv,
} from './keys.ts';
export type { SigningAlg, PrivateJwk, KeySource, KeySourceEnv } from './keys.ts';
export { signAccessToken, verifyAccessToken, bearerToken, ACCESS_TOKEN_TTL_SECONDS } from './access-token.ts';
export type { AccessClaims, VerifiedAccess, TokenSettings } from './access-token.ts';
export { googleProvider } from './oauth/google.ts';
export type { OidcSettings } from './oauth/google.ts';
export { githubProvider } from './oauth/github.ts';
export type { GithubSettings } from './oauth/github.ts';
export { sealPending, openPending, PENDING_TTL_SECONDS } from './oauth/pending-cookie.ts';
export type { ExternalIdentity, PendingLogin, LoginProvider, ProviderName } from './oauth/types.ts';
export { cachedVerifier } from './verify-cache.ts';
export type { VerifyCacheOptions } from './verify-cache.ts';
