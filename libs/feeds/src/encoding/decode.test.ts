import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBody } from './decode.ts';

const bytes = (s: string, enc: BufferEncoding = 'utf8') => new Uint8Array(Buffer.from(s, enc));

test('valid UTF-8 is trusted even when headers and prolog claim otherwise', () => {
  const body = bytes('<?xml version="1.0" encoding="iso-8859-1"?><r>é€</r>');
  assert.equal(
    decodeBody(body, 'text/xml; charset=iso-8859-1'),
    '<?xml version="1.0" encoding="iso-8859-1"?><r>é€</r>',
  );
});

test('legacy charsets: Content-Type first, then the XML prolog, then windows-1252', () => {
  const latin1 = bytes('<r>caf\u00e9</r>', 'latin1');
  assert.equal(decodeBody(latin1), '<r>café</r>');
  const koi8 = new Uint8Array([0x3c, 0x72, 0x3e, 0xf0, 0xd2, 0xc9, 0x3c, 0x2f, 0x72, 0x3e]);
  assert.equal(decodeBody(koi8, 'application/rss+xml; charset="KOI8-R"'), '<r>При</r>');
  const prolog = new Uint8Array([
    ...bytes('<?xml version="1.0" encoding="koi8-r"?><r>'),
    0xf0,
    0xd2,
    0xc9,
    ...bytes('</r>'),
  ]);
  assert.equal(decodeBody(prolog), '<?xml version="1.0" encoding="koi8-r"?><r>При</r>');
});

test('declared UTF-8 that is not valid UTF-8 is read as windows-1252', () => {
  const body = new Uint8Array([
    ...bytes('<?xml version="1.0" encoding="utf-8"?><r>'),
    0x93,
    0x80,
    0x94,
    ...bytes('</r>'),
  ]);
  assert.equal(decodeBody(body), '<?xml version="1.0" encoding="utf-8"?><r>\u201c\u20ac\u201d</r>');
});

test('byte-order marks win; UTF-16 without BOM is sniffed', () => {
  assert.equal(decodeBody(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('<r/>')])), '<r/>');
  assert.equal(decodeBody(new Uint8Array([0xff, 0xfe, ...bytes('<r>é</r>', 'utf16le')])), '<r>é</r>');
  assert.equal(decodeBody(bytes('<?xml version="1.0"?><r/>', 'utf16le')), '<?xml version="1.0"?><r/>');
  const be = Buffer.from('<?x?>', 'utf16le').swap16();
  assert.equal(decodeBody(new Uint8Array(be)), '<?x?>');
});

test('labels follow the WHATWG Encoding standard: ISO-8859-1 and ASCII are windows-1252', () => {
  const c1 = [0x80, 0x93, 0x94, 0x9f];
  for (const label of ['ISO-8859-1', 'latin1', 'us-ascii', 'iso_8859-1']) {
    const body = new Uint8Array([
      ...bytes(`<?xml version="1.0" encoding="${label}"?><r>`),
      ...c1,
      ...bytes('</r>'),
    ]);
    assert.equal(
      decodeBody(body),
      `<?xml version="1.0" encoding="${label}"?><r>\u20ac\u201c\u201d\u0178</r>`,
      label,
    );
    assert.equal(
      decodeBody(new Uint8Array([...bytes('<r>'), ...c1]), `text/xml; charset=${label}`),
      '<r>\u20ac\u201c\u201d\u0178',
    );
  }
  // iso-8859-9 is windows-1254 to browsers: 0x80 is the euro sign there too.
  assert.equal(decodeBody(new Uint8Array([0x80, 0xd0]), 'text/xml; charset=iso-8859-9'), '\u20ac\u011e');
  // Outside the standard: iconv's table (cp437 box drawing), else windows-1252.
  assert.equal(decodeBody(new Uint8Array([0x80, 0xc9]), 'text/xml; charset=cp437'), '\u00c7\u2554');
  assert.equal(decodeBody(new Uint8Array([0x93, 0x80]), 'text/xml; charset=bogus-9'), '\u201c\u20ac');
});
