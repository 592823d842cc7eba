/**
 * Layout ops: reshape, transpose (axis permutation), slice / its adjoint unslice (zero padding), concat,
 * gather along an axis by integer index and its adjoint scatterAdd (repeated indices accumulate).
 */
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import { allocOutput } from '../kernels/index.ts';
import { Tensor } from './tensor.ts';
import { checkShape, normAxis, shapeStr, sizeOf, stridesOf } from './shape.ts';
import type { Shape } from './shape.ts';

/** Same data, new shape (one dimension may be −1 and is inferred). Shares `data` (tensors are never mutated). */
export function reshape(a: Tensor, shape: Shape): Tensor {
  const s = shape.slice();
  const free = s.indexOf(-1);
  if (free >= 0) {
    const rest = sizeOf(s.filter((_, i) => i !== free));
    s[free] = rest === 0 ? 0 : a.size / rest;
  }
  checkShape('reshape', s);
  if (sizeOf(s) !== a.size) throw new ShapeError(`reshape: ${shapeStr(a.shape)} (${a.size} elements) cannot be viewed as ${shapeStr(shape)}`);
  return new Tensor(a.data, s);
}

/** Permutes axes (default: reverse them, so a matrix is transposed). */
export function transpose(a: Tensor, perm?: readonly number[]): Tensor {
  const r = a.rank;
  const p = perm ? perm.map((x) => normAxis('transpose', x, r)) : Array.from({ length: r }, (_, i) => r - 1 - i);
  if (p.length !== r || new Set(p).size !== r) throw new InvalidArgumentError(`transpose: perm [${perm?.join(', ')}] is not a permutation of the ${r} axes of ${shapeStr(a.shape)}`);
  const shape = p.map((i) => a.shape[i]!);
  const out = allocOutput(a.size); // a permutation: every entry written
  const x = a.data;
  if (r === 2 && p[0] === 1) { // blocked 2-D transpose keeps both sides cache-friendly
    const m = a.shape[0]!, n = a.shape[1]!, B = 32;
    for (let i0 = 0; i0 < m; i0 += B) for (let j0 = 0; j0 < n; j0 += B) {
      const i1 = Math.min(m, i0 + B), j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * m + i] = x[i * n + j]!;
    }
    return new Tensor(out, shape);
  }
  const st = stridesOf(a.shape);
  const srcStride = p.map((i) => st[i]!);
  const idx = new Array<number>(r).fill(0);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = x[src]!;
    for (let d = r - 1; d >= 0; d--) {
      idx[d]!++; src += srcStride[d]!;
      if (idx[d]! < shape[d]!) break;
      src -= srcStride[d]! * shape[d]!; idx[d] = 0;
    }
  }
  return new Tensor(out, shape);
}

/** Per-axis half-open ranges [begin, end) (negative values count from the end; missing axes are whole). */
export type Ranges = readonly (readonly [number, number] | null | undefined)[];

function resolveRanges(op: string, shape: Shape, ranges: Ranges): [number, number][] {
  if (ranges.length > shape.length) throw new ShapeError(`${op}: ${ranges.length} ranges for a tensor of shape ${shapeStr(shape)}`);
  return shape.map((d, i) => {
    const r = ranges[i];
    if (!r) return [0, d];
    const b = r[0] < 0 ? r[0] + d : r[0], e = r[1] < 0 ? r[1] + d : r[1];
    if (!Number.isInteger(b) || !Number.isInteger(e) || b < 0 || e > d || b > e) {
      throw new InvalidArgumentError(`${op}: range [${r[0]}, ${r[1]}) on axis ${i} of ${shapeStr(shape)} is out of bounds; need 0 ≤ begin ≤ end ≤ ${d}`);
    }
    return [b, e];
  });
}

/** Copies between a box of `big` (the ranges) and all of `small`, in either direction. */
function boxCopy(big: Float64Array, bigShape: Shape, rg: [number, number][], small: Float64Array, toSmall: boolean): void {
  const r = bigShape.length;
  if (small.length === 0) return;
  const st = stridesOf(bigShape);
  const sub = rg.map(([b, e]) => e - b);
  const inner = r === 0 ? 1 : sub[r - 1]!;
  let base = 0;
  for (let d = 0; d < r; d++) base += rg[d]![0] * st[d]!;
  const idx = new Array<number>(Math.max(r - 1, 0)).fill(0);
  const outer = small.length / inner;
  let off = base;
  for (let k = 0, s = 0; k < outer; k++, s += inner) {
    if (toSmall) for (let j = 0; j < inner; j++) small[s + j] = big[off + j]!;
    else for (let j = 0; j < inner; j++) big[off + j] = big[off + j]! + small[s + j]!;
    for (let d = r - 2; d >= 0; d--) {
      idx[d]!++; off += st[d]!;
      if (idx[d]! < sub[d]!) break;
      off -= st[d]! * sub[d]!; idx[d] = 0;
    }
  }
}

