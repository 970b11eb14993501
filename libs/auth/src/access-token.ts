/**
 * Access tokens: JWTs (RFC 9068 `at+jwt`) signed with the key set's signer and its `kid`, 15 minutes.
 * Verification pins the algorithms to the key set's own (so `alg: none` and HMAC confusion fail),
 * and checks issuer, audience, expiry and type.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import type { KeySet } from './keys.ts';
import { SIGNING_ALGS } from './keys.ts';
import { AuthError } from './errors.ts';
import { isRole } from './roles.ts';
import type { Role } from './roles.ts';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const TOKEN_TYPE = 'at+jwt';

export interface TokenSettings {
  issuer: string;
  audience: string;
}

export interface AccessClaims {
  sub: string;
  role: Role;
  email: string;
}

export interface VerifiedAccess extends AccessClaims {
  jti: string;
  exp: number;
}

export async function signAccessToken(
  keys: KeySet,
  settings: TokenSettings,
  claims: AccessClaims,
  now = Date.now(),
): Promise<{ token: string; expiresIn: number }> {
  const iat = Math.floor(now / 1000);
  const token = await new SignJWT({ role: claims.role, email: claims.email })
    .setProtectedHeader({ alg: keys.signer.alg, kid: keys.signer.kid, typ: TOKEN_TYPE })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(randomUUID())
    .sign(keys.signer.privateKey);
  return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

export async function verifyAccessToken(
  keys: KeySet,
  settings: TokenSettings,
  token: string,
  now?: Date,
): Promise<VerifiedAccess> {
  try {
    const { payload } = await jwtVerify(token, keys.verifyKey, {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: [...SIGNING_ALGS],
      typ: TOKEN_TYPE,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      currentDate: now,
      clockTolerance: 5,
    });
    if (!isRole(payload.role) || typeof payload.email !== 'string' || !payload.sub || !payload.jti)
      throw new AuthError('invalid-token', 'token claims are malformed');
    return {
      sub: payload.sub,
      role: payload.role,
      email: payload.email,
      jti: payload.jti,
      exp: payload.exp ?? 0,
    };
  } catch (err) {
    if (err instanceof AuthError) throw err;
    if (err instanceof errors.JWTExpired)
      throw new AuthError('expired-token', 'token expired', { cause: err });
    throw new AuthError('invalid-token', 'token is not valid', { cause: err });
  }
}

/** The token in `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
  return m?.[1];
}
