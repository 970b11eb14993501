/**
 * SSRF address policy (pure): which IP addresses a feed fetch may connect to. Feeds are URLs
 * supplied by users, so without this a Feed could make the ingestor read cloud metadata or
 * internal services.
 */
import { BlockList, isIP } from 'node:net';

export type BlockedReason =
  'loopback' | 'private' | 'link-local' | 'cgnat' | 'multicast' | 'unspecified' | 'metadata' | 'reserved';

type Range = [network: string, prefix: number, reason: BlockedReason];

// Most specific first: the metadata addresses sit inside link-local / ULA and deserve their own reason.
const V4: Range[] = [
  ['169.254.169.254', 32, 'metadata'],
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'], // deprecated 6to4 relay anycast (RFC 7526)
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes 255.255.255.255 broadcast
];
const V6: Range[] = [
  ['fd00:ec2::254', 128, 'metadata'],
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'reserved'],
  ['64:ff9b:1::', 48, 'reserved'], // NAT64 local use (RFC 8215): only internal translators
  ['2001::', 32, 'reserved'], // Teredo: tunnels to an obfuscated IPv4 client
  ['2001:db8::', 32, 'reserved'],
  ['fc00::', 7, 'private'],
  ['fec0::', 10, 'private'],
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'multicast'],
];

const lists = [...V4.map((r) => [...r, 'ipv4'] as const), ...V6.map((r) => [...r, 'ipv6'] as const)].map(
  ([net, prefix, reason, family]) => {
    const list = new BlockList();
    list.addSubnet(net, prefix, family);
    return { list, reason, family };
  },
);

/** The eight 16-bit groups of an IPv6 literal in any spelling (compressed or not, dotted tail). */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
    text = text.slice(0, -dotted.length) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head = '', tail, ...more] = text.split('::');
  if (more.length > 0) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  const groups = tail === undefined ? h : [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

const dottedQuad = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 address an IPv6 one reaches, whatever its spelling: mapped `::ffff:0:0/96`, SIIT
 * `::ffff:0:0:0/96`, compatible `::/96`, NAT64 well-known `64:ff9b::/96` (last 32 bits) and 6to4
 * `2002::/16` (bits 16–47). These get the IPv4 address's verdict.
 */
function embeddedIPv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (g === null) return null;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (g0 === 0x2002) return dottedQuad(g1, g2);
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const mapped = zeroTo(5) && g5 === 0xffff;
  const siit = zeroTo(4) && g4 === 0xffff && g5 === 0;
  const nat64 = g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  return mapped || siit || nat64 || zeroTo(6) ? dottedQuad(g6, g7) : null;
}

/** Returns why `address` (an IP literal) must not be fetched, or null when it is a public address. */
export function blockedReason(address: string): BlockedReason | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''); // brackets, IPv6 zone id
  const family = isIP(bare);
  if (family === 0) return 'reserved'; // not an IP at all: refuse rather than guess
  const fam = family === 4 ? 'ipv4' : 'ipv6';
  // The IPv6 ranges first, so `::` and `::1` keep their own reasons before the ::/96 rule applies.
  for (const { list, reason, family: f } of lists) {
    if (f === fam && list.check(bare, fam)) return reason;
  }
  const v4 = family === 6 ? embeddedIPv4(bare) : null;
  return v4 === null ? null : blockedReason(v4);
}
