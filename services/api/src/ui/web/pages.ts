/** The list and detail pages: items (search + filters), item, stories, story, feeds, entities, entity. */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { Loaded, fmtDate, useJson } from './common.ts';
import { href } from './route.ts';
import { api, sendJson } from './session.ts';
import { CHART, bars } from './chart.ts';
import type { Entity, EntityDetail, Feed, Item, ItemDetail, Page, Story, Timeline } from './types.ts';

const FILTERS = ['q', 'feed', 'tag', 'author', 'entity', 'language', 'since'] as const;
const qs = (params: URLSearchParams, keys: readonly string[]) => {
  const p = new URLSearchParams();
  for (const k of keys) {
    const v = params.get(k);
    if (v) p.set(k, v);
  }
  return p;
};
const paramsOf = (p: URLSearchParams) => Object.fromEntries(p.entries());

/** Server-side cursor paging: 50 rows a page, whatever the table holds. */
function Pager({ page, params, next }: { page: string; params: URLSearchParams; next: string | null }) {
  const here = paramsOf(params);
  return html`<nav class="pager" aria-label="Pages">
    ${params.get('cursor') ? html`<a href=${href(page, null, { ...here, cursor: undefined })}>First page</a>` : null}
    ${next ? html`<a href=${href(page, null, { ...here, cursor: next })} rel="next">Next page</a>` : null}
  </nav>`;
}

export function Items({ params }: { params: URLSearchParams }) {
  const query = qs(params, [...FILTERS, 'cursor']);
  if (query.get('since')) query.set('since', new Date(query.get('since') ?? '').toISOString());
  query.set('limit', '50');
  const load = useJson<Page<Item>>(`/api/v1/items?${query}`);
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    location.hash = href('items', null, Object.fromEntries(FILTERS.map((k) => [k, String(f.get(k) ?? '')])));
  };
  return html`<h1>Items</h1>
    <form class="filters" role="search" onSubmit=${submit}>
      <label>Search <input name="q" type="search" value=${params.get('q') ?? ''} maxlength="256" /></label>
      <label>Feed <input name="feed" value=${params.get('feed') ?? ''} placeholder="namespace/name" /></label>
      <label>Tag <input name="tag" value=${params.get('tag') ?? ''} /></label>
      <label>Author <input name="author" value=${params.get('author') ?? ''} /></label>
      <label
        >Entity <input name="entity" value=${params.get('entity') ?? ''} placeholder="type:name"
      /></label>
      <label>Language <input name="language" value=${params.get('language') ?? ''} size="4" /></label>
      <label>Since <input name="since" type="date" value=${params.get('since') ?? ''} /></label>
      <button type="submit">Search</button>
    </form>
    <${Loaded} load=${load} what="Items">
      ${(page: Page<Item>) =>
        page.items.length === 0
          ? html`<p class="empty" role="status">No items match.</p>`
          : html`<ul class="list" aria-label="Items">
                ${page.items.map(
                  (i) =>
                    html`<li class="row">
                      <a href=${href('item', i.id)}>${i.title ?? i.link ?? i.key}</a>
                      <span class="meta"
                        >${fmtDate(i.published)} ·
                        ${i.feed.namespace}/${i.feed.name}${
                          i.authors[0] ? ' · ' + i.authors[0].name : ''
                        }</span
                      >
                    </li>`,
                )}
              </ul>
              <${Pager} page="items" params=${params} next=${page.nextCursor} />`}
    <//>`;
}

export function ItemPage({ id }: { id: string }) {
  const load = useJson<ItemDetail>(`/api/v1/items/${encodeURIComponent(id)}`);
  return html`<${Loaded} load=${load} what="Item" rows=${3}>
    ${(i: ItemDetail) =>
      html`<article class="panel">
        <h1>${i.title ?? i.key}</h1>
        <p class="meta">
          ${fmtDate(i.published)} · ${i.feed.namespace}/${i.feed.name}
          ${i.link ? html` · <a href=${i.link} rel="noopener noreferrer">original</a>` : null}
        </p>
        <p class="actions">
          <a class="button" href=${href('graph', id, { kind: 'item' })}>Open the graph</a>
          ${i.storyId ? html`<a class="button secondary" href=${href('story', i.storyId)}>Its story</a>` : null}
        </p>
        <div class="content" dangerouslySetInnerHTML=${{ __html: i.content ?? i.summary ?? '' }}></div>
      </article>`}
  <//>`;
}

const storyRow = (s: Story) =>
  html`<li class="row">
    <a href=${href('story', s.id)}>${s.title}</a>
    <span class="meta">${fmtDate(s.lastSeen)} · ${s.itemCount} items from ${s.sourceCount} sources</span>
  </li>`;

