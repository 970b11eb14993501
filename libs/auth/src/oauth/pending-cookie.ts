/**
 * Seals the pending login (state, PKCE verifier, nonce) into an encrypted, 10-minute cookie, so any
 * replica can finish the login and the verifier never leaves the server readable.
 */
import { EncryptJWT, jwtDecrypt } from 'jose';
import { AuthError } from '../errors.ts';
import type { PendingLogin, ProviderName } from './types.ts';

export const PENDING_TTL_SECONDS = 600;

export async function sealPending(pending: PendingLogin, key: Uint8Array): Promise<string> {
  return new EncryptJWT({ ...pending })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${PENDING_TTL_SECONDS}s`)
    .encrypt(key);
}

export async function openPending(
  sealed: string,
  key: Uint8Array,
  provider: ProviderName,
): Promise<PendingLogin> {
  try {
    const { payload } = await jwtDecrypt(sealed, key, { keyManagementAlgorithms: ['dir'] });
    const p = payload as unknown as PendingLogin;
    if (p.provider !== provider || typeof p.state !== 'string' || typeof p.codeVerifier !== 'string')
      throw new Error('pending login is for another provider');
    return {
      provider: p.provider,
      state: p.state,
      codeVerifier: p.codeVerifier,
      nonce: p.nonce,
      redirectUri: p.redirectUri,
    };
  } catch (err) {
    throw new AuthError('oauth-state', 'login session is missing, expired or invalid', { cause: err });
  }
}
