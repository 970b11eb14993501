import { readFile } from 'node:fs/promises';
import type { CommandModule } from '@tributary/command';
import { parseCommandArgs, UsageError } from '@tributary/command';
import { ParseError } from './errors.ts';
import type { ParsedFeed } from './model.ts';
import { parseFeed } from './parse/index.ts';

const usage = `usage: tributary feed parse FILE|URL [--json]

Parses and normalizes one feed document (RSS 0.9x/2.0, RDF, Atom 0.3/1.0, JSON Feed 1.0/1.1).
  --json   print the normalized JSON ({feed, items}); without it, a short summary
Exit 0 on success, 1 when the input cannot be read or parsed (one-line reason on stderr).`;

/** A plain GET for URL arguments (the polite, stateful fetcher belongs to `tributary ingest`). */
const FETCH_TIMEOUT_MS = 20_000;
const MAX_BYTES = 15 * 1024 * 1024;

export const feedParse: CommandModule = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean', default: false } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE or URL');
    const source = positionals[0] as string;
    let parsed: ParsedFeed;
    try {
      const input: Download = /^https?:\/\//i.test(source)
        ? await download(source)
        : { body: await readFile(source) };
      parsed = parseFeed(input.body, { url: input.url, contentType: input.contentType });
    } catch (err) {
      const reason = err instanceof ParseError ? `${err.code}: ${err.message}` : (err as Error).message;
      process.stderr.write(`feed parse: ${source}: ${reason.replace(/\s+/g, ' ')}\n`);
      return 1;
    }
    process.stdout.write(values.json ? JSON.stringify(parsed, null, 2) + '\n' : summary(parsed));
    return 0;
  },
};

interface Download {
  body: Uint8Array;
  url?: string;
  contentType?: string;
}

async function download(url: string): Promise<Download> {
  const res = await fetch(url, {
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    headers: {
      accept:
        'application/feed+json, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.8',
    },
  });
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_BYTES) throw new Error(`body larger than ${MAX_BYTES} bytes`);
  const body = new Uint8Array(await res.arrayBuffer());
  if (body.byteLength > MAX_BYTES) throw new Error(`body larger than ${MAX_BYTES} bytes`);
  return { body, url: res.url || url, contentType: res.headers.get('content-type') ?? undefined };
}

function summary({ feed, items }: ParsedFeed): string {
  const lines = [
    `${feed.title || '(untitled)'}  [${feed.format}]`,
    `  link: ${feed.link || '-'}   feed: ${feed.feedUrl || '-'}   updated: ${feed.updated ?? '-'}`,
    `  ${items.length} item(s)`,
  ];
  for (const it of items.slice(0, 10))
    lines.push(`  - ${it.published ?? '          -         '}  ${it.title || it.link || it.key}`);
  if (items.length > 10) lines.push(`  ... ${items.length - 10} more`);
  return lines.join('\n') + '\n';
}