export function Stories({ params }: { params: URLSearchParams }) {
  const query = qs(params, ['sort', 'entity', 'tag', 'feed', 'cursor']);
  query.set('limit', '50');
  const load = useJson<{ stories: Story[]; nextCursor: string | null }>(`/api/v1/stories?${query}`);
  const sort = params.get('sort') ?? 'newest';
  return html`<h1>Stories</h1>
    <nav class="tabs" aria-label="Sort stories">
      ${['newest', 'biggest'].map(
        (s) =>
          html`<a
            href=${href('stories', null, { ...paramsOf(params), sort: s, cursor: undefined })}
            aria-current=${sort === s ? 'page' : undefined}
            >${s}</a
          >`,
      )}
    </nav>
    <${Loaded} load=${load} what="Stories">
      ${(page: { stories: Story[]; nextCursor: string | null }) =>
        html`<ul class="list" aria-label="Stories">
            ${page.stories.map(storyRow)}
          </ul>
          <${Pager} page="stories" params=${params} next=${page.nextCursor} />`}
    <//>`;
}

export function StoryPage({ id }: { id: string }) {
  const load = useJson<Story>(`/api/v1/stories/${encodeURIComponent(id)}`);
  return html`<${Loaded} load=${load} what="Story" rows=${4}>
    ${(s: Story) =>
      html`<article class="panel">
        <h1>${s.title}</h1>
        <p class="meta">${fmtDate(s.firstSeen)} – ${fmtDate(s.lastSeen)} · ${s.sourceCount} sources</p>
        <p class="chips">
          ${s.entities.map((e) => html`<a class="chip" href=${href('entity', e.id)}>${e.name}</a>`)}
        </p>
        <ul class="list" aria-label="Items of the story">
          ${(s.items ?? []).map(
            (i) =>
              html`<li class="row">
                <a href=${href('item', i.id)}>${i.title ?? i.key}</a>
                <span class="meta">${fmtDate(i.published)} · ${i.feed.name}</span>
              </li>`,
          )}
        </ul>
      </article>`}
  <//>`;
}

/** The Ready condition (or the first) of a Feed's status, with the operator's last error. */
function health(f: Feed): { ok: boolean; text: string; error: string | null } {
  const st = f.status as {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    lastError?: string;
  };
  const c = st.conditions?.find((x) => x.type === 'Ready') ?? st.conditions?.[0];
  const ok = c ? c.status === 'True' : false;
  const error = st.lastError ?? (c && !ok ? (c.message ?? null) : null);
  return { ok, text: c ? (c.reason ?? c.status) : 'Pending', error };
}

