/** Arrow mark: segments with a filled head drawn in pixel space (gradients, updates, momentum vectors). */
import { px } from '../format.ts';
import { attrs, type Mark, type StrokeOptions } from '../mark.ts';

export interface ArrowOptions extends StrokeOptions {
  /** Head length in pixels (default 4 × stroke width + 4). */
  headSize?: number;
}

type Pt = readonly [number, number];

export function arrows(segments: ReadonlyArray<readonly [Pt, Pt]>, options: ArrowOptions = {}): Mark {
  return {
    kind: 'arrow', series: options.stroke === undefined, clip: true,
    extent: () => ({
      x: segments.flatMap(([a, b]) => [a[0], b[0]]).filter(Number.isFinite),
      y: segments.flatMap(([a, b]) => [a[1], b[1]]).filter(Number.isFinite),
    }),
    legend: (color) => (options.label ? { label: options.label, swatch: 'line', color: options.stroke ?? color } : null),
    render(ctx) {
      const stroke = options.stroke ?? ctx.color;
      const w = options.strokeWidth ?? 1.5;
      const head = options.headSize ?? 4 * w + 4;
      let dropped = 0, lines = '', heads = '';
      for (const [a, b] of segments) {
        if (![a[0], b[0]].every(ctx.x.accepts) || ![a[1], b[1]].every(ctx.y.accepts)) { dropped++; continue; }
        const x1 = ctx.x.map(a[0]), y1 = ctx.y.map(a[1]), x2 = ctx.x.map(b[0]), y2 = ctx.y.map(b[1]);
        const len = Math.hypot(x2 - x1, y2 - y1);
        if (len < 1e-9) continue;
        const ux = (x2 - x1) / len, uy = (y2 - y1) / len, h = Math.min(head, 0.6 * len);
        // The shaft stops at the head's base so the tip stays sharp.
        lines += `M${px(x1)},${px(y1)}L${px(x2 - ux * h * 0.8)},${px(y2 - uy * h * 0.8)}`;
        const bx = x2 - ux * h, by = y2 - uy * h, hw = h * 0.45;
        heads += `M${px(x2)},${px(y2)}L${px(bx - uy * hw)},${px(by + ux * hw)}L${px(bx + uy * hw)},${px(by - ux * hw)}Z`;
      }
      if (dropped) ctx.drop(dropped, 'arrows with non-finite ends or ends outside a log axis');
      if (!lines) return '';
      return `<g${attrs({ opacity: options.opacity })}><path d="${lines}"${attrs({ fill: 'none', stroke, 'stroke-width': w, 'stroke-dasharray': options.dash, 'stroke-linecap': 'round' })}/><path d="${heads}" fill="${stroke}"/></g>`;
    },
  };
}

/** One arrow from `from` to `to`. */
export function arrow(from: Pt, to: Pt, options: ArrowOptions = {}): Mark {
  return arrows([[from, to]], options);
}
