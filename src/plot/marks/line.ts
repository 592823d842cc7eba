/**
 * Line and path marks: a polyline through points in order. Points that cannot be placed (non-finite, or ≤ 0 on a
 * log axis) break the line into pieces instead of being joined across, and are counted in the figure's notes.
 * Consecutive points closer than a quarter pixel are merged, so 10⁴-step trajectories stay small and stable.
 */
import { px } from '../format.ts';
import { attrs, columns, type Mark, type Points, type StrokeOptions } from '../mark.ts';

export interface LineOptions extends StrokeOptions {
  /** Fill the polygon (path only; lines are never filled). */
  fill?: string;
  fillOpacity?: number;
  /** Close the path back to its first point. */
  closed?: boolean;
}

/** Pixel coordinates beyond this are treated like non-finite points (SVG renderers overflow on them). */
export const MAX_PIXEL = 1e6;

/** Pixel polylines (pieces between dropped points) for the given columns. */
export function pixelPieces(
  x: ArrayLike<number>, y: ArrayLike<number>, ctx: { x: { accepts(v: number): boolean; map(v: number): number }; y: { accepts(v: number): boolean; map(v: number): number } },
): { pieces: Array<Array<[number, number]>>; dropped: number } {
  const pieces: Array<Array<[number, number]>> = [];
  let cur: Array<[number, number]> = [];
  let dropped = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!, yi = y[i]!;
    if (!ctx.x.accepts(xi) || !ctx.y.accepts(yi)) {
      dropped++;
      if (cur.length) { pieces.push(cur); cur = []; }
      continue;
    }
    const p: [number, number] = [ctx.x.map(xi), ctx.y.map(yi)];
    // Points far outside the plot (a diverging run) would only be clipped, and huge coordinates break renderers.
    if (!(Math.abs(p[0]) < MAX_PIXEL && Math.abs(p[1]) < MAX_PIXEL)) {
      dropped++;
      if (cur.length) { pieces.push(cur); cur = []; }
      continue;
    }
    const last = cur[cur.length - 1];
    if (last && Math.abs(p[0] - last[0]) < 0.25 && Math.abs(p[1] - last[1]) < 0.25 && i !== x.length - 1) continue;
    cur.push(p);
  }
  if (cur.length) pieces.push(cur);
  return { pieces, dropped };
}

type Box = { x0: number; x1: number; y0: number; y1: number };

/** Liang–Barsky: the part of segment p→q inside `box` as parameters [t0, t1] ⊂ [0, 1], or null. */
function clipSegment(p: [number, number], q: [number, number], box: Box): [number, number] | null {
  const dx = q[0] - p[0], dy = q[1] - p[1];
  let t0 = 0, t1 = 1;
  const edges: Array<[number, number]> = [[-dx, p[0] - box.x0], [dx, box.x1 - p[0]], [-dy, p[1] - box.y0], [dy, box.y1 - p[1]]];
  for (const [a, b] of edges) {
    if (a === 0) { if (b < 0) return null; continue; }
    const t = b / a;
    if (a < 0) { if (t > t1) return null; if (t > t0) t0 = t; } else { if (t < t0) return null; if (t < t1) t1 = t; }
  }
  return [t0, t1];
}

/**
 * Clips open polylines to the plot box (plus a small margin; the SVG clip path trims the rest), so no
 * coordinate far outside the plot reaches the renderer: resvg aborts the process on some such geometry.
 */
export function clipPieces(pieces: Array<Array<[number, number]>>, xr: [number, number], yr: [number, number], margin = 4): Array<Array<[number, number]>> {
  const box: Box = { x0: Math.min(...xr) - margin, x1: Math.max(...xr) + margin, y0: Math.min(...yr) - margin, y1: Math.max(...yr) + margin };
  const at = (p: [number, number], q: [number, number], t: number): [number, number] => [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
  const out: Array<Array<[number, number]>> = [];
  for (const pc of pieces) {
    if (pc.length === 1) { const [a, b] = pc[0]!; if (a >= box.x0 && a <= box.x1 && b >= box.y0 && b <= box.y1) out.push(pc); continue; }
    let cur: Array<[number, number]> = [];
    for (let i = 0; i + 1 < pc.length; i++) {
      const p = pc[i]!, q = pc[i + 1]!;
      const t = clipSegment(p, q, box);
      if (!t) { if (cur.length) { out.push(cur); cur = []; } continue; }
      if (t[0] > 0 || cur.length === 0) { if (cur.length) out.push(cur); cur = [at(p, q, t[0])]; }
      cur.push(at(p, q, t[1]));
      if (t[1] < 1) { out.push(cur); cur = []; }
    }
    if (cur.length) out.push(cur);
  }
  return out;
}

export function pathData(pieces: Array<Array<[number, number]>>, closed = false): string {
  return pieces.map((pc) => 'M' + pc.map(([a, b]) => `${px(a)},${px(b)}`).join('L') + (closed ? 'Z' : '')).join('');
}

function extentOf(x: ArrayLike<number>, y: ArrayLike<number>): { x: number[]; y: number[] } {
  return { x: Array.from(x).filter(Number.isFinite), y: Array.from(y).filter(Number.isFinite) };
}

function polyline(kind: 'line' | 'path', points: Points, options: LineOptions, series: boolean): Mark {
  const { x, y } = columns(points, kind);
  return {
    kind, series, clip: true,
    extent: () => extentOf(x, y),
    legend: (color) => (options.label ? { label: options.label, swatch: 'line', color: options.stroke ?? color, dash: options.dash } : null),
    render(ctx) {
      const raw = pixelPieces(x, y, ctx);
      const dropped = raw.dropped;
      const pieces = options.closed ? raw.pieces : clipPieces(raw.pieces, ctx.x.range, ctx.y.range);
      if (dropped) ctx.drop(dropped, 'non-finite or outside a log axis');
      const lone = pieces.filter((p) => p.length === 1);
      const d = pathData(pieces.filter((p) => p.length > 1), options.closed);
      const stroke = options.stroke ?? ctx.color;
      const width = options.strokeWidth ?? 1.5;
      let out = d ? `<path d="${d}"${attrs({
        fill: kind === 'path' && options.fill ? options.fill : 'none',
        'fill-opacity': options.fillOpacity,
        stroke, 'stroke-width': width, 'stroke-opacity': options.opacity,
        'stroke-dasharray': options.dash, 'stroke-linejoin': 'round', 'stroke-linecap': 'round',
      })}/>` : '';
      // An isolated point between gaps would vanish as a path; draw it as a dot of the line's width.
      for (const [[a, b]] of lone) out += `<circle cx="${px(a)}" cy="${px(b)}" r="${px(width)}" fill="${stroke}"/>`;
      return out;
    },
  };
}

/** A line through points in order (a series: takes the next palette colour, legend entry from `label`). */
export function line(points: Points, options: LineOptions = {}): Mark {
  return polyline('line', points, options, options.stroke === undefined);
}

/** An unlabelled polyline or polygon annotation (black unless `stroke` is given; `fill` + `closed` for areas). */
export function path(points: Points, options: LineOptions = {}): Mark {
  return polyline('path', points, { stroke: '#333333', ...options }, false);
}
