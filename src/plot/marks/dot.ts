/** Dot mark: a symbol at each point (scatter plots, start/end markers of trajectories). */
import { px } from '../format.ts';
import { attrs, columns, type Mark, type Points } from '../mark.ts';

export type SymbolName = 'circle' | 'square' | 'diamond' | 'triangle' | 'cross' | 'star';

export interface DotOptions {
  r?: number;
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
  opacity?: number;
  symbol?: SymbolName;
  label?: string;
}

function symbolPath(s: SymbolName, x: number, y: number, r: number): string {
  const p = (pts: Array<[number, number]>): string => 'M' + pts.map(([a, b]) => `${px(x + a)},${px(y + b)}`).join('L') + 'Z';
  switch (s) {
    case 'square': return p([[-r, -r], [r, -r], [r, r], [-r, r]]);
    case 'diamond': return p([[0, -1.3 * r], [1.3 * r, 0], [0, 1.3 * r], [-1.3 * r, 0]]);
    case 'triangle': return p([[0, -1.3 * r], [1.15 * r, 0.7 * r], [-1.15 * r, 0.7 * r]]);
    case 'cross': {
      const t = r / 3;
      return p([[-t, -r], [t, -r], [t, -t], [r, -t], [r, t], [t, t], [t, r], [-t, r], [-t, t], [-r, t], [-r, -t], [-t, -t]]);
    }
    case 'star': {
      const pts: Array<[number, number]> = [];
      for (let k = 0; k < 10; k++) {
        const a = -Math.PI / 2 + (k * Math.PI) / 5, rr = k % 2 ? 0.5 * r * 1.4 : r * 1.4;
        pts.push([rr * Math.cos(a), rr * Math.sin(a)]);
      }
      return p(pts);
    }
    default: return '';
  }
}

function inside(p: number, range: [number, number], r: number): boolean {
  return p >= Math.min(range[0], range[1]) - r && p <= Math.max(range[0], range[1]) + r;
}

export function dot(points: Points, options: DotOptions = {}): Mark {
  const { x, y } = columns(points, 'dot');
  const symbol = options.symbol ?? 'circle';
  return {
    kind: 'dot', series: options.fill === undefined, clip: true,
    extent: () => ({ x: Array.from(x).filter(Number.isFinite), y: Array.from(y).filter(Number.isFinite) }),
    legend: (color) => (options.label ? { label: options.label, swatch: 'dot', color: options.fill ?? color } : null),
    render(ctx) {
      const r = options.r ?? 3;
      const style = attrs({
        fill: options.fill ?? ctx.color, 'fill-opacity': options.opacity,
        stroke: options.stroke, 'stroke-width': options.stroke ? (options.strokeWidth ?? 1) : undefined,
      });
      let dropped = 0, outside = 0, body = '';
      for (let i = 0; i < x.length; i++) {
        if (!ctx.x.accepts(x[i]!) || !ctx.y.accepts(y[i]!)) { dropped++; continue; }
        const a = ctx.x.map(x[i]!), b = ctx.y.map(y[i]!);
        // A symbol wholly outside the plot box is clipped away anyway, and resvg panics on an empty clipped group.
        if (!(inside(a, ctx.x.range, r) && inside(b, ctx.y.range, r))) { outside++; continue; }
        body += symbol === 'circle' ? `<circle cx="${px(a)}" cy="${px(b)}" r="${px(r)}"/>` : `<path d="${symbolPath(symbol, a, b, r)}"/>`;
      }
      if (dropped) ctx.drop(dropped, 'non-finite or outside a log axis');
      if (outside) ctx.drop(outside, 'outside the plot area');
      return body ? `<g${style}>${body}</g>` : '';
    },
  };
}
