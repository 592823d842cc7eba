/**
 * Heatmap mark: a function or a grid of values drawn as cells coloured by a perceptual ramp (viridis by default,
 * linear or log colour scale), with a colour bar. Colours are quantised to `shades` steps and equal neighbours in a
 * row are merged into one rect, which keeps the SVG small without visible banding at 64 shades.
 */
import { InvalidArgumentError } from '../../errors.ts';
import { viridis, type Ramp } from '../color.ts';
import { px } from '../format.ts';
import type { Mark } from '../mark.ts';

export interface HeatmapGrid {
  nx: number;
  ny: number;
  /** values[j·nx + i] is cell (i, j); j = 0 is the bottom row (lowest y). */
  values: ArrayLike<number>;
}

export interface HeatmapOptions {
  x: [number, number];
  y: [number, number];
  /** Cells per axis when drawing a function (default 60), or [nx, ny]. */
  resolution?: number | [number, number];
  ramp?: Ramp;
  /** Colour scale: log10 of the value (values ≤ 0 are dropped), default linear. */
  log?: boolean;
  /** Value range mapped to the ends of the ramp (default: the finite min and max). */
  domain?: [number, number];
  shades?: number;
  opacity?: number;
  /** Colour bar title; set `colorBar: false` to hide the bar. */
  label?: string;
  colorBar?: boolean;
}

export function heatmap(source: ((x: number, y: number) => number) | HeatmapGrid, options: HeatmapOptions): Mark {
  const { x, y } = options;
  if (!(x[1] > x[0]) || !(y[1] > y[0])) throw new InvalidArgumentError(`heatmap: box x=[${x}], y=[${y}] must have lo < hi on both axes`);
  let nx: number, ny: number, values: ArrayLike<number>;
  if (typeof source === 'function') {
    [nx, ny] = Array.isArray(options.resolution) ? options.resolution : [options.resolution ?? 60, options.resolution ?? 60];
    const v = new Float64Array(nx * ny);
    // Sample at cell centres, so the cells tile the box exactly.
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) v[j * nx + i] = source(x[0] + ((i + 0.5) * (x[1] - x[0])) / nx, y[0] + ((j + 0.5) * (y[1] - y[0])) / ny);
    values = v;
  } else {
    ({ nx, ny, values } = source);
    if (values.length !== nx * ny) throw new InvalidArgumentError(`heatmap: grid has ${values.length} values but nx·ny = ${nx * ny}`);
  }
  const log = options.log ?? false;
  const ok = (v: number): boolean => Number.isFinite(v) && (!log || v > 0);
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < values.length; k++) { const v = values[k]!; if (ok(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }
  const domain: [number, number] = options.domain ?? [lo, hi === lo ? lo + 1 : hi];
  const ramp = options.ramp ?? viridis;
  const shades = options.shades ?? 64;
  const tf = log ? Math.log10 : (v: number) => v;
  const t0 = tf(domain[0]), t1 = tf(domain[1]);
  const shade = (v: number): number => Math.min(shades - 1, Math.max(0, Math.floor(((tf(v) - t0) / (t1 - t0)) * shades)));
  return {
    kind: 'heatmap', series: false, clip: true, exact: true,
    extent: () => ({ x: [...x], y: [...y] }),
    legend: () => null,
    colorBar: () => (options.colorBar === false || !Number.isFinite(lo) ? null : { domain, log, ramp, label: options.label ?? '' }),
    render(ctx) {
      let dropped = 0, out = '';
      const xs = Array.from({ length: nx + 1 }, (_, i) => ctx.x.map(x[0] + (i * (x[1] - x[0])) / nx));
      const ys = Array.from({ length: ny + 1 }, (_, j) => ctx.y.map(y[0] + (j * (y[1] - y[0])) / ny));
      for (let j = 0; j < ny; j++) {
        const top = Math.min(ys[j]!, ys[j + 1]!), h = Math.abs(ys[j + 1]! - ys[j]!);
        let i = 0;
        while (i < nx) {
          const v = values[j * nx + i]!;
          if (!ok(v)) { dropped++; i++; continue; }
          const s = shade(v);
          let e = i + 1;
          while (e < nx && ok(values[j * nx + e]!) && shade(values[j * nx + e]!) === s) e++;
          // Half a pixel of overlap hides anti-aliasing seams between neighbouring rects.
          out += `<rect x="${px(xs[i]!)}" y="${px(top - 0.25)}" width="${px(xs[e]! - xs[i]! + 0.5)}" height="${px(h + 0.5)}" fill="${ramp((s + 0.5) / shades)}"/>`;
          i = e;
        }
      }
      if (dropped) ctx.drop(dropped, log ? 'cells non-finite or ≤ 0 on a log colour scale' : 'cells non-finite');
      return `<g${options.opacity !== undefined ? ` opacity="${options.opacity}"` : ''}>${out}</g>`;
    },
  };
}
