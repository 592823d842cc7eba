/**
 * The mark contract shared by every mark file (one file per mark kind, as Observable Plot does): a mark reports its
 * data extent (for automatic domains), may ask for a palette colour and a legend entry, and renders SVG given the
 * two position scales. Data that cannot be placed (NaN, ±Infinity, ≤ 0 on a log axis) is dropped and reported
 * through `ctx.drop`, never thrown.
 */
import type { Scale } from './scale.ts';
import type { Ramp } from './color.ts';
import { InvalidArgumentError } from '../errors.ts';

export interface RenderContext {
  x: Scale;
  y: Scale;
  /** The palette colour assigned to this mark (used when it has no explicit stroke/fill). */
  color: string;
  /** Records `count` data points of this mark that could not be drawn, with the reason. */
  drop(count: number, reason: string): void;
  /** A document-unique id prefix for defs (gradients, clip paths). */
  id: string;
}

export interface LegendEntry {
  label: string;
  swatch: 'line' | 'dot' | 'rect';
  color: string;
  dash?: string;
}

/** A continuous colour legend (colour bar) requested by a heatmap or a ramp-coloured contour mark. */
export interface ColorBar {
  domain: [number, number];
  log: boolean;
  ramp: Ramp;
  label: string;
}

export interface Extent {
  x: number[];
  y: number[];
}

export interface Mark {
  kind: string;
  /** Whether this mark takes the next palette colour when it has no explicit colour. */
  series: boolean;
  /** Finite data values that the automatic x/y domains must include (filtered by the scale type later). */
  extent(): Extent;
  /** Whether the extent is exact (a sampled box: contour, heatmap) rather than data to pad to nice ticks. */
  exact?: boolean;
  legend(color: string): LegendEntry | null;
  colorBar?(): ColorBar | null;
  render(ctx: RenderContext): string;
  /** Whether the mark is clipped to the plot area (text and annotations may opt out). */
  clip: boolean;
}

/** Points as [[x, y], …], as columns {x, y}, or as y values alone (x = 0, 1, 2, … e.g. a loss per step). */
export type Points = ReadonlyArray<readonly [number, number]> | { x: ArrayLike<number>; y: ArrayLike<number> } | ArrayLike<number>;

/** Normalises any Points form to two parallel arrays. */
export function columns(points: Points, op: string): { x: ArrayLike<number>; y: ArrayLike<number> } {
  if (typeof points === 'object' && points !== null && 'x' in points && 'y' in points && !Array.isArray(points)) {
    const p = points as { x: ArrayLike<number>; y: ArrayLike<number> };
    if (p.x.length !== p.y.length) {
      throw new InvalidArgumentError(`${op}: x has ${p.x.length} values but y has ${p.y.length}; they must have equal length`);
    }
    return p;
  }
  const arr = points as ArrayLike<unknown>;
  if (arr.length > 0 && Array.isArray(arr[0])) {
    const pairs = points as ReadonlyArray<readonly [number, number]>;
    const x = new Float64Array(pairs.length), y = new Float64Array(pairs.length);
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i]!;
      if (!Array.isArray(p) || p.length !== 2) {
        throw new InvalidArgumentError(`${op}: point ${i} must be an [x, y] pair`);
      }
      x[i] = p[0]; y[i] = p[1];
    }
    return { x, y };
  }
  const y = points as ArrayLike<number>;
  const x = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) x[i] = i;
  return { x, y };
}

/** Common style options for stroked marks. */
export interface StrokeOptions {
  stroke?: string;
  strokeWidth?: number;
  opacity?: number;
  /** SVG dash array, e.g. "4 3". */
  dash?: string;
  /** Legend text; marks without a label get no legend entry. */
  label?: string;
}

/** Attribute text for optional style values (deterministic order). */
export function attrs(a: Record<string, string | number | undefined>): string {
  let s = '';
  for (const [k, v] of Object.entries(a)) if (v !== undefined) s += ` ${k}="${v}"`;
  return s;
}
