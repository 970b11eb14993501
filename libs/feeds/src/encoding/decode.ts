import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/**
 * Turns a fetched body into text. Order (as Miniflux): a byte-order mark wins; bytes that are
 * valid UTF-8 are trusted whatever the headers say (servers and prologs often lie); otherwise the
 * charset from Content-Type, then the XML prolog (labels read per the WHATWG Encoding standard),
 * then windows-1252 (what "latin-1" means in the wild).
 */
export function decodeBody(body: Uint8Array, contentType?: string): string {
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
    return utf8Lenient.decode(body.subarray(3));
  }
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(body.subarray(2));
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff)
    return new TextDecoder('utf-16be').decode(body.subarray(2));
  // UTF-16 without a BOM: '<' followed or preceded by a NUL byte.
  if (body.length >= 4 && body[0] === 0x3c && body[1] === 0 && body[2] === 0x3f && body[3] === 0) {
    return new TextDecoder('utf-16le').decode(body);
  }
  if (body.length >= 4 && body[0] === 0 && body[1] === 0x3c && body[2] === 0 && body[3] === 0x3f) {
    return new TextDecoder('utf-16be').decode(body);
  }
  try {
    return utf8.decode(body);
  } catch {
    // not valid UTF-8: fall through to the declared charset
  }
  const declared = charsetFromContentType(contentType) ?? charsetFromProlog(body);
  const whatwg = declared === undefined ? undefined : whatwgDecoder(declared);
  // A document declaring UTF-8 that is not valid UTF-8 is nearly always windows-1252.
  if (whatwg !== undefined && whatwg.encoding !== 'utf-8') return whatwg.decode(body);
  // Labels outside the WHATWG Encoding standard (cp437, ...) that iconv knows; else windows-1252.
  const legacy =
    declared !== undefined && whatwg === undefined && iconv.encodingExists(declared)
      ? declared
      : 'windows-1252';
  return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), legacy);
}

/**
 * The decoder for a charset label as the WHATWG Encoding standard (browsers, feed readers) maps
 * it: `iso-8859-1`, `latin1` and `us-ascii` mean windows-1252 (0x80–0x9F are “smart quotes”,
 * €, …, not C1 controls). undefined when the label is not in the standard.
 */
function whatwgDecoder(label: string): InstanceType<typeof TextDecoder> | undefined {
  try {
    return new TextDecoder(label);
  } catch {
    return undefined;
  }
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType);
  return m?.[1]?.toLowerCase();
}

/** `encoding="..."` in the XML declaration (read as ASCII from the first bytes). */
export function charsetFromProlog(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 512)).toString('latin1');
  const m = /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([\w.:-]+)["']/.exec(head);
  return m?.[1]?.toLowerCase();
}
