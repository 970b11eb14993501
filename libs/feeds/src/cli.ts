import { readFile } from 'node:fs/promises';
import type { CommandModule } from '@tributary/command';
import { boolSetting, parseCommandArgs, UsageError } from '@tributary/command';
import { ParseError } from './errors.ts';
import { Fetcher, FetchError } from './fetch/index.ts';
import type { ParsedFeed } from './model.ts';
import { parseFeed } from './parse/index.ts';

const usage = `usage: tributary feed parse FILE|URL [--json]

Parses and normalizes one feed document (RSS 0.9x/2.0, RDF, Atom 0.3/1.0, JSON Feed 1.0/1.1).
  --json   print the normalized JSON ({feed, items}); without it, a short summary
Exit 0 on success, 1 when the input cannot be read or parsed (one-line reason on stderr).`;

export const feedParse: CommandModule = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean', default: false } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE or URL');
    const source = positionals[0] as string;
    const isUrl = /^https?:\/\//i.test(source);
    // Read before the fetch so a malformed value is a usage error (exit 2), never a silent default.
    const allowPrivateNetworks = isUrl && boolSetting(process.env, 'TRIBUTARY_ALLOW_PRIVATE_NETWORKS', true);
    let parsed: ParsedFeed;
    try {
      const input: Download = isUrl
        ? await download(source, allowPrivateNetworks)
        : { body: await readFile(source) };
      parsed = parseFeed(input.body, { url: input.url, contentType: input.contentType });
    } catch (err) {
      const reason =
        err instanceof ParseError || err instanceof FetchError
          ? `${err.code}: ${err.message}`
          : (err as Error).message;
      process.stderr.write(`feed parse: ${source}: ${reason.replace(/\s+/g, ' ')}\n`);
      return 1;
    }
    try {
      if (values.json) for (const chunk of jsonChunks(parsed)) process.stdout.write(chunk);
      else process.stdout.write(summary(parsed));
    } catch (err) {
      process.stderr.write(`feed parse: ${source}: cannot print the result: ${(err as Error).message}\n`);
      return 1;
    }
    return 0;
  },
};

/**
 * `JSON.stringify(parsed, null, 2) + '\n'` one item at a time: a whole large feed can exceed the
 * longest string V8 builds (RangeError: Invalid string length); one item is bounded by the limits.
 */
export function* jsonChunks({ feed, items }: ParsedFeed): Generator<string> {
  const indent = (json: string, by: string) => json.replaceAll('\n', '\n' + by);
  yield '{\n  "feed": ' + indent(JSON.stringify(feed, null, 2), '  ') + ',\n  "items": [';
  for (let i = 0; i < items.length; i++)
    yield (i === 0 ? '\n    ' : ',\n    ') + indent(JSON.stringify(items[i], null, 2), '    ');
  yield items.length === 0 ? ']\n}\n' : '\n  ]\n}\n';
}

interface Download {
  body: Uint8Array;
  url?: string;
  contentType?: string;
}

/**
 * One GET through the ingest fetcher (byte cap after decompression, timeouts, redirects). Unlike
 * ingest, private and loopback addresses are allowed unless TRIBUTARY_ALLOW_PRIVATE_NETWORKS is
 * false (or 0, no, off): the URL comes from the person at the terminal (no request forgery), who
 * often parses a local server.
 */
async function download(url: string, allowPrivateNetworks: boolean): Promise<Download> {
  const fetcher = new Fetcher({ allowPrivateNetworks });
  try {
    const res = await fetcher.fetch({ url });
    return { body: res.body, url: res.url, contentType: res.contentType ?? undefined };
  } finally {
    await fetcher.close();
  }
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
