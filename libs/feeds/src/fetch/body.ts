/**
 * Reads a response body through its Content-Encoding decoders with the byte cap applied AFTER
 * decompression: a 10 KiB gzip bomb expanding to gigabytes is stopped as soon as the decoded
 * output passes the cap, without buffering the rest.
 */
import { Transform, Writable } from 'node:stream';
import type { Readable } from 'node:stream';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { FetchError } from './errors.ts';

/**
 * Stacked codings a response may list. Real servers apply one (rarely two); each layer is a
 * decoder with its own buffers, so a header listing thousands is refused before building any.
 */
export const MAX_CONTENT_CODINGS = 3;

/** Lists Content-Encoding codings in the order they must be undone (last applied first). */
export function decodingOrder(contentEncoding: string | undefined): string[] {
  if (!contentEncoding) return [];
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity')
    .reverse();
  if (codings.length > MAX_CONTENT_CODINGS) {
    throw new FetchError(
      'decode',
      `Content-Encoding lists ${codings.length} codings; at most ${MAX_CONTENT_CODINGS} are accepted`,
    );
  }
  return codings;
}

/** "deflate" is meant to be zlib-wrapped, but many servers send raw deflate: sniff the header. */
function inflateAuto(): Duplex {
  let inner: zlib.Inflate | zlib.InflateRaw | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (!inner) {
        const b0 = chunk[0] ?? 0;
        const b1 = chunk[1] ?? 0;
        const zlibHeader = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
        inner = zlibHeader ? zlib.createInflate() : zlib.createInflateRaw();
        inner.on('data', (d: Buffer) => this.push(d));
        inner.on('error', (err) => this.destroy(err));
      }
      inner.write(chunk, cb);
    },
    flush(cb) {
      if (!inner) return cb();
      inner.once('end', () => cb());
      inner.end();
    },
  });
}

function decoder(coding: string): Duplex {
  // Lenient finishing: truncated-but-readable gzip from flaky servers still yields its bytes.
  const finish = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(finish);
    case 'deflate':
      return inflateAuto();
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      throw new FetchError('decode', `unsupported Content-Encoding: ${coding}`);
  }
}

/** Collects chunks, failing with `too-large` the moment the total passes `maxBytes`. */
function cappedCollector(maxBytes: number, chunks: Buffer[]): Writable {
  let total = 0;
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      total += chunk.length;
      if (total > maxBytes) {
        cb(new FetchError('too-large', `body exceeds ${maxBytes} bytes after decompression`));
        return;
      }
      chunks.push(chunk);
      cb();
    },
  });
}

export async function readCappedBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const decoders = decodingOrder(contentEncoding).map(decoder);
  const chunks: Buffer[] = [];
  const sink = cappedCollector(maxBytes, chunks);
  try {
    await pipeline([body, ...decoders, sink], signal ? { signal } : {});
  } catch (err) {
    if (err instanceof FetchError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (
      e.code?.startsWith('Z_') ||
      e.code?.startsWith('ERR_BROTLI') ||
      e.code === 'ERR__ERROR_FORMAT_PADDING_1'
    ) {
      throw new FetchError('decode', `corrupt ${contentEncoding ?? ''} body: ${e.message}`, { cause: err });
    }
    throw err;
  }
  return Buffer.concat(chunks);
}
