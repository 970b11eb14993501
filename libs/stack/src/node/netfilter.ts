// Which iptables rules, chains and ipsets belong to the node, from the tools' own listings. Pure.

/**
 * Chains made by kube-proxy and the kubelet (KUBE-*), kube-router (KUBE-ROUTER-*, KUBE-NWPLCY-*,
 * KUBE-POD-FW-*), the CNI plugins (CNI-*) and the stack itself (TRIB-*). The node is the only
 * Kubernetes on this machine (one bridge, one lock), so every such chain is ours.
 */
export const NODE_CHAIN = /^(KUBE|CNI|TRIB)-/;

/** kube-router's ipsets (`inet6:` prefixes the IPv6 twins). */
export const NODE_IPSET = /^(inet6:)?KUBE-/;

export interface TableCleanup {
  /** `-D CHAIN ...` arguments, one per rule in any chain that jumps into a node chain. */
  deleteRules: string[][];
  /** Node chains, to flush (all first) and then delete. */
  chains: string[];
}

/** Splits one `iptables -S` rule line into arguments, honouring double quotes (comments). */
export function splitRule(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line))
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return out;
}

/**
 * From `iptables -t TABLE -S`: the rules of non-node chains that jump to node chains (deleted first,
 * so the chains become unreferenced) and the node chains themselves.
 */
export function tableCleanup(listing: string): TableCleanup {
  const deleteRules: string[][] = [];
  const chains: string[] = [];
  for (const line of listing.split('\n')) {
    const args = splitRule(line.trim());
    if (args[0] === '-N' && args[1] && NODE_CHAIN.test(args[1])) chains.push(args[1]);
    if (args[0] !== '-A' || !args[1] || NODE_CHAIN.test(args[1])) continue;
    const jump = args.findIndex((a) => a === '-j' || a === '-g');
    if (jump >= 0 && NODE_CHAIN.test(args[jump + 1] ?? '')) deleteRules.push(['-D', ...args.slice(1)]);
  }
  return { deleteRules, chains };
}

/** Node ipsets among `ipset list -n` output. */
export function nodeIpsets(listing: string): string[] {
  return listing
    .split('\n')
    .map((l) => l.trim())
    .filter((name) => NODE_IPSET.test(name));
}

/** Mount points at or under `dir` from /proc/self/mountinfo, deepest first (so parents unmount last). */
export function mountsUnder(mountinfo: string, dir: string): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const points = new Set<string>();
  for (const line of mountinfo.split('\n')) {
    const field = line.split(' ')[4];
    if (!field) continue;
    // mountinfo escapes space, tab, newline and backslash as octal.
    const point = field.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    if (point === dir || point.startsWith(prefix)) points.add(point);
  }
  return [...points].sort((a, b) => b.length - a.length);
}
