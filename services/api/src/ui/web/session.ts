/** The signed-in session in localStorage, and the API client that refreshes its access token. */
import type { components } from '../../generated/openapi.ts';

export type User = components['schemas']['User'];
type Session = components['schemas']['Session'];
interface Stored {
  accessToken: string;
  refreshToken: string;
  /** epoch ms */
  expiresAt: number;
  user: User;
}

const KEY = 'tributary.session';
export const authChanged = new EventTarget();

export function currentUser(): User | null {
  return load()?.user ?? null;
}
function load(): Stored | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null') as Stored | null;
  } catch {
    return null;
  }
}
export function saveSession(s: Session): void {
  const stored: Stored = {
    accessToken: s.accessToken,
    refreshToken: s.refreshToken,
    expiresAt: Date.now() + s.expiresIn * 1000,
    user: s.user,
  };
  localStorage.setItem(KEY, JSON.stringify(stored));
  authChanged.dispatchEvent(new Event('change'));
}
export function signOut(): void {
  const s = load();
  localStorage.removeItem(KEY);
  authChanged.dispatchEvent(new Event('change'));
  if (s) void post('/api/v1/auth/logout', { refreshToken: s.refreshToken });
}

/** The API answered with a problem (RFC 9457). `status` 404 on a route means "not available yet". */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const post = (path: string, body: unknown) =>
  fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/**
 * Refresh tokens are single use (a second use revokes the login): tabs take turns through a Web
 * Lock and a tab that finds the token already replaced uses the new one.
 */
async function refreshed(spent: string): Promise<string | null> {
  const run = async () => {
    const cur = load();
    if (!cur) return null;
    if (cur.refreshToken !== spent) return cur.accessToken;
    const r = await post('/api/v1/auth/refresh', { refreshToken: spent });
    if (!r.ok) {
      signOut();
      return null;
    }
    saveSession((await r.json()) as Session);
    return load()?.accessToken ?? null;
  };
  return navigator.locks ? navigator.locks.request('tributary-refresh', run) : run();
}

async function token(): Promise<string | null> {
  const s = load();
  if (!s) return null;
  return s.expiresAt - Date.now() > 30_000 ? s.accessToken : refreshed(s.refreshToken);
}

async function problem(r: Response): Promise<ApiError> {
  const body = (await r.json().catch(() => ({}))) as { detail?: string; title?: string };
  return new ApiError(r.status, body.detail ?? body.title ?? `HTTP ${r.status}`);
}

/** A request with the bearer token; one retry after a refresh when the token was refused. */
export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const send = (t: string | null) =>
    fetch(path, {
      ...init,
      headers: { ...(init.headers ?? {}), ...(t ? { authorization: `Bearer ${t}` } : {}) },
    });
  let r = await send(await token());
  if (r.status === 401) {
    const s = load();
    if (s) r = await send(await refreshed(s.refreshToken));
  }
  if (!r.ok) throw await problem(r);
  return r;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await api(path)).json()) as T;
}

export async function sendJson<T>(method: string, path: string, body: unknown): Promise<T> {
  const r = await api(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (r.status === 204 ? null : await r.json()) as T;
}

/** Password sign-in; throws ApiError (401: wrong email or password). */
export async function signIn(email: string, password: string): Promise<void> {
  const r = await post('/api/v1/auth/login', { email, password });
  if (!r.ok) throw await problem(r);
  saveSession((await r.json()) as Session);
}
