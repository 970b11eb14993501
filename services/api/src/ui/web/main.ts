/** The web UI: header with navigation and theme toggle, hash routes to the pages. */
import { html } from 'htm/preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { parseRoute } from './route.ts';
import { authChanged, currentUser, signOut } from './session.ts';
import { SignIn } from './signin.ts';
import { EntityPage, Entities, Feeds, ItemPage, Items, Stories, StoryPage } from './pages.ts';
import { GraphPage } from './graph.ts';

const THEME = 'tributary.theme';
const applyTheme = (t: string | null) => {
  if (t) document.documentElement.dataset.theme = t;
  else delete document.documentElement.dataset.theme;
};
applyTheme(localStorage.getItem(THEME));

function ThemeToggle() {
  const dark = () =>
    (document.documentElement.dataset.theme ??
      (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')) === 'dark';
  const [isDark, setDark] = useState(dark());
  const toggle = () => {
    const t = isDark ? 'light' : 'dark';
    localStorage.setItem(THEME, t);
    applyTheme(t);
    setDark(!isDark);
  };
  return html`<button type="button" class="secondary" aria-pressed=${isDark} onClick=${toggle}>
    Dark theme
  </button>`;
}

const NAV = [
  ['stories', 'Stories'],
  ['items', 'Items'],
  ['feeds', 'Feeds'],
  ['entities', 'Entities'],
] as const;

function useHash() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    authChanged.addEventListener('change', on);
    return () => {
      removeEventListener('hashchange', on);
      authChanged.removeEventListener('change', on);
    };
  }, []);
  return hash;
}

function Page({ hash }: { hash: string }) {
  const r = parseRoute(hash);
  if (!currentUser() || r.page === 'signin') return html`<${SignIn} error=${r.params.get('error')} />`;
  switch (r.page) {
    case 'stories':
      return html`<${Stories} params=${r.params} />`;
    case 'story':
      return html`<${StoryPage} id=${r.id ?? ''} />`;
    case 'item':
      return html`<${ItemPage} id=${r.id ?? ''} />`;
    case 'feeds':
      return html`<${Feeds} params=${r.params} />`;
    case 'entities':
      return html`<${Entities} />`;
    case 'entity':
      return html`<${EntityPage} id=${r.id ?? ''} />`;
    case 'graph':
      return html`<${GraphPage} id=${r.id ?? ''} kind=${r.params.get('kind') ?? 'item'} />`;
    default:
      return html`<${Items} params=${r.params} />`;
  }
}

function App() {
  const hash = useHash();
  const user = currentUser();
  const page = parseRoute(hash).page;
  useEffect(() => document.getElementById('main')?.focus({ preventScroll: true }), [hash]);
  return html`<a
      class="skip"
      href="#main"
      onClick=${(e: Event) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >Skip to content</a
    >
    <header class="top">
      <span class="brand">Tributary</span>
      ${
        user
          ? html`<nav aria-label="Main">
              ${NAV.map(([p, label]) => html`<a href="#/${p}" aria-current=${page === p ? 'page' : undefined}>${label}</a>`)}
            </nav>`
          : null
      }
      <span class="spacer"></span>
      <${ThemeToggle} />
      ${user ? html`<span class="meta">${user.email}</span><button type="button" class="secondary" onClick=${signOut}>Sign out</button>` : null}
    </header>
    <main id="main" class="main" tabindex="-1"><${Page} hash=${hash} /></main>`;
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(html`<${App} />`, root);
}
