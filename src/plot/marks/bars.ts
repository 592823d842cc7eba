/**
 * Bar and histogram marks: rects from the baseline (0, or the bottom of a log axis) up to each value. `histogram`
 * bins raw samples (counts or a density integrating to 1, to overlay a stationary law such as Boltzmann's).
 */
import { InvalidArgumentError } from '../../errors.ts';
import { px } from '../format.ts';
import { attrs, type Mark } from '../mark.ts';

export interface Bar {
  x0: number;
  x1: number;
  y: number;
}

export interface BarOptions {
  fill?: string;
  opacity?: number;
  stroke?: string;
  label?: string;
}

export interface HistogramOptions extends BarOptions {
  /** Number of equal bins (default 30) or the bin edges (increasing). */
  bins?: number | number[];
  /** Range to bin (default: finite min and max of the values); values outside are dropped and counted. */
  domain?: [number, number];
  /** Heights as a probability density (area 1) instead of counts. */
  density?: boolean;
}

/** Histogram bins of the finite values; `outside` counts finite values outside the domain, `nonFinite` the rest. */
export function binCounts(values: ArrayLike<number>, options: HistogramOptions = {}): { bars: Bar[]; outside: number; nonFinite: number } {
  const finite: number[] = [];
  let nonFinite = 0;
  for (let i = 0; i < values.length; i++) Number.isFinite(values[i]!) ? finite.push(values[i]!) : nonFinite++;
  let edges: number[];
  if (Array.isArray(options.bins)) {
    edges = options.bins;
    if (edges.length < 2 || edges.some((e, k) => !Number.isFinite(e) || (k > 0 && e <= edges[k - 1]!))) {
      throw new InvalidArgumentError('histogram: bins as edges must be ≥ 2 finite, strictly increasing numbers');
    }
  } else {
    const n = options.bins ?? 30;
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`histogram: bins=${n} must be a positive integer or an array of edges`);
    let [lo, hi] = options.domain ?? [Math.min(...finite), Math.max(...finite)];
    if (!finite.length && !options.domain) return { bars: [], outside: 0, nonFinite };
    if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
    edges = Array.from({ length: n + 1 }, (_, k) => (k === n ? hi : lo + ((hi - lo) * k) / n)); // the last edge is exactly hi, so the maximum is inside
  }
  const counts = new Float64Array(edges.length - 1);
  const lo = edges[0]!, hi = edges[edges.length - 1]!;
  let outside = 0;
  for (const v of finite) {
    if (v < lo || v > hi) { outside++; continue; }
    // Binary search for the bin; the last bin is closed on the right.
    let a = 0, b = edges.length - 1;
    while (b - a > 1) { const m = (a + b) >> 1; if (v >= edges[m]!) a = m; else b = m; }
    counts[a]!++;
  }
  const total = finite.length - outside;
  const bars = Array.from(counts, (c, k) => {
    const x0 = edges[k]!, x1 = edges[k + 1]!;
    return { x0, x1, y: options.density ? (total > 0 ? c / (total * (x1 - x0)) : 0) : c };
  });
  return { bars, outside, nonFinite };
}

export function bars(items: readonly Bar[], options: BarOptions = {}, dropped: Array<[number, string]> = []): Mark {
  return {
    kind: 'bars', series: options.fill === undefined, clip: true,
    extent: () => ({ x: items.flatMap((b) => [b.x0, b.x1]).filter(Number.isFinite), y: [0, ...items.map((b) => b.y).filter(Number.isFinite)] }),
    legend: (color) => (options.label ? { label: options.label, swatch: 'rect', color: options.fill ?? color } : null),
    render(ctx) {
      for (const [n, why] of dropped) if (n) ctx.drop(n, why);
      const base = ctx.y.accepts(0) ? ctx.y.map(0) : ctx.y.range[0];
      let out = '', bad = 0;
      for (const b of items) {
        if (!ctx.x.accepts(b.x0) || !ctx.x.accepts(b.x1) || !Number.isFinite(b.y)) { bad++; continue; }
        if (!ctx.y.accepts(b.y)) continue; // a zero-height bar on a log axis is simply absent
        const a = ctx.x.map(b.x0), c = ctx.x.map(b.x1), top = ctx.y.map(b.y);
        out += `<rect x="${px(Math.min(a, c))}" y="${px(Math.min(top, base))}" width="${px(Math.abs(c - a))}" height="${px(Math.abs(base - top))}"/>`;
      }
      if (bad) ctx.drop(bad, 'bars with non-finite values');
      return out ? `<g${attrs({ fill: options.fill ?? ctx.color, 'fill-opacity': options.opacity ?? 0.75, stroke: options.stroke ?? 'white', 'stroke-width': 0.5 })}>${out}</g>` : '';
    },
  };
}

export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Mark {
  const { bars: items, outside, nonFinite } = binCounts(values, options);
  return { ...bars(items, options, [[nonFinite, 'non-finite samples'], [outside, 'samples outside the histogram domain']]), kind: 'histogram' };
}
