/**
 * Local stand-ins for the login providers, for end-to-end login tests:
 * - "Google": a real OpenID Provider (oidc-provider) whose interaction step signs in a configured
 *   account without a form (the account plays the user at the consent screen);
 * - "GitHub": a small OAuth 2.0 server with GitHub's endpoints (authorize, access_token with PKCE,
 *   /user, /user/emails).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import express from 'express';
import Provider from 'oidc-provider';
import { freePort } from './harness.ts';

export interface FakeAccount {
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
}

export interface OidcStandIn {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in next. */
  account: FakeAccount;
  close(): Promise<void>;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startOidcProvider(redirectUri: string): Promise<OidcStandIn> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const state: OidcStandIn = {
    issuer,
    clientId: 'tributary-test',
    clientSecret: randomBytes(16).toString('hex'),
    account: { sub: 'google-1', email: 'g@example.org', emailVerified: true, name: 'G User' },
    close: async () => {},
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: state.clientId,
        client_secret: state.clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Like Google: the ID token itself carries email and email_verified.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        email: state.account.email,
        email_verified: state.account.emailVerified,
        name: state.account.name,
      }),
    }),
  });
  const handler = provider.callback();
  const server = createServer((req, res) => {
    if (!req.url?.startsWith('/interaction/')) return void handler(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const accountId = state.account.sub;
      const grant = new provider.Grant({ accountId, clientId: state.clientId });
      grant.addOIDCScope('openid email profile');
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId }, consent: { grantId } },
        { mergeWithLastSubmission: details.prompt.name !== 'login' },
      );
    })().catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.close = () => closeServer(server);
  return state;
}

export interface GithubStandIn {
  url: string;
  clientId: string;
  clientSecret: string;
  user: { id: number; login: string; name: string | null };
  emails: { email: string; primary: boolean; verified: boolean }[];
  close(): Promise<void>;
}

export async function startGithub(): Promise<GithubStandIn> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const gh: GithubStandIn = {
    url,
    clientId: 'gh-client',
    clientSecret: randomBytes(16).toString('hex'),
    user: { id: 4242, login: 'octo', name: 'Octo Cat' },
    emails: [{ email: 'octo@example.org', primary: true, verified: true }],
    close: async () => {},
  };
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const tokens = new Set<string>();
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.get('/login/oauth/authorize', (req, res) => {
    const q = req.query as Record<string, string>;
    if (q.client_id !== gh.clientId || q.code_challenge_method !== 'S256' || !q.code_challenge)
      return void res.status(400).send('bad authorize request');
    const code = randomBytes(8).toString('hex');
    codes.set(code, { challenge: q.code_challenge, redirectUri: q.redirect_uri ?? '' });
    const back = new URL(q.redirect_uri ?? '');
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.state ?? '');
    res.redirect(302, back.href);
  });
  app.post('/login/oauth/access_token', (req, res) => {
    const body = req.body as Record<string, string>;
    const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    const [id, secret] = basic.includes(':')
      ? basic.split(':').map(decodeURIComponent)
      : [body.client_id, body.client_secret];
    const grant = codes.get(body.code ?? '');
    codes.delete(body.code ?? '');
    const pkce = createHash('sha256')
      .update(body.code_verifier ?? '')
      .digest('base64url');
    if (
      id !== gh.clientId ||
      secret !== gh.clientSecret ||
      !grant ||
      grant.challenge !== pkce ||
      grant.redirectUri !== body.redirect_uri
    )
      return void res.status(400).json({ error: 'bad_verification_code' });
    const token = `gho_${randomBytes(12).toString('hex')}`;
    tokens.add(token);
    res.json({ access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
  });
  const authed: express.RequestHandler = (req, res, next) =>
    tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))
      ? next()
      : void res.status(401).json({ message: 'Bad credentials' });
  app.get('/user', authed, (_req, res) => void res.json(gh.user));
  app.get('/user/emails', authed, (_req, res) => void res.json(gh.emails));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  gh.close = () => closeServer(server);
  return gh;
}

/** Follows redirects like a browser, keeping cookies per origin; stops at `stopAt` (returns that response). */
export async function browse(start: string, stopAt: (url: URL) => boolean, maxHops = 20): Promise<Response> {
  const jar = new Map<string, Map<string, string>>();
  let url = new URL(start);
  for (let hop = 0; hop < maxHops; hop++) {
    const cookies = jar.get(url.origin);
    const res = await fetch(url, {
      redirect: 'manual',
      headers: cookies ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
      signal: AbortSignal.timeout(15_000),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair?.indexOf('=') ?? -1;
      if (!pair || i < 0) continue;
      const m = jar.get(url.origin) ?? new Map<string, string>();
      const value = pair.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) m.delete(pair.slice(0, i));
      else m.set(pair.slice(0, i), value);
      jar.set(url.origin, m);
    }
    if (stopAt(url) || res.status < 300 || res.status >= 400) return res;
    await res.body?.cancel();
    const location = res.headers.get('location');
    if (!location) return res;
    url = new URL(location, url);
  }
  throw new Error(`more than ${maxHops} redirects`);
}
