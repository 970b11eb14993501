/** Timeline bars as SVG geometry (pure): one bar per bucket, scaled into a fixed viewBox. */
export const CHART = { width: 600, height: 160, pad: 4 };

export interface Bar {
  x: number;
  y: number;
  w: number;
  h: number;
  t: string;
  mentions: number;
}

export function bars(points: { t: string; mentions: number }[]): Bar[] {
  if (points.length === 0) return [];
  const max = Math.max(1, ...points.map((p) => p.mentions));
  const slot = CHART.width / points.length;
  const inner = CHART.height - CHART.pad;
  return points.map((p, i) => {
    const h = (p.mentions / max) * inner;
    return { x: i * slot + slot * 0.1, y: CHART.height - h, w: slot * 0.8, h, t: p.t, mentions: p.mentions };
  });
}
