/**
 * The differentiable functions a loss is written with. Arguments may be Vars, Tensors or numbers (the latter
 * two are constants). Names and argument orders follow the forward ops in src/tensor.
 */
import * as T from '../tensor/index.ts';
import { Tensor } from '../tensor/tensor.ts';
import type { Axes } from '../tensor/reduce.ts';
import type { Ranges } from '../tensor/layout.ts';
import type { Shape } from '../tensor/shape.ts';
import { Var, apply, constant } from './var.ts';
import { opRegistry as O } from './registry.ts';
import type { Ops } from './op.ts';

export type Arg = Var | Tensor | number;

export function lift(x: Arg): Var {
  if (x instanceof Var) return x;
  if (x instanceof Tensor) return constant(x);
  return constant(T.scalar(x));
}

export const add = (a: Arg, b: Arg): Var => apply(O.add, [lift(a), lift(b)], null);
export const sub = (a: Arg, b: Arg): Var => apply(O.sub, [lift(a), lift(b)], null);
export const mul = (a: Arg, b: Arg): Var => apply(O.mul, [lift(a), lift(b)], null);
export const div = (a: Arg, b: Arg): Var => apply(O.div, [lift(a), lift(b)], null);
export const pow = (a: Arg, b: Arg): Var => apply(O.pow, [lift(a), lift(b)], null);
export const square = (a: Arg): Var => { const v = lift(a); return apply(O.mul, [v, v], null); };

export const neg = (a: Arg): Var => apply(O.neg, [lift(a)], null);
export const scale = (a: Arg, c: number): Var => apply(O.scale, [lift(a)], { c });
export const exp = (a: Arg): Var => apply(O.exp, [lift(a)], null);
export const log = (a: Arg): Var => apply(O.log, [lift(a)], null);
export const tanh = (a: Arg): Var => apply(O.tanh, [lift(a)], null);
export const sigmoid = (a: Arg): Var => apply(O.sigmoid, [lift(a)], null);
export const relu = (a: Arg): Var => apply(O.relu, [lift(a)], null);
export const softplus = (a: Arg): Var => apply(O.softplus, [lift(a)], null);
export const sqrt = (a: Arg): Var => apply(O.sqrt, [lift(a)], null);
export const abs = (a: Arg): Var => apply(O.abs, [lift(a)], null);
/** Non-differentiable masks: constants (zero derivative almost everywhere). */
export const heaviside = (a: Arg): Var => constant(T.heaviside(lift(a).value));
export const sign = (a: Arg): Var => constant(T.sign(lift(a).value));

export const sum = (a: Arg, axes?: Axes, keepdims = false): Var => apply(O.sum, [lift(a)], { axes, keepdims });
export const mean = (a: Arg, axes?: Axes, keepdims = false): Var => apply(O.mean, [lift(a)], { axes, keepdims });
export const max = (a: Arg, axis: number, keepdims = false): Var => apply(O.max, [lift(a)], { axis, keepdims });
export const broadcastTo = (a: Arg, shape: Shape): Var => apply(O.broadcastTo, [lift(a)], { shape });
export const sumTo = (a: Arg, shape: Shape): Var => apply(O.sumTo, [lift(a)], { shape });

export const reshape = (a: Arg, shape: Shape): Var => apply(O.reshape, [lift(a)], { shape });
export function transpose(a: Arg, perm?: readonly number[]): Var {
  const v = lift(a);
  const p = perm ?? Array.from({ length: v.value.rank }, (_, i) => v.value.rank - 1 - i);
  return apply(O.transpose, [v], { perm: p.map((x) => (x < 0 ? x + v.value.rank : x)) });
}
export const slice = (a: Arg, ranges: Ranges): Var => apply(O.slice, [lift(a)], { ranges });
export const unslice = (a: Arg, shape: Shape, ranges: Ranges): Var => apply(O.unslice, [lift(a)], { shape, ranges });
export const concat = (xs: readonly Arg[], axis = 0): Var => apply(O.concat, xs.map(lift), { axis });
export const gather = (a: Arg, idx: Int32Array, axis = 0): Var => apply(O.gather, [lift(a)], { idx, axis });
export const scatterAdd = (a: Arg, idx: Int32Array, size: number, axis = 0): Var =>
  apply(O.scatterAdd, [lift(a)], { idx, size, axis });

/** op(A)·op(B) for 2-D or batched 3-D operands; the flags reach gemm (no transposed copies). */
export const matmul = (a: Arg, b: Arg, transA = false, transB = false): Var =>
  apply(O.matmul, [lift(a), lift(b)], { transA, transB });

export const logsumexp = (a: Arg, axis = -1, keepdims = false): Var => apply(O.logsumexp, [lift(a)], { axis, keepdims });
export const softmax = (a: Arg, axis = -1): Var => apply(O.softmax, [lift(a)], { axis });
export const logSoftmax = (a: Arg, axis = -1): Var => apply(O.logSoftmax, [lift(a)], { axis });
/** Mean softmax cross-entropy of logits [N, C] against integer labels (torch.nn.functional.cross_entropy). */
export const crossEntropy = (logits: Arg, labels: Int32Array): Var => apply(O.crossEntropy, [lift(logits)], { labels });
/** mean((a − b)²) (torch.nn.MSELoss). */
export const mse = (a: Arg, b: Arg): Var => apply(O.mse, [lift(a), lift(b)], null);

/** The backward vocabulary on the tape (used when the backward pass is itself recorded). */
export const varOps: Ops<Var> = {
  add, sub, mul, div, pow, neg, scale, exp, log, sigmoid, softmax, matmul, sum, broadcastTo, sumTo, reshape,
  transpose: (a, perm) => transpose(a, perm), slice, unslice, gather, scatterAdd, heaviside, sign,
  constant, value: (v) => v.value,
};

/** The same vocabulary on raw tensors (no tape). */
export const rawOps: Ops<Tensor> = {
  add: T.add, sub: T.sub, mul: T.mul, div: T.div, pow: T.pow, neg: T.neg, scale: T.scale, exp: T.exp, log: T.log,
  sigmoid: T.sigmoid, softmax: T.softmax, matmul: T.matmul, sum: T.sum, broadcastTo: T.broadcastTo, sumTo: T.sumTo,
  reshape: T.reshape, transpose: T.transpose, slice: T.slice, unslice: T.unslice, gather: T.gather,
  scatterAdd: T.scatterAdd, heaviside: T.heaviside, sign: T.sign, constant: (t) => t, value: (t) => t,
};
