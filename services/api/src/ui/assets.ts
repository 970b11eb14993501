/**
 * The web UI's files, read once at startup into memory: the browser modules under web/ (TypeScript,
 * types stripped by Node, so the UI has no build step and tsc checks it like the rest), the
 * stylesheet, and the few vendor modules from node_modules. Each asset is kept raw and gzipped with
 * a content ETag, so a request is a map lookup.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as nodeModule from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
  /** Vendor files change only with a dependency bump; app files are revalidated (ETag). */
  immutable: boolean;
}

const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), 'web');
const require = createRequire(import.meta.url);

/** Bare specifiers of the browser modules → the URL each vendor module is served at. */
export const VENDOR: Record<string, { url: string; pkg: string; file: string }> = {
  preact: { url: '/ui/vendor/preact.mjs', pkg: 'preact', file: 'dist/preact.mjs' },
  'preact/hooks': { url: '/ui/vendor/preact-hooks.mjs', pkg: 'preact', file: 'hooks/dist/hooks.mjs' },
  htm: { url: '/ui/vendor/htm.mjs', pkg: 'htm', file: 'dist/htm.mjs' },
  'htm/preact': { url: '/ui/vendor/htm-preact.mjs', pkg: 'htm', file: 'preact/index.mjs' },
  // Loaded only by the graph page (dynamic import): 136 kB gzipped, kept off the first load.
  cytoscape: { url: '/ui/vendor/cytoscape.mjs', pkg: 'cytoscape', file: 'dist/cytoscape.esm.min.mjs' },
};
/** A file of a package by its path in it (their "exports" list neither the dist files nor package.json). */
function packageFile(pkg: string, file: string): string {
  let dir = dirname(require.resolve(pkg));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, file);
}

export function makeAsset(type: string, body: Buffer, immutable = false): Asset {
  return {
    type,
    body,
    gzip: gzipSync(body, { level: 9 }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    immutable,
  };
}

const stripTypes = (nodeModule as { stripTypeScriptTypes?: (code: string) => string }).stripTypeScriptTypes;

function webFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? webFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Every asset under /ui/ by URL path. */
export function loadAssets(): Map<string, Asset> {
  if (!stripTypes) throw new Error('the web UI needs node:module stripTypeScriptTypes (Node >= 22.13)');
  const assets = new Map<string, Asset>();
  for (const file of webFiles(WEB_DIR)) {
    const rel = relative(WEB_DIR, file).split('\\').join('/');
    if (rel.endsWith('.test.ts') || rel === 'tsconfig.json') continue;
    const text = readFileSync(file, 'utf8');
    if (rel.endsWith('.ts'))
      assets.set(`/ui/${rel}`, makeAsset('text/javascript; charset=utf-8', Buffer.from(stripTypes(text))));
    else if (rel.endsWith('.css'))
      assets.set(`/ui/${rel}`, makeAsset('text/css; charset=utf-8', Buffer.from(text)));
  }
  for (const { url, pkg, file } of Object.values(VENDOR))
    assets.set(url, makeAsset('text/javascript; charset=utf-8', readFileSync(packageFile(pkg, file)), true));
  return assets;
}
