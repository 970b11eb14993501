/**
 * Password hashing with scrypt (memory-hard, in node:crypto). Stored form:
 * `scrypt$<log2 N>$<r>$<p>$<salt b64url>$<hash b64url>`, so parameters can be raised later and old
 * hashes still verify.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 B = 32 MiB per hash (OWASP's scrypt floor is N=2^17 r=8 p=1 or N=2^15 at higher p). */
export const DEFAULT_SCRYPT: ScryptParams = { log2N: 15, r: 8, p: 1 };
const KEY_LEN = 32;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.log2N;
  const opts: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LEN, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return [
    'scrypt',
    params.log2N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Constant-time check; false (never a throw) for malformed stored hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, hashText] = parts as [string, string, string, string, string, string];
  const params = { log2N: Number(n), r: Number(r), p: Number(p) };
  if (![params.log2N, params.r, params.p].every((x) => Number.isInteger(x) && x > 0) || params.log2N > 20)
    return false;
  const expected = Buffer.from(hashText, 'base64url');
  const actual = await derive(password, Buffer.from(saltText, 'base64url'), params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
