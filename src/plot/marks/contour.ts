/**
 * Contour mark: iso-lines of f(x, y) sampled on a grid over a box (surfaces are sampled, never hand-drawn).
 * `spacing: 'log'` spaces levels geometrically above the sampled minimum, which is what surfaces with a deep narrow
 * valley (Rosenbrock) need: linear levels would all crowd the walls.
 */
import { InvalidArgumentError } from '../../errors.ts';
import { viridis, type Ramp } from '../color.ts';
import { isolines, linearLevels, logLevels, sampleGrid, type Grid } from '../contour.ts';
import { num } from '../format.ts';
import { attrs, type Mark } from '../mark.ts';
import { pathData } from './line.ts';

export interface ContourOptions {
  x: [number, number];
  y: [number, number];
  /** Number of levels (default 12) or the explicit level values. */
  levels?: number | number[];
  spacing?: 'linear' | 'log';
  /** Samples per axis (default 100), or [nx, ny]. */
  resolution?: number | [number, number];
  /** A colour, or 'ramp' to colour each level by the viridis ramp (with a colour bar). Default light grey. */
  stroke?: string;
  ramp?: Ramp;
  strokeWidth?: number;
  opacity?: number;
  /** Colour bar title when stroke is 'ramp'. */
  label?: string;
}

/** The contour levels for a sampled grid: explicit, or `n` linear/log-spaced values between its min and max. */
export function contourLevels(grid: Grid, levels: number | number[], spacing: 'linear' | 'log'): number[] {
  if (Array.isArray(levels)) return [...levels].sort((a, b) => a - b);
  if (!Number.isInteger(levels) || levels < 1) throw new InvalidArgumentError(`contour: levels=${levels} must be a positive integer or an array of values`);
  let lo = Infinity, hi = -Infinity;
  for (const v of grid.values) if (!Number.isNaN(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(hi > lo)) return [];
  if (spacing === 'linear') return linearLevels(lo, hi, levels);
  // Log spacing of the height above the minimum, from 10⁻⁴ of the range (or the smallest positive height) to the top.
  let floor = Infinity;
  for (const v of grid.values) if (v - lo > 0 && v - lo < floor) floor = v - lo;
  const span = hi - lo;
  return logLevels(Math.max(floor, span * 1e-4), span, levels + 1).slice(0, levels).map((h) => lo + h);
}

export function contour(f: (x: number, y: number) => number, options: ContourOptions): Mark {
  const [nx, ny] = Array.isArray(options.resolution) ? options.resolution : [options.resolution ?? 100, options.resolution ?? 100];
  const grid = sampleGrid(f, options.x, options.y, nx, ny);
  const levels = contourLevels(grid, options.levels ?? 12, options.spacing ?? 'linear');
  const ramp = options.ramp ?? viridis;
  const byRamp = options.stroke === 'ramp';
  let nan = 0;
  for (const v of grid.values) if (Number.isNaN(v)) nan++;
  const logColour = (options.spacing ?? 'linear') === 'log' && levels.length > 0 && levels[0]! > 0;
  const t = (k: number): number => (levels.length > 1 ? k / (levels.length - 1) : 0.5);
  return {
    kind: 'contour', series: false, clip: true, exact: true,
    extent: () => ({ x: [...options.x], y: [...options.y] }),
    legend: () => null,
    colorBar: () => (byRamp && levels.length > 1
      ? { domain: [levels[0]!, levels[levels.length - 1]!], log: logColour, ramp: (u) => ramp(0.9 * u), label: options.label ?? '' }
      : null),
    render(ctx) {
      if (nan) ctx.drop(nan, 'grid samples of f were non-finite (cells skipped)');
      let out = '';
      levels.forEach((level, k) => {
        const lines = isolines(grid, level);
        if (!lines.length) return;
        const pieces = lines.map((l) => l.map(([a, b]) => [ctx.x.map(a), ctx.y.map(b)] as [number, number]));
        out += `<path d="${pathData(pieces)}"${attrs({ 'data-level': num(level), stroke: byRamp ? ramp(0.9 * t(k)) : undefined })}/>`;
      });
      if (!out) return '';
      return `<g${attrs({
        fill: 'none', stroke: byRamp ? undefined : (options.stroke ?? '#9a9a9a'),
        'stroke-width': options.strokeWidth ?? 0.8, 'stroke-opacity': options.opacity, 'stroke-linejoin': 'round',
      })}>${out}</g>`;
    },
  };
}
