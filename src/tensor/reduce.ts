/**
 * Reductions (sum, mean, max/argmax over axes, with NumPy's `keepdims`) and the broadcast pair
 * broadcastTo / sumTo (sumTo sums a broadcast result back to an operand's shape: the adjoint of broadcastTo).
 */
import { ShapeError } from '../errors.ts';
import { allocOutput } from '../kernels/index.ts';
import { Tensor } from './tensor.ts';
import { broadcastShapes, broadcastStrides, normAxes, normAxis, sameShape, shapeStr, sizeOf, stridesOf } from './shape.ts';
import type { Shape } from './shape.ts';
import { coalesce, forEachRun } from './iterate.ts';

export type Axes = number | readonly number[] | undefined;

function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function finalShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  return keepdims ? keptShape(shape, axes) : shape.filter((_, i) => !axes.includes(i));
}

/** Σ over `axes` (all when omitted). */
export function sum(a: Tensor, axes?: Axes, keepdims = false): Tensor {
  const ax = normAxes('sum', axes, a.rank);
  const kept = keptShape(a.shape, ax);
  const out = new Float64Array(sizeOf(kept));
  const x = a.data;
  if (ax.length === a.rank) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]!;
    if (out.length === 1) out[0] = s;
  } else if (x.length > 0) {
    const c = coalesce(a.shape, [stridesOf(a.shape), broadcastStrides(kept, a.shape)]);
    const [si, so] = c.strides as [number[], number[]];
    const r = c.shape.length, ji = si[r - 1]!, jo = so[r - 1]!;
    if (r === 2 && so[0] === 0 && jo === 1 && ji === 1 && si[0] === c.shape[1]) {
      columnSums(x, c.shape[0]!, c.shape[1]!, out); // leading axes of a contiguous block (bias gradients)
      return new Tensor(out, finalShape(a.shape, ax, keepdims));
    }
    forEachRun(c.shape, si, so, so, (ia, io, _ic, n) => {
      if (jo === 0) {
        let s = 0;
        for (let j = 0; j < n; j++, ia += ji) s += x[ia]!;
        out[io] = out[io]! + s;
      } else if (ji === 1 && jo === 1) { // column sums of a contiguous block (bias gradients)
        for (let j = 0; j < n; j++) out[io + j] = out[io + j]! + x[ia + j]!;
      } else {
        for (let j = 0; j < n; j++, ia += ji, io += jo) out[io] = out[io]! + x[ia]!;
      }
    });
  }
  return new Tensor(out, finalShape(a.shape, ax, keepdims));
}

/**
 * out_j += Σ_i x[i·n + j] over the m rows, four rows per sweep so `out` is loaded and stored once per four rows;
 * the additions stay in row order, so the result is bit-identical to accumulating row by row.
 */
function columnSums(x: Float64Array, m: number, n: number, out: Float64Array): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
    for (let j = 0; j < n; j++) out[j] = out[j]! + x[r0 + j]! + x[r1 + j]! + x[r2 + j]! + x[r3 + j]!;
  }
  for (; i < m; i++) {
    const r = i * n;
    for (let j = 0; j < n; j++) out[j] = out[j]! + x[r + j]!;
  }
}

/** Mean over `axes` (all when omitted). */
export function mean(a: Tensor, axes?: Axes, keepdims = false): Tensor {
  const ax = normAxes('mean', axes, a.rank);
  const count = ax.reduce((n, i) => n * a.shape[i]!, 1);
  const s = sum(a, ax, keepdims);
  const inv = 1 / count;
  for (let i = 0; i < s.data.length; i++) s.data[i] = s.data[i]! * inv;
  return s;
}

/** Max over one axis with the index of the first maximiser (NaN propagates as the max). */
export function maxWithIndex(a: Tensor, axis: number, keepdims = false): { values: Tensor; indices: Int32Array } {
  const ax = normAxis('max', axis, a.rank);
  const n = a.shape[ax]!;
  if (n === 0) throw new ShapeError(`max: axis ${axis} of shape ${shapeStr(a.shape)} is empty; max needs at least one element`);
  const pre = sizeOf(a.shape.slice(0, ax)), post = sizeOf(a.shape.slice(ax + 1));
  const vals = new Float64Array(pre * post), idx = new Int32Array(pre * post);
  const x = a.data;
  for (let p = 0; p < pre; p++) {
    for (let q = 0; q < post; q++) {
      let best = x[p * n * post + q]!, bi = 0;
      for (let k = 1; k < n; k++) {
        const v = x[(p * n + k) * post + q]!;
        if (v > best || (v !== v && best === best)) { best = v; bi = k; }
      }
      vals[p * post + q] = best;
      idx[p * post + q] = bi;
    }
  }
  return { values: new Tensor(vals, finalShape(a.shape, [ax], keepdims)), indices: idx };
}

export function max(a: Tensor, axis: number, keepdims = false): Tensor {
  return maxWithIndex(a, axis, keepdims).values;
}

export function argmax(a: Tensor, axis: number): Int32Array {
  return maxWithIndex(a, axis).indices;
}

/** `a` repeated along stretched dimensions to `shape` (NumPy broadcast_to, materialised). */
export function broadcastTo(a: Tensor, shape: Shape): Tensor {
  const s = broadcastShapes('broadcastTo', a.shape, shape);
  if (!sameShape(s, shape)) throw new ShapeError(`broadcastTo: ${shapeStr(a.shape)} cannot be broadcast to ${shapeStr(shape)}`);
  if (sameShape(a.shape, shape)) return new Tensor(a.data.slice(), shape.slice());
  const out = allocOutput(sizeOf(shape)); // every entry written below
  if (out.length === 0) return new Tensor(out, shape.slice());
  const c = coalesce(shape, [broadcastStrides(a.shape, shape), stridesOf(shape)]);
  const [sa, so] = c.strides as [number[], number[]];
  const r = c.shape.length, ja = sa[r - 1]!;
  const x = a.data;
  forEachRun(c.shape, sa, so, so, (ia, io, _ic, n) => {
    for (let j = 0; j < n; j++, ia += ja) out[io + j] = x[ia]!;
  });
  return new Tensor(out, shape.slice());
}

/** Sums `a` (a broadcast of `shape`) back down to `shape`; returns `a` itself when the shapes already agree. */
export function sumTo(a: Tensor, shape: Shape): Tensor {
  if (sameShape(a.shape, shape)) return a;
  const s = broadcastShapes('sumTo', shape, a.shape);
  if (!sameShape(s, a.shape)) throw new ShapeError(`sumTo: ${shapeStr(a.shape)} is not a broadcast of ${shapeStr(shape)}`);
  const lead = a.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < a.rank; i++) if (i < lead || (shape[i - lead] === 1 && a.shape[i] !== 1)) axes.push(i);
  const r = sum(a, axes, true);
  return new Tensor(r.data, shape.slice());
}
