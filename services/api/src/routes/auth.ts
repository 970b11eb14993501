/** /api/v1/auth/*, /api/v1/users and /.well-known/jwks.json. */
import type { Router } from 'express';
import { HttpProblem } from '@tributary/http';
import { AuthError, openPending, sealPending, PENDING_TTL_SECONDS } from '@tributary/auth';
import type { KeySource, LoginProvider, ProviderName } from '@tributary/auth';
import type { AuthStore } from '@tributary/db/auth';
import type { AuthService } from '../auth/service.ts';
import type { components } from '../generated/openapi.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { sendHtml, wantsHtml } from '../ui/router.ts';
import { oauthHandoffPage } from '../ui/page.ts';

type Schemas = components['schemas'];

export interface AuthRouteDeps {
  auth: AuthService;
  store: AuthStore;
  keys: KeySource;
  providers: Partial<Record<ProviderName, LoginProvider>>;
  /** Encrypts the pending-login cookie (32 bytes). */
  cookieKey: Uint8Array;
  publicUrl: string;
}

const COOKIE = 'tributary_login';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** Every credential failure is the same 401 to the client; the code only goes to the log. */
function unauthorized(err: unknown): never {
  if (err instanceof AuthError) {
    const kind = err.code === 'invalid-credentials' ? 'invalid-credentials' : 'invalid-token';
    throw new HttpProblem(kind, kind === 'invalid-credentials' ? 'wrong email or password' : err.message, {
      extensions: { code: err.code },
    });
  }
  throw err;
}

const isUserCursor = (v: unknown): v is [string, string] =>
  Array.isArray(v) &&
  v.length === 2 &&
  typeof v[0] === 'string' &&
  typeof v[1] === 'string' &&
  !Number.isNaN(Date.parse(v[0]));

export function authRoutes(router: Router, d: AuthRouteDeps): void {
  router.get('/.well-known/jwks.json', async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json((await d.keys.current()).jwks);
  });

  router.post('/api/v1/auth/register', async (req, res) => {
    const body = req.body as Schemas['Registration'];
    res.status(201).json(await d.auth.register(body));
  });

  router.post('/api/v1/auth/login', async (req, res) => {
    const body = req.body as Schemas['Credentials'];
    res.json(await d.auth.login(body).catch(unauthorized));
  });

  router.post('/api/v1/auth/refresh', async (req, res) => {
    const body = req.body as Schemas['RefreshRequest'];
    res.setHeader('Cache-Control', 'no-store');
    res.json(await d.auth.refresh(body.refreshToken).catch(unauthorized));
  });

  router.post('/api/v1/auth/logout', async (req, res) => {
    const body = req.body as Schemas['RefreshRequest'];
    await d.auth.logout(body.refreshToken);
    res.status(204).end();
  });

  router.get('/api/v1/auth/me', async (req, res) => {
    const user = await d.store.findUserById(req.user?.sub ?? '');
    if (!user) throw new HttpProblem('invalid-token', 'the account no longer exists');
    res.json(await d.auth.view(user));
  });

  const providerOf = (name: string | string[] | undefined): LoginProvider => {
    const p = d.providers[name as ProviderName];
    if (!p) throw new HttpProblem('not-found', `${String(name)} login is not configured`);
    return p;
  };
  const callbackUrl = (name: string) => `${d.publicUrl}/api/v1/auth/${name}/callback`;
  const secure = d.publicUrl.startsWith('https:');

  router.get('/api/v1/auth/:provider/login', async (req, res) => {
    const provider = providerOf(req.params.provider);
    const { url, pending } = await provider.start(callbackUrl(provider.name));
    const sealed = await sealPending(pending, d.cookieKey);
    res.cookie(COOKIE, sealed, {
      httpOnly: true,
      secure,
      sameSite: 'lax', // sent on the provider's top-level redirect back
      path: `/api/v1/auth/${provider.name}`,
      maxAge: PENDING_TTL_SECONDS * 1000,
    });
    res.redirect(302, url.href);
  });

  router.get('/api/v1/auth/:provider/callback', async (req, res) => {
    const provider = providerOf(req.params.provider);
    const query = req.query as { error?: string; error_description?: string };
    if (query.error)
      throw new HttpProblem(
        'unauthorized',
        `${provider.name} refused: ${query.error_description ?? query.error}`,
      );
    const sealed = cookieValue(req.headers.cookie, COOKIE);
    res.clearCookie(COOKIE, { path: `/api/v1/auth/${provider.name}` });
    res.setHeader('Cache-Control', 'no-store');
    // A browser (the web UI's buttons) gets a page that hands the session, or the error, to the UI.
    const browser = wantsHtml(req);
    try {
      if (!sealed) throw new AuthError('oauth-state', 'login session cookie is missing');
      const pending = await openPending(sealed, d.cookieKey, provider.name);
      const current = new URL(req.originalUrl, d.publicUrl);
      const identity = await provider.finish(current, pending);
      const session = await d.auth.externalLogin(identity);
      if (browser) return sendHtml(req, res, oauthHandoffPage({ session }));
      res.json(session);
    } catch (err) {
      if (browser && err instanceof AuthError)
        return sendHtml(req, res.status(401), oauthHandoffPage({ error: err.message }));
      unauthorized(err);
    }
  });

  router.get('/api/v1/users', async (req, res) => {
    const q = req.query as { limit?: number; cursor?: string };
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, isUserCursor);
    const users = await d.store.listUsers(
      limit + 1,
      after ? { createdAt: new Date(after[0]), id: after[1] } : undefined,
    );
    const page = users.slice(0, limit);
    const last = page.at(-1);
    const body: Schemas['UserPage'] = {
      items: await Promise.all(page.map((u) => d.auth.view(u))),
      nextCursor: users.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    };
    res.json(body);
  });

  router.patch('/api/v1/users/:id', async (req, res) => {
    const body = req.body as Schemas['UserUpdate'];
    const user = await d.store.updateUser(String(req.params.id), { role: body.role });
    if (!user) throw new HttpProblem('not-found', 'no such user');
    res.json(await d.auth.view(user));
  });
}
