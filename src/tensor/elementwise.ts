/**
 * Elementwise forward ops: binary ops with NumPy broadcasting (add, sub, mul, div, pow) and unary maps
 * (neg, exp, log, tanh, sigmoid, relu, softplus, sqrt, abs, sign, heaviside, scale). Each op has its own loop so
 * V8 keeps it monomorphic; outputs are fresh arrays, each written in full (so from the backend's uninitialised `alloc`).
 */
import { allocOutput } from '../kernels/index.ts';
import { Tensor } from './tensor.ts';
import { broadcastShapes, broadcastStrides, sameShape, stridesOf } from './shape.ts';
import { coalesce, forEachRun } from './iterate.ts';

// Kernels take a unit-stride fast path (same-shape operands, rows of a broadcast bias) and a strided one.
type BinKernel = (o: Float64Array, io: number, a: Float64Array, ia: number, sa: number,
  b: Float64Array, ib: number, sb: number, n: number) => void;

function binary(op: string, k: BinKernel, a: Tensor, b: Tensor): Tensor {
  if (sameShape(a.shape, b.shape)) {
    const out = allocOutput(a.data.length);
    k(out, 0, a.data, 0, 1, b.data, 0, 1, out.length);
    return new Tensor(out, a.shape.slice());
  }
  // a one-element operand of no higher rank (x − 1, a scalar weight): one call with a zero stride
  if (b.data.length === 1 && b.rank <= a.rank) {
    const out = allocOutput(a.data.length);
    k(out, 0, a.data, 0, 1, b.data, 0, 0, out.length);
    return new Tensor(out, a.shape.slice());
  }
  if (a.data.length === 1 && a.rank <= b.rank) {
    const out = allocOutput(b.data.length);
    k(out, 0, a.data, 0, 0, b.data, 0, 1, out.length);
    return new Tensor(out, b.shape.slice());
  }
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = allocOutput(shape.reduce((x, y) => x * y, 1));
  if (out.length === 0) return new Tensor(out, shape);
  const c = coalesce(shape, [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape), stridesOf(shape)]);
  const [sa, sb, so] = c.strides as [number[], number[], number[]];
  const r = c.shape.length;
  const ja = sa[r - 1]!, jb = sb[r - 1]!;
  forEachRun(c.shape, sa, sb, so, (ia, ib, io, n) => k(out, io, a.data, ia, ja, b.data, ib, jb, n));
  return new Tensor(out, shape);
}

const addK: BinKernel = (o, io, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[io + i] = a[ia + i]! + b[ib + i]!;
  else for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia]! + b[ib]!;
};
const subK: BinKernel = (o, io, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[io + i] = a[ia + i]! - b[ib + i]!;
  else for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia]! - b[ib]!;
};
const mulK: BinKernel = (o, io, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[io + i] = a[ia + i]! * b[ib + i]!;
  else for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia]! * b[ib]!;
};
const divK: BinKernel = (o, io, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[io + i] = a[ia + i]! / b[ib + i]!;
  else for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia]! / b[ib]!;
};
const powK: BinKernel = (o, io, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = Math.pow(a[ia]!, b[ib]!);
};

export const add = (a: Tensor, b: Tensor): Tensor => binary('add', addK, a, b);
export const sub = (a: Tensor, b: Tensor): Tensor => binary('sub', subK, a, b);
export const mul = (a: Tensor, b: Tensor): Tensor => binary('mul', mulK, a, b);
export const div = (a: Tensor, b: Tensor): Tensor => binary('div', divK, a, b);
/** a^b elementwise (Math.pow: a negative base with a non-integer exponent gives NaN). */
export const pow = (a: Tensor, b: Tensor): Tensor => binary('pow', powK, a, b);

function unary(a: Tensor, out: Float64Array): Tensor { return new Tensor(out, a.shape.slice()); }

export function neg(a: Tensor): Tensor {
  const x = a.data, o = allocOutput(x.length);
  for (let i = 0; i < x.length; i++) o[i] = -x[i]!;
  return unary(a, o);
}
/** c·a for a number c. */
export function scale(a: Tensor, c: number): Tensor {
  const x = a.data, o = allocOutput(x.length);
  for (let i = 0; i < x.length; i++) o[i] = c * x[i]!;
  return unary(a, o);
}
export function exp(a: Tensor): Tensor {
  const x = a.data, o = allocOutput(x.length);
  for (let i = 0; i < x.length; i++) o[i] = Math.exp(x[i]!);
  return unary(a, o);
}
export function log(a: Tensor): Tensor {
  const x = a.data, o = allocOutput(x.length);
  for (let i = 0; i < x.length; i++) o[i] = Math.log(x[i]!);
  return unary(a, o);
}
export function tanh(a: Tensor): Tensor {
  const x = a.data, o = allocOutput(x.length);
  for (let i = 0; i < x.length; i++) o[i] = Math.tanh(x[i]!);
  return unary(a, o);
}
/** 1/(1+e^−x), evaluated without overflow for large |x|. */
export function sigmoid(a: Tensor): Tensor {
  const x = a.data, o = allocOutput(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v >= 0) o[i] = 1 / (1 + Math.exp(-v));
    else { const e = Math.exp(v); o[i] = e / (1 + e); }
  }
  return unary(a, o);
}
export function relu(a: Tensor): Tensor {
  const x = a.data, o = allocOutput(x.length);
  // (v + |v|)/2 is exact and branch-free (3× faster than a ternary on mixed signs); only v > MAX/2 overflows
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!, r = (v + Math.abs(v)) * 0.5;
    o[i] = r === Infinity ? v : r;
  }
  return unary(a, o);
}
/** log(1+e^x) = max(x,0) + log1p(e^−|x|), stable for large |x|. */
export function softplus(a: Tensor): Tensor {
  const x = a.data, o = allocOutput(x.length);
  for (let i = 0; i < x.length; i++) { const v = x[i]!; o[i] = (v > 0 ? v : 0) + Math.log1p(Math.exp(-Math.abs(v))); }
  return unary(a, o);
}
export function sqrt(a: Tensor): Tensor {
  const x = a.data, o = allocOutput(x.length);
  for (let i = 0; i < x.length; i++) o[i] = Math.sqrt(x[i]!);
  return unary(a, o);
}
export function abs(a: Tensor): Tensor {
  const x = a.data, o = allocOutput(x.length);
  for (let i = 0; i < x.length; i++) o[i] = Math.abs(x[i]!);
  return unary(a, o);
}
/** −1, 0 or 1 (the derivative of abs, with 0 at 0 as in NumPy/PyTorch). */
export function sign(a: Tensor): Tensor {
  const x = a.data, o = allocOutput(x.length);
  for (let i = 0; i < x.length; i++) { const v = x[i]!; o[i] = v > 0 ? 1 : v < 0 ? -1 : 0; }
  return unary(a, o);
}
/** 1 where x > 0 else 0 (the derivative of relu, with 0 at 0 as in PyTorch). */
export function heaviside(a: Tensor): Tensor {
  const x = a.data, o = allocOutput(x.length);
  for (let i = 0; i < x.length; i++) o[i] = x[i]! > 0 ? 1 : 0;
  return unary(a, o);
}
