/**
 * The dense float64 tensor: a contiguous row-major Float64Array `data` plus its `shape` (NumPy's C order).
 * A Tensor is a plain value; ops never mutate their inputs. Constructors validate user data (finite, shape fits).
 */
import { InvalidArgumentError, NonFiniteError, ShapeError, assertFinite } from '../errors.ts';
import type { Rng } from '../random/types.ts';
import { checkShape, shapeStr, sizeOf } from './shape.ts';
import type { Shape } from './shape.ts';

export class Tensor {
  readonly data: Float64Array;
  readonly shape: number[];

  /** Wraps `data` (not copied) as a tensor of `shape`; prefer `fromData`, which validates. */
  constructor(data: Float64Array, shape: Shape) {
    this.data = data;
    this.shape = shape as number[];
  }

  get size(): number { return this.data.length; }
  get rank(): number { return this.shape.length; }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1) throw new ShapeError(`item: tensor of shape ${shapeStr(this.shape)} has ${this.data.length} elements; item() needs exactly 1`);
    return this.data[0]!;
  }

  /** The element at a full index (negative indices are not accepted). */
  get(...index: number[]): number {
    if (index.length !== this.shape.length) throw new ShapeError(`get: index of length ${index.length} for a tensor of shape ${shapeStr(this.shape)}`);
    let off = 0;
    for (let i = 0; i < index.length; i++) {
      const k = index[i]!, d = this.shape[i]!;
      if (!Number.isInteger(k) || k < 0 || k >= d) throw new InvalidArgumentError(`get: index ${k} out of range 0 … ${d - 1} on axis ${i}`);
      off = off * d + k;
    }
    return this.data[off]!;
  }

  clone(): Tensor { return new Tensor(this.data.slice(), this.shape.slice()); }

  /** Nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    const rec = (dim: number, off: number): NestedArray => {
      if (dim === this.shape.length) return this.data[off]!;
      const n = this.shape[dim]!, stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: n }, (_, i) => rec(dim + 1, off + i * stride));
    };
    return rec(0, 0);
  }

  toString(): string { return `Tensor${shapeStr(this.shape)}`; }
}

export type NestedArray = number | NestedArray[];

/** A tensor over `data` (not copied) with `shape` (default: 1-D); checks the length and that entries are finite. */
export function fromData(data: Float64Array | readonly number[], shape?: Shape): Tensor {
  const arr = data instanceof Float64Array ? data : Float64Array.from(data);
  const s = shape ? shape.slice() : [arr.length];
  checkShape('fromData', s);
  if (sizeOf(s) !== arr.length) throw new ShapeError(`fromData: ${arr.length} values do not fill shape ${shapeStr(s)} (${sizeOf(s)} elements)`);
  assertFinite('fromData', 'data', arr);
  return new Tensor(arr, s);
}

/** A tensor from nested arrays (ragged input is refused). */
export function tensor(values: NestedArray): Tensor {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) { shape.push(v.length); v = v[0] as NestedArray; }
  const out = new Float64Array(sizeOf(shape));
  let k = 0;
  const rec = (x: NestedArray, dim: number): void => {
    if (dim === shape.length) {
      if (typeof x !== 'number') throw new ShapeError(`tensor: ragged nested array (expected a number at depth ${dim})`);
      if (!Number.isFinite(x)) throw new NonFiniteError(`tensor: entry ${k} is ${x}; only finite numbers are accepted`);
      out[k++] = x;
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[dim]) throw new ShapeError(`tensor: ragged nested array at depth ${dim} (expected length ${shape[dim]})`);
    for (const y of x) rec(y, dim + 1);
  };
  rec(values, 0);
  return new Tensor(out, shape);
}

export function scalar(x: number): Tensor {
  if (!Number.isFinite(x)) throw new NonFiniteError(`scalar: ${x}; only finite numbers are accepted`);
  return new Tensor(Float64Array.of(x), []);
}

export function zeros(shape: Shape): Tensor {
  checkShape('zeros', shape);
  return new Tensor(new Float64Array(sizeOf(shape)), shape.slice());
}

export function full(shape: Shape, value: number): Tensor {
  checkShape('full', shape);
  if (!Number.isFinite(value)) throw new NonFiniteError(`full: value ${value}; only finite numbers are accepted`);
  return new Tensor(new Float64Array(sizeOf(shape)).fill(value), shape.slice());
}

export function ones(shape: Shape): Tensor { return full(shape, 1); }

/** The n×n identity. */
export function eye(n: number): Tensor {
  const t = zeros([n, n]);
  for (let i = 0; i < n; i++) t.data[i * n + i] = 1;
  return t;
}

/** 0, 1, …, n−1 as a 1-D tensor. */
export function arange(n: number): Tensor {
  checkShape('arange', [n]);
  return new Tensor(Float64Array.from({ length: n }, (_, i) => i), [n]);
}

/** N(mean, std²) entries drawn from `rng` in row-major order. */
export function randn(shape: Shape, rng: Rng, mean = 0, std = 1): Tensor {
  checkShape('randn', shape);
  return new Tensor(rng.fillNormal(new Float64Array(sizeOf(shape)), mean, std), shape.slice());
}

/** U[lo, hi) entries drawn from `rng` in row-major order. */
export function rand(shape: Shape, rng: Rng, lo = 0, hi = 1): Tensor {
  checkShape('rand', shape);
  return new Tensor(rng.fillUniform(new Float64Array(sizeOf(shape)), lo, hi), shape.slice());
}
