/**
 * The neighbourhood of an item (the API's /graph/neighborhood) or an entity (its items), drawn with
 * cytoscape (loaded only here). Tapping or pressing Enter on a node listed below opens it; the list
 * is the keyboard and screen-reader view of the same graph.
 */
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { Loaded, useJson } from './common.ts';
import type { Load } from './common.ts';
import { elements, entityNeighborhood } from './graph-model.ts';
import { href } from './route.ts';
import type { EntityDetail, Neighborhood } from './types.ts';

const nodeHref = (n: { id: string; label: string }) =>
  n.label === 'Item' ? href('item', n.id) : n.label === 'Entity' ? href('entity', n.id) : null;

function Canvas({ g }: { g: Neighborhood }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cy: { destroy(): void } | undefined;
    let live = true;
    void import('cytoscape').then(({ default: cytoscape }) => {
      if (!live || !box.current) return;
      const css = getComputedStyle(document.documentElement);
      const c = cytoscape({
        container: box.current,
        elements: elements(g),
        layout: { name: 'cose', animate: false },
        style: [
          {
            selector: 'node',
            style: {
              label: 'data(label)',
              'font-size': 10,
              color: css.getPropertyValue('--fg'),
              'background-color': css.getPropertyValue('--accent'),
              'text-wrap': 'ellipsis',
              'text-max-width': '120px',
            },
          },
          {
            selector: 'node[kind = "Entity"]',
            style: { 'background-color': css.getPropertyValue('--entity'), shape: 'diamond' },
          },
          {
            selector: 'edge',
            style: { width: 1, 'line-color': css.getPropertyValue('--muted'), 'curve-style': 'bezier' },
          },
        ],
      });
      c.on('tap', 'node', (e) => {
        const to = nodeHref({ id: e.target.id() as string, label: e.target.data('kind') as string });
        if (to) location.hash = to;
      });
      cy = c;
    });
    return () => {
      live = false;
      cy?.destroy();
    };
  }, [g]);
  return html`<div
    class="graph"
    ref=${box}
    role="img"
    aria-label="Graph of ${g.nodes.length} nodes; listed below"
  ></div>`;
}

export function GraphPage({ id, kind }: { id: string; kind: string }) {
  const isEntity = kind === 'entity';
  const raw = useJson<Neighborhood | EntityDetail>(
    isEntity
      ? `/api/v1/entities/${encodeURIComponent(id)}?limit=50`
      : `/api/v1/graph/neighborhood?node=${encodeURIComponent(id)}&depth=1&limit=100`,
  );
  const load: Load<Neighborhood> =
    raw.state === 'ok'
      ? {
          state: 'ok',
          data: isEntity ? entityNeighborhood(raw.data as EntityDetail) : (raw.data as Neighborhood),
        }
      : raw;
  return html`<h1>Graph</h1>
    <div class="graph-box">
      <${Loaded} load=${load} what="Graph" rows=${6}>
        ${(g: Neighborhood) =>
          html`<${Canvas} g=${g} />
            ${g.truncated ? html`<p class="meta">Showing part of a larger neighbourhood.</p>` : null}
            <h2>Nodes</h2>
            <ul class="list compact" aria-label="Nodes">
              ${g.nodes.map((n) => {
                const to = nodeHref(n);
                return html`<li class="row">
                  <span class="badge">${n.label}</span>
                  ${to ? html`<a href=${to}>${n.name ?? n.id}</a>` : (n.name ?? n.id)}
                </li>`;
              })}
            </ul>`}
      <//>
    </div>`;
}
