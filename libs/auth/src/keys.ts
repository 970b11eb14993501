/**
 * Signing keys for access tokens. A key set is a JWKS of *private* JWKs (EdDSA/Ed25519 or ES256),
 * each with a `kid`. The first key not marked `"sign": false` signs; every key is published at
 * /.well-known/jwks.json and accepted for verification. Zero-downtime rotation:
 *   1. add the new key at the front with `"sign": false` (published and verifiable everywhere);
 *   2. once every replica and JWKS cache has it, drop the flag: new tokens use it, old ones verify;
 *   3. after the access-token lifetime (15 min) + cache time, remove the old key.
 * Sources: TRIBUTARY_JWT_KEYS (JSON), TRIBUTARY_JWT_KEYS_FILE (a mounted Secret; re-read when it
 * changes), else — outside production only — an ephemeral key generated at start.
 */
import { readFile, stat } from 'node:fs/promises';
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWK, JWTVerifyGetKey } from 'jose';
import { AuthConfigError } from './errors.ts';

export const SIGNING_ALGS = ['EdDSA', 'ES256'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

export interface PrivateJwk extends JWK {
  kid: string;
  alg: SigningAlg;
  /** false = published and verifiable, not yet used for signing (rotation step 1). */
  sign?: boolean;
}

interface LoadedKey {
  kid: string;
  alg: SigningAlg;
  sign: boolean;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export class KeySet {
  readonly keys: readonly LoadedKey[];
  readonly signer: LoadedKey;
  readonly jwks: JSONWebKeySet;
  readonly verifyKey: JWTVerifyGetKey;

  private constructor(keys: LoadedKey[]) {
    const signer = keys.find((k) => k.sign);
    if (!signer) throw new AuthConfigError('the key set has no signing key (all are "sign": false)');
    this.keys = keys;
    this.signer = signer;
    this.jwks = { keys: keys.map((k) => k.publicJwk) };
    this.verifyKey = createLocalJWKSet(this.jwks);
  }

  static async fromJwks(jwks: unknown): Promise<KeySet> {
    const list = (jwks as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(list) || list.length === 0)
      throw new AuthConfigError('key set must be {"keys": [...]}');
    const loaded: LoadedKey[] = [];
    const seen = new Set<string>();
    for (const raw of list as PrivateJwk[]) {
      if (!raw.kid || seen.has(raw.kid)) throw new AuthConfigError('every key needs a unique "kid"');
      if (!SIGNING_ALGS.includes(raw.alg))
        throw new AuthConfigError(`key ${raw.kid}: alg must be EdDSA or ES256`);
      if (!raw.d) throw new AuthConfigError(`key ${raw.kid}: a private key (with "d") is required`);
      seen.add(raw.kid);
      const { sign, ...jwk } = raw;
      const privateKey = (await importJWK(jwk, raw.alg)) as CryptoKey;
      const { d: _d, ...pub } = jwk;
      loaded.push({
        kid: raw.kid,
        alg: raw.alg,
        sign: sign !== false,
        privateKey,
        publicJwk: { kty: pub.kty, crv: pub.crv, x: pub.x, y: pub.y, kid: raw.kid, alg: raw.alg, use: 'sig' },
      });
    }
    return new KeySet(loaded);
  }
}

/** A new private JWK with a thumbprint `kid`: for operators creating the key Secret. */
export async function generateSigningJwk(alg: SigningAlg = 'EdDSA'): Promise<PrivateJwk> {
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    crv: alg === 'EdDSA' ? 'Ed25519' : undefined,
  });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kid, alg };
}

export interface KeySource {
  /** Current keys; file-backed sources re-read the file when its mtime changes (at most every `pollMs`). */
  current(): Promise<KeySet>;
  readonly description: string;
}

export function staticKeySource(set: KeySet, description: string): KeySource {
  return { current: () => Promise.resolve(set), description };
}

export function fileKeySource(path: string, pollMs = 10_000): KeySource {
  let set: KeySet | undefined;
  let mtime = -1;
  let checkedAt = 0;
  return {
    description: `file ${path}`,
    async current() {
      const now = Date.now();
      if (set && now - checkedAt < pollMs) return set;
      checkedAt = now;
      const st = await stat(path);
      if (!set || st.mtimeMs !== mtime) {
        // A bad new file keeps the previous keys in force (the next poll tries again).
        try {
          set = await KeySet.fromJwks(JSON.parse(await readFile(path, 'utf8')));
          mtime = st.mtimeMs;
        } catch (err) {
          if (!set) throw err;
        }
      }
      return set;
    },
  };
}

export interface KeySourceEnv {
  TRIBUTARY_JWT_KEYS?: string | undefined;
  TRIBUTARY_JWT_KEYS_FILE?: string | undefined;
  NODE_ENV?: string | undefined;
}

/** Picks the key source from the environment; `onEphemeral` is told when dev keys were generated. */
export async function keySourceFromEnv(
  env: KeySourceEnv,
  onEphemeral: (kid: string) => void,
): Promise<KeySource> {
  if (env.TRIBUTARY_JWT_KEYS_FILE) {
    const src = fileKeySource(env.TRIBUTARY_JWT_KEYS_FILE);
    await src.current();
    return src;
  }
  if (env.TRIBUTARY_JWT_KEYS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.TRIBUTARY_JWT_KEYS);
    } catch {
      throw new AuthConfigError('TRIBUTARY_JWT_KEYS is not valid JSON');
    }
    return staticKeySource(await KeySet.fromJwks(parsed), 'env TRIBUTARY_JWT_KEYS');
  }
  if (env.NODE_ENV === 'production')
    throw new AuthConfigError('no signing keys: set TRIBUTARY_JWT_KEYS_FILE or TRIBUTARY_JWT_KEYS');
  const jwk = await generateSigningJwk('EdDSA');
  onEphemeral(jwk.kid);
  return staticKeySource(await KeySet.fromJwks({ keys: [jwk] }), 'ephemeral (dev)');
}
