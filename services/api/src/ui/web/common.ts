/** Shared view pieces: data loading with a reserved-size skeleton, the error and "not available" panels. */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { ApiError, getJson } from './session.ts';

export type Load<T> =
  { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: ApiError | Error };

/** GETs `path` (again whenever it changes); null skips. */
export function useJson<T>(path: string | null): Load<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  useEffect(() => {
    if (!path) return;
    let live = true;
    setLoad({ state: 'loading' });
    getJson<T>(path).then(
      (data) => live && setLoad({ state: 'ok', data }),
      (error: Error) => live && setLoad({ state: 'error', error }),
    );
    return () => void (live = false);
  }, [path]);
  return load;
}

/** Placeholder rows of the same height as the real ones: nothing moves when data arrives. */
export function Skeleton({ rows = 8 }: { rows?: number }) {
  return html`<ul class="list" aria-hidden="true">
    ${Array.from({ length: rows }, () => html`<li class="row skeleton"><span></span><span></span></li>`)}
  </ul>`;
}

export function ErrorPanel({ error, what }: { error: Error; what: string }) {
  if (error instanceof ApiError && error.status === 404)
    return html`<section class="panel notice" role="status">
      <h2>${what} not available</h2>
      <p>This server does not offer ${what.toLowerCase()} yet (${error.message}).</p>
    </section>`;
  return html`<section class="panel error" role="alert">
    <h2>Could not load ${what.toLowerCase()}</h2>
    <p>${error.message}</p>
  </section>`;
}

/** Renders `children(data)` once loaded; a skeleton before, a panel on failure. */
export function Loaded<T>({
  load,
  what,
  rows,
  children,
}: {
  load: Load<T>;
  what: string;
  rows?: number;
  children: (data: T) => ComponentChildren;
}) {
  if (load.state === 'loading') return html`<${Skeleton} rows=${rows ?? 8} />`;
  if (load.state === 'error') return html`<${ErrorPanel} error=${load.error} what=${what} />`;
  return html`${children(load.data)}`;
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16).replace('T', ' ');
}
