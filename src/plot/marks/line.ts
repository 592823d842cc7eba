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
    const last = cur[cur.length - 1];
    if (last && Math.abs(p[0] - last[0]) < 0.25 && Math.abs(p[1] - last[1]) < 0.25 && i !== x.length - 1) continue;
    cur.push(p);
  }
  if (cur.length) pieces.push(cur);
  return { pieces, dropped };
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
      const { pieces, dropped } = pixelPieces(x, y, ctx);
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
