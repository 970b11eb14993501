/** Graph data → cytoscape elements (pure), and the entity star graph the API has no endpoint for. */
import type { EntityDetail, Neighborhood } from './types.ts';

export interface Element {
  data: { id: string; label?: string; kind?: string; source?: string; target?: string; type?: string };
}

export function elements(g: Neighborhood): Element[] {
  const ids = new Set(g.nodes.map((n) => n.id));
  return [
    ...g.nodes.map((n) => ({ data: { id: n.id, label: n.name ?? n.id, kind: n.label } })),
    ...g.edges
      .filter((e) => ids.has(e.from) && ids.has(e.to))
      .map((e, i) => ({ data: { id: `e${i}`, source: e.from, target: e.to, type: e.type } })),
  ];
}

/** An entity and the items mentioning it, as a neighbourhood. */
export function entityNeighborhood(e: EntityDetail): Neighborhood {
  return {
    truncated: false,
    nodes: [
      { id: e.id, label: 'Entity', name: e.name },
      ...e.items.map((i) => ({ id: i.id, label: 'Item' as const, name: i.title })),
    ],
    edges: e.items.map((i) => ({ from: i.id, to: e.id, type: 'MENTIONS' })),
  };
}