/** The sub-box `ranges` of `a`. */
export function slice(a: Tensor, ranges: Ranges): Tensor {
  const rg = resolveRanges('slice', a.shape, ranges);
  const shape = rg.map(([b, e]) => e - b);
  const out = new Float64Array(sizeOf(shape));
  boxCopy(a.data, a.shape, rg, out, true);
  return new Tensor(out, shape);
}

/** The adjoint of slice: a zero tensor of `shape` with `a` added into the box `ranges`. */
export function unslice(a: Tensor, shape: Shape, ranges: Ranges): Tensor {
  const rg = resolveRanges('unslice', shape, ranges);
  const sub = rg.map(([b, e]) => e - b);
  if (sub.length !== a.rank || sub.some((d, i) => d !== a.shape[i])) {
    throw new ShapeError(`unslice: tensor ${shapeStr(a.shape)} does not fill the box ${shapeStr(sub)} of ${shapeStr(shape)}`);
  }
  const out = new Float64Array(sizeOf(shape));
  boxCopy(out, shape, rg, a.data, false);
  return new Tensor(out, shape.slice());
}

/** Joins tensors along `axis`; all other dimensions must agree. */
export function concat(ts: readonly Tensor[], axis = 0): Tensor {
  if (ts.length === 0) throw new InvalidArgumentError('concat: needs at least one tensor');
  const r = ts[0]!.rank;
  const ax = normAxis('concat', axis, r);
  for (const t of ts) {
    if (t.rank !== r || t.shape.some((d, i) => i !== ax && d !== ts[0]!.shape[i])) {
      throw new ShapeError(`concat: shapes ${ts.map((x) => shapeStr(x.shape)).join(', ')} differ outside axis ${ax}`);
    }
  }
  const shape = ts[0]!.shape.slice();
  shape[ax] = ts.reduce((n, t) => n + t.shape[ax]!, 0);
  const out = new Float64Array(sizeOf(shape));
  const pre = sizeOf(shape.slice(0, ax)), post = sizeOf(shape.slice(ax + 1));
  const rowOut = shape[ax]! * post;
  let col = 0;
  for (const t of ts) {
    const w = t.shape[ax]! * post, x = t.data;
    for (let p = 0; p < pre; p++) out.set(x.subarray(p * w, (p + 1) * w), p * rowOut + col);
    col += w;
  }
  return new Tensor(out, shape);
}

function checkIndex(op: string, idx: Int32Array, n: number): void {
  for (let i = 0; i < idx.length; i++) {
    const k = idx[i]!;
    if (k < 0 || k >= n) throw new InvalidArgumentError(`${op}: index[${i}] = ${k} is out of range; accepted 0 … ${n - 1}`);
  }
}

/** out[…, i, …] = a[…, idx[i], …] along `axis` (NumPy `take`). */
export function gather(a: Tensor, idx: Int32Array, axis = 0): Tensor {
  const ax = normAxis('gather', axis, a.rank);
  const n = a.shape[ax]!;
  checkIndex('gather', idx, n);
  const pre = sizeOf(a.shape.slice(0, ax)), post = sizeOf(a.shape.slice(ax + 1));
  const shape = a.shape.slice(); shape[ax] = idx.length;
  const out = new Float64Array(pre * idx.length * post);
  const x = a.data;
  for (let p = 0; p < pre; p++) {
    for (let i = 0; i < idx.length; i++) {
      const src = (p * n + idx[i]!) * post, dst = (p * idx.length + i) * post;
      for (let q = 0; q < post; q++) out[dst + q] = x[src + q]!;
    }
  }
  return new Tensor(out, shape);
}

/** The adjoint of gather: zeros with `size` along `axis`, then out[…, idx[i], …] += a[…, i, …]. */
export function scatterAdd(a: Tensor, idx: Int32Array, size: number, axis = 0): Tensor {
  const ax = normAxis('scatterAdd', axis, a.rank);
  if (a.shape[ax] !== idx.length) throw new ShapeError(`scatterAdd: tensor ${shapeStr(a.shape)} has ${a.shape[ax]} entries on axis ${ax} but ${idx.length} indices`);
  checkIndex('scatterAdd', idx, size);
  const pre = sizeOf(a.shape.slice(0, ax)), post = sizeOf(a.shape.slice(ax + 1));
  const shape = a.shape.slice(); shape[ax] = size;
  const out = new Float64Array(pre * size * post);
  const x = a.data;
  for (let p = 0; p < pre; p++) {
    for (let i = 0; i < idx.length; i++) {
      const dst = (p * size + idx[i]!) * post, src = (p * idx.length + i) * post;
      for (let q = 0; q < post; q++) out[dst + q] = out[dst + q]! + x[src + q]!;
    }
  }
  return new Tensor(out, shape);
}
