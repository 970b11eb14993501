/**
 * The UI's HTML documents: the shell served at / and the page that hands an OAuth login's session
 * to the UI. The strict CSP allows no inline script, except the import map, allowed by its hash.
 */
import { createHash } from 'node:crypto';
import { VENDOR } from './assets.ts';

const importMap = JSON.stringify({
  imports: Object.fromEntries(Object.entries(VENDOR).map(([name, v]) => [name, v.url])),
});
const importMapHash = `'sha256-${createHash('sha256').update(importMap).digest('base64')}'`;

/** helmet's default policy, with the import map's hash added to script-src. */
export const UI_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  `script-src 'self' ${importMapHash}`,
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join(';');

/** JSON inside a <script> data block: `<` escaped so no `</script>` can end it early. */
const dataBlock = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function document(body: string, script: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Tributary</title>
<link rel="stylesheet" href="/ui/styles.css">
<script type="importmap">${importMap}</script>
<link rel="modulepreload" href="${VENDOR.preact?.url}">
<link rel="modulepreload" href="${VENDOR['preact/hooks']?.url}">
<link rel="modulepreload" href="${VENDOR['htm/preact']?.url}">
<link rel="modulepreload" href="${VENDOR.htm?.url}">
<script type="module" src="${script}"></script>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * The shell: the header and an empty main of reserved size render before any script runs, so the
 * page does not jump when the app mounts into it.
 */
export const SHELL = document(
  `<div id="app"><header class="top"><span class="brand">Tributary</span></header><main id="main" class="main" aria-busy="true"></main></div>`,
  '/ui/main.ts',
);

/** What the OAuth callback answers a browser: the session (or the error) for the UI to take. */
export function oauthHandoffPage(result: { session: unknown } | { error: string }): string {
  return document(
    `<script type="application/json" id="oauth-result">${dataBlock(result)}</script><main id="main" class="main"><p>Signing in…</p></main>`,
    '/ui/oauth.ts',
  );
}
