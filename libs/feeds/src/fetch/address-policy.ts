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

/**
 * IPv4 embedded in IPv6 as `::ffff:a.b.c.d` (mapped), `::a.b.c.d` (compatible) or the NAT64
 * well-known prefix `64:ff9b::/96`: these reach the IPv4 address, so they get its verdict.
 */
function embeddedIPv4(address: string): string | null {
  const m = /^(?:::ffff:(?:0:)?|::|64:ff9b::)(.+)$/i.exec(address);
  if (!m?.[1]) return null;
  const tail = m[1];
  if (isIP(tail) === 4) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
  if (!hex?.[1] || !hex[2]) return null;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Returns why `address` (an IP literal) must not be fetched, or null when it is a public address. */
export function blockedReason(address: string): BlockedReason | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''); // brackets, IPv6 zone id
  const family = isIP(bare);
  if (family === 0) return 'reserved'; // not an IP at all: refuse rather than guess
  if (family === 6) {
    const v4 = embeddedIPv4(bare);
    if (v4) return blockedReason(v4);
  }
  const fam = family === 4 ? 'ipv4' : 'ipv6';
  for (const { list, reason, family: f } of lists) {
    if (f === fam && list.check(bare, fam)) return reason;
  }
  return null;
}
