import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockedReason } from './address-policy.ts';

test('refuses loopback, private, link-local, CGNAT, multicast, unspecified and metadata', () => {
  const cases: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['255.255.255.255', 'reserved'],
    ['[::1]', 'loopback'],
  ];
  for (const [ip, reason] of cases) assert.equal(blockedReason(ip), reason, ip);
});

test('IPv4 embedded in IPv6 gets the IPv4 verdict', () => {
  assert.equal(blockedReason('::ffff:127.0.0.1'), 'loopback');
  assert.equal(blockedReason('::ffff:7f00:1'), 'loopback');
  assert.equal(blockedReason('::ffff:a9fe:a9fe'), 'metadata');
  assert.equal(blockedReason('64:ff9b::10.0.0.1'), 'private');
  assert.equal(blockedReason('::ffff:8.8.8.8'), null);
});

test('public addresses pass', () => {
  for (const ip of [
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '2001:4860::8888',
  ]) {
    assert.equal(blockedReason(ip), null, ip);
  }
});

test('a non-IP string is refused, not guessed', () => {
  assert.equal(blockedReason('example.org'), 'reserved');
});

test('every spelling and transition mechanism that reaches an IPv4 address gets its verdict', () => {
  const cases: [string, string | null][] = [
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'], // non-canonical mapped, as a resolver may return it
    ['0000:0000:0000:0000:0000:FFFF:127.0.0.1', 'loopback'],
    ['::ffff:0:10.0.0.1', 'private'], // SIIT
    ['::10.0.0.1', 'private'], // IPv4-compatible
    ['0:0:0:0:0:0:a9fe:a9fe', 'metadata'],
    ['64:ff9b:0:0:0:0:7f00:1', 'loopback'],
    ['2002:0a00:0001::1', 'private'], // 6to4 embedding 10.0.0.1
    ['2002:c0a8:0101:1::', 'private'], // 6to4 embedding 192.168.1.1
    ['2002:7f00:1::', 'loopback'],
    ['2002:0808:0808::1', null], // 6to4 of a public address
    ['64:ff9b:1::a00:1', 'reserved'], // NAT64 local use
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo
    ['192.88.99.1', 'reserved'],
    ['::ffff:8.8.8.8', null],
    ['2606:4700::6810:84e5', null],
  ];
  for (const [ip, reason] of cases) assert.equal(blockedReason(ip), reason, ip);
});