export function Feeds({ params }: { params: URLSearchParams }) {
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState('');
  const query = qs(params, ['cursor']);
  query.set('limit', '50');
  const load = useJson<Page<Feed>>(`/api/v1/feeds?${query}&v=${version}`.replace('&v=0', ''));
  const act = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      setMessage(`${what}: done`);
      setVersion(version + 1);
    } catch (err) {
      setMessage(`${what}: ${(err as Error).message}`);
    }
  };
  const add = (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const url = String(f.get('url'));
    const name = String(f.get('name') || new URL(url).hostname.replace(/[^a-z0-9]+/g, '-')).slice(0, 63);
    void act('Add feed', () =>
      sendJson('POST', '/api/v1/feeds', {
        namespace: String(f.get('namespace') || 'default'),
        name,
        spec: { url },
      }),
    );
  };
  const importOpml = (e: SubmitEvent) => {
    e.preventDefault();
    const body = new FormData(e.currentTarget as HTMLFormElement);
    void act('Import', () => api('/api/v1/feeds/import', { method: 'POST', body }));
  };
  const exportOpml = () =>
    act('Export', async () => {
      const blob = await (await api('/api/v1/feeds/export')).blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'tributary-feeds.opml';
      a.click();
      URL.revokeObjectURL(a.href);
    });
  return html`<h1>Feeds</h1>
    <p class="status" role="status" aria-live="polite">${message}</p>
    <div class="forms">
      <form class="filters" onSubmit=${add} aria-label="Add a feed">
        <label>Feed URL <input name="url" type="url" required /></label>
        <label>Name <input name="name" pattern="[a-z0-9]([-a-z0-9]*[a-z0-9])?" maxlength="63" /></label>
        <label>Namespace <input name="namespace" placeholder="default" /></label>
        <button type="submit">Add feed</button>
      </form>
      <form class="filters" onSubmit=${importOpml} aria-label="Import OPML">
        <label>OPML file <input name="file" type="file" accept=".opml,.xml,text/x-opml" required /></label>
        <button type="submit">Import</button>
        <button type="button" class="secondary" onClick=${exportOpml}>Export OPML</button>
      </form>
    </div>
    <${Loaded} load=${load} what="Feeds">
      ${(page: Page<Feed>) =>
        html`<table class="table">
            <caption class="sr-only">
              Feeds and their health
            </caption>
            <thead>
              <tr>
                <th scope="col">Feed</th>
                <th scope="col">Health</th>
                <th scope="col">Items</th>
                <th scope="col">Last error</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              ${page.items.map((f) => {
                const h = health(f);
                const suspended = (f.spec as { suspend?: boolean }).suspend === true;
                const path = `/api/v1/feeds/${f.namespace}/${f.name}`;
                return html`<tr>
                  <th scope="row">
                    <a href=${href('items', null, { feed: `${f.namespace}/${f.name}` })}
                      >${f.namespace}/${f.name}</a
                    >
                    <div class="meta">${String((f.spec as { url?: string }).url ?? '')}</div>
                  </th>
                  <td>
                    <span class=${'badge ' + (suspended ? 'off' : h.ok ? 'ok' : 'bad')}
                      >${suspended ? 'Suspended' : h.text}</span
                    >
                  </td>
                  <td>${f.items.count}</td>
                  <td class="err">${h.error ?? '—'}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      onClick=${() =>
                        act(suspended ? 'Resume' : 'Suspend', () =>
                          sendJson('PATCH', path, { spec: { suspend: !suspended } }),
                        )}
                    >
                      ${suspended ? 'Resume' : 'Suspend'}<span class="sr-only"> ${f.name}</span>
                    </button>
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>
          <${Pager} page="feeds" params=${params} next=${page.nextCursor} />`}
    <//>`;
}

export function Entities() {
  const load = useJson<{ items: Entity[] }>('/api/v1/entities?limit=50');
  return html`<h1>Entities</h1>
    <${Loaded} load=${load} what="Entities">
      ${(l: { items: Entity[] }) =>
        html`<ul class="list" aria-label="Entities">
          ${l.items.map(
            (e) =>
              html`<li class="row">
                <a href=${href('entity', e.id)}>${e.name}</a
                ><span class="meta">${e.type} · ${e.items} items</span>
              </li>`,
          )}
        </ul>`}
    <//>`;
}

function TimelineChart({ t }: { t: Timeline }) {
  const b = bars(t.points);
  const total = t.points.reduce((s, p) => s + p.mentions, 0);
  return html`<figure class="chart">
    <svg
      viewBox="0 0 ${CHART.width} ${CHART.height}"
      role="img"
      aria-label=${`${total} mentions per ${t.bucket}`}
    >
      ${b.map((x) => html`<rect x=${x.x} y=${x.y} width=${x.w} height=${x.h}><title>${fmtDate(x.t)}: ${x.mentions}</title></rect>`)}
    </svg>
    <figcaption>Mentions per ${t.bucket}</figcaption>
  </figure>`;
}

export function EntityPage({ id }: { id: string }) {
  const detail = useJson<EntityDetail>(`/api/v1/entities/${encodeURIComponent(id)}?limit=50`);
  const timeline = useJson<Timeline>(`/api/v1/entities/${encodeURIComponent(id)}/timeline?bucket=day`);
  return html`<${Loaded} load=${detail} what="Entity" rows=${3}>
    ${(e: EntityDetail) =>
      html`<article class="panel">
        <h1>${e.name} <span class="meta">${e.type}</span></h1>
        <p class="actions">
          <a class="button" href=${href('graph', id, { kind: 'entity' })}>Open the graph</a>
        </p>
        <h2>Timeline</h2>
        <div class="chart-box">
          <${Loaded} load=${timeline} what="Timeline" rows=${2}>
            ${(t: Timeline) =>
              html`<${TimelineChart} t=${t} />
                <p class="chips">
                  ${t.coMentioned.map((c) => html`<a class="chip" href=${href('entity', c.id)}>${c.name} (${c.count})</a>`)}
                </p>`}
          <//>
        </div>
        <h2>Items</h2>
        <ul class="list" aria-label="Items mentioning it">
          ${e.items.map(
            (i) =>
              html`<li class="row">
                <a href=${href('item', i.id)}>${i.title ?? i.key}</a
                ><span class="meta">${fmtDate(i.published)} · ${i.count} mentions</span>
              </li>`,
          )}
        </ul>
      </article>`}
  <//>`;
}
