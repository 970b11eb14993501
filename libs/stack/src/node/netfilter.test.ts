import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mountsUnder, nodeIpsets, splitRule, tableCleanup } from './netfilter.ts';

test('splitRule keeps quoted comments as one argument', () => {
  assert.deepEqual(splitRule('-A KUBE-SVC-X -m comment --comment "ns/web:http \\"x\\"" -j KUBE-SEP-Y'), [
    '-A',
    'KUBE-SVC-X',
    '-m',
    'comment',
    '--comment',
    'ns/web:http "x"',
    '-j',
    'KUBE-SEP-Y',
  ]);
});

test("tableCleanup: the host chains' jumps into node chains, and the node chains, nothing else", () => {
  const listing = [
    '-P FORWARD ACCEPT',
    '-N DOCKER-USER',
    '-N KUBE-FORWARD',
    '-N KUBE-ROUTER-FORWARD',
    '-N TRIB-NODE-GUARD',
    '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    '-A FORWARD -j KUBE-ROUTER-FORWARD',
    '-A FORWARD -j DOCKER-USER',
    '-A FORWARD -o eth0 -j ACCEPT',
    '-A KUBE-FORWARD -j ACCEPT',
  ].join('\n');
  assert.deepEqual(tableCleanup(listing), {
    deleteRules: [
      ['-D', 'FORWARD', '-m', 'comment', '--comment', 'kubernetes forwarding rules', '-j', 'KUBE-FORWARD'],
      ['-D', 'FORWARD', '-j', 'KUBE-ROUTER-FORWARD'],
    ],
    chains: ['KUBE-FORWARD', 'KUBE-ROUTER-FORWARD', 'TRIB-NODE-GUARD'],
  });
});

test("nodeIpsets: kube-router's sets and their IPv6 twins only", () => {
  assert.deepEqual(nodeIpsets('KUBE-SRC-ABC\ninet6:KUBE-DST-DEF\nmy-set\n\n'), [
    'KUBE-SRC-ABC',
    'inet6:KUBE-DST-DEF',
  ]);
});

test('mountsUnder: points at or below the dir, unescaped, deepest first; a sibling prefix is not below', () => {
  const line = (point: string) => `36 25 0:32 / ${point} rw,relatime shared:1 - tmpfs tmpfs rw`;
  const info = [
    line('/s/node'),
    line('/s/node/kubelet/pods/p1/volumes/kubernetes.io~projected/kube-api-access'),
    line('/s/node/containerd/run/with\\040space'),
    line('/s/node-other'),
    line('/proc'),
  ].join('\n');
  assert.deepEqual(mountsUnder(info, '/s/node'), [
    '/s/node/kubelet/pods/p1/volumes/kubernetes.io~projected/kube-api-access',
    '/s/node/containerd/run/with space',
    '/s/node',
  ]);
});
