import type { GraphReadContext } from './read.ts';
import { clampLimit, readRows } from './read.ts';

export interface GraphNode {
  id: string;
  label: 'Feed' | 'Item' | 'Author' | 'Tag' | 'Entity';
  name: string | null;
}
export interface GraphEdge {
  from: string;
  to: string;
  type: string;
}
export interface Neighborhood {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** More than `limit` paths exist: the subgraph is a part of the neighborhood. */
  truncated: boolean;
}

/**
 * The subgraph around one item within `depth` hops (1 or 2), at most `limit` paths — what a graph
 * view renders. One path more than the limit is read to tell whether the cap cut it (`truncated`).
 * Link helper nodes are not part of the public graph and are skipped.
 */
export async function neighborhood(
  ctx: GraphReadContext,
  itemId: string,
  opts: { depth?: 1 | 2; limit?: number } = {},
): Promise<Neighborhood> {
  const L = ctx.labels;
  const depth = opts.depth === 2 ? 2 : 1;
  const p = L.prefix.length;
  const limit = clampLimit(opts.limit, 100);
  const read = await readRows<{
    nodes: { eid: string; labels: string[]; props: Record<string, unknown> }[];
    rels: { from: string; to: string; type: string }[];
  }>(
    ctx,
    `MATCH path = (i:\`${L.Item}\` {id: $itemId})-[:PUBLISHED|WRITTEN_BY|TAGGED|MENTIONS|LINKS_TO*1..${depth}]-(x)
     WITH path LIMIT $limit
     RETURN [n IN nodes(path) | {eid: elementId(n), labels: labels(n), props: properties(n)}] AS nodes,
            [r IN relationships(path) | {from: elementId(startNode(r)), to: elementId(endNode(r)), type: type(r)}] AS rels`,
    { itemId, limit: limit.add(1) },
  );
  const truncated = read.length > limit.toNumber();
  const rows = truncated ? read.slice(0, limit.toNumber()) : read;
  const nodes = new Map<string, GraphNode>();
  const idOf = new Map<string, string>();
  const edges = new Map<string, GraphEdge>();
  for (const row of rows) {
    for (const n of row.nodes) {
      const label = n.labels.map((l) => l.slice(p)).find(isPublicLabel);
      if (!label) continue;
      const props = n.props;
      const id = String(props.id ?? props.uid ?? props.name ?? n.eid);
      idOf.set(n.eid, id);
      const name = (props.title ?? props.name ?? null) as string | null;
      nodes.set(id, { id, label, name });
    }
    for (const r of row.rels) {
      const from = idOf.get(r.from);
      const to = idOf.get(r.to);
      if (from && to) edges.set(`${from}|${r.type}|${to}`, { from, to, type: r.type });
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
}

function isPublicLabel(l: string): l is GraphNode['label'] {
  return l === 'Feed' || l === 'Item' || l === 'Author' || l === 'Tag' || l === 'Entity';
}
