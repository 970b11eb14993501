import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, UnsecuredJWT, base64url } from 'jose';
import { KeySet, fileKeySource, generateSigningJwk, keySourceFromEnv } from './keys.ts';
import { bearerToken, signAccessToken, verifyAccessToken } from './access-token.ts';
import { isAuthError } from './errors.ts';

const settings = { issuer: 'https://api.test', audience: 'tributary-api' };
const claims = { sub: 'u1', role: 'editor' as const, email: 'a@b.c' };

async function rejects(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (err) => isAuthError(err) && err.code === code);
}

test('signed tokens carry kid and typ, and verify', async () => {
  const keys = await KeySet.fromJwks({ keys: [await generateSigningJwk('EdDSA')] });
  const { token, expiresIn } = await signAccessToken(keys, settings, claims);
  assert.equal(expiresIn, 900);
  const header = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[0] ?? ''))) as Record<
    string,
    unknown
  >;
  assert.equal(header.kid, keys.signer.kid);
  assert.equal(header.typ, 'at+jwt');
  const v = await verifyAccessToken(keys, settings, token);
  assert.equal(v.sub, 'u1');
  assert.equal(v.role, 'editor');
  assert.equal(keys.jwks.keys[0]?.d, undefined, 'JWKS must not publish private parts');
});

test('expired, wrong audience, bad signature, alg none and foreign keys are refused', async () => {
  const jwk = await generateSigningJwk('ES256');
  const keys = await KeySet.fromJwks({ keys: [jwk] });
  const old = await signAccessToken(keys, settings, claims, Date.now() - 20 * 60_000);
  await rejects(verifyAccessToken(keys, settings, old.token), 'expired-token');
  const { token } = await signAccessToken(keys, { ...settings, audience: 'other' }, claims);
  await rejects(verifyAccessToken(keys, settings, token), 'invalid-token');
  const good = (await signAccessToken(keys, settings, claims)).token;
  const [h, p, s] = good.split('.') as [string, string, string];
  const tampered = `${h}.${base64url.encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(base64url.decode(p))), role: 'admin' }))}.${s}`;
  await rejects(verifyAccessToken(keys, settings, tampered), 'invalid-token');
  const none = new UnsecuredJWT({ role: 'admin', email: 'x@y.z' })
    .setSubject('u1')
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti('j')
    .encode();
  await rejects(verifyAccessToken(keys, settings, none), 'invalid-token');
  const other = await KeySet.fromJwks({ keys: [{ ...(await generateSigningJwk('ES256')), kid: jwk.kid }] });
  const forged = (await signAccessToken(other, settings, claims)).token;
  await rejects(verifyAccessToken(keys, settings, forged), 'invalid-token');
  // HS256 with the public key as secret (algorithm confusion) is refused by the alg allowlist.
  const hs = await new SignJWT({ role: 'admin', email: 'x@y.z' })
    .setProtectedHeader({ alg: 'HS256', kid: jwk.kid, typ: 'at+jwt' })
    .setSubject('u1')
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti('j')
    .sign(new TextEncoder().encode(JSON.stringify(keys.jwks.keys[0])));
  await rejects(verifyAccessToken(keys, settings, hs), 'invalid-token');
});

test('rotation: a staged key is published but does not sign; old tokens verify until the key is removed', async () => {
  const oldJwk = await generateSigningJwk('EdDSA');
  const newJwk = await generateSigningJwk('EdDSA');
  const v1 = await KeySet.fromJwks({ keys: [oldJwk] });
  const t1 = (await signAccessToken(v1, settings, claims)).token;
  const staged = await KeySet.fromJwks({ keys: [{ ...newJwk, sign: false }, oldJwk] });
  assert.equal(staged.signer.kid, oldJwk.kid);
  assert.deepEqual(
    staged.jwks.keys.map((k) => k.kid),
    [newJwk.kid, oldJwk.kid],
  );
  const v2 = await KeySet.fromJwks({ keys: [newJwk, oldJwk] });
  const t2 = (await signAccessToken(v2, settings, claims)).token;
  await verifyAccessToken(v2, settings, t1);
  await verifyAccessToken(staged, settings, t2);
  const v3 = await KeySet.fromJwks({ keys: [newJwk] });
  await verifyAccessToken(v3, settings, t2);
  await rejects(verifyAccessToken(v3, settings, t1), 'invalid-token');
});

test('file key source picks up a rewritten key file; bad files keep the last good keys', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keys-'));
  const file = join(dir, 'jwks.json');
  const a = await generateSigningJwk();
  const b = await generateSigningJwk();
  await writeFile(file, JSON.stringify({ keys: [a] }));
  const src = fileKeySource(file, 0);
  assert.equal((await src.current()).signer.kid, a.kid);
  await writeFile(file, JSON.stringify({ keys: [b, a] }));
  await utimes(file, new Date(), new Date(Date.now() + 5000));
  assert.equal((await src.current()).signer.kid, b.kid);
  await writeFile(file, 'not json');
  await utimes(file, new Date(), new Date(Date.now() + 10_000));
  assert.equal((await src.current()).signer.kid, b.kid);
});

test('env key sources: explicit keys, ephemeral dev keys (reported), refused in production', async () => {
  const jwk = await generateSigningJwk();
  const fromEnv = await keySourceFromEnv({ TRIBUTARY_JWT_KEYS: JSON.stringify({ keys: [jwk] }) }, () => {
    throw new Error('should not generate');
  });
  assert.equal((await fromEnv.current()).signer.kid, jwk.kid);
  let told = '';
  const dev = await keySourceFromEnv({}, (kid) => (told = kid));
  assert.equal((await dev.current()).signer.kid, told);
  await assert.rejects(
    keySourceFromEnv({ NODE_ENV: 'production' }, () => {}),
    /no signing keys/,
  );
  await assert.rejects(KeySet.fromJwks({ keys: [{ ...jwk, d: undefined }] }), /private key/);
});

test('bearer header parsing', () => {
  assert.equal(bearerToken('Bearer abc.def.ghi'), 'abc.def.ghi');
  assert.equal(bearerToken('bearer abc'), 'abc');
  assert.equal(bearerToken('Basic abc'), undefined);
  assert.equal(bearerToken(undefined), undefined);
});
