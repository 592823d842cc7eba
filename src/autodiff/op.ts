/**
 * The op contract of the tape (tfjs-core's pattern: forward and gradient side by side, one registry).
 * A backward rule is written once against `Ops<T>`: run with T = Tensor (raw Float64Array kernels, no tape) for
 * an ordinary gradient, or with T = Var (recorded on the tape) when the gradient must itself be differentiated,
 * as torch's `create_graph=True` (Hessian-vector products, jvp by the double-vjp trick).
 */
import type { Tensor } from '../tensor/tensor.ts';
import type { Axes } from '../tensor/reduce.ts';
import type { Ranges } from '../tensor/layout.ts';
import type { Shape } from '../tensor/shape.ts';

/** The differentiable vocabulary a backward rule may use; implemented by raw tensor ops and by tape ops. */
export interface Ops<T> {
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  pow(a: T, b: T): T;
  neg(a: T): T;
  scale(a: T, c: number): T;
  exp(a: T): T;
  log(a: T): T;
  sigmoid(a: T): T;
  softmax(a: T, axis: number): T;
  matmul(a: T, b: T, transA: boolean, transB: boolean): T;
  sum(a: T, axes: Axes, keepdims: boolean): T;
  broadcastTo(a: T, shape: Shape): T;
  sumTo(a: T, shape: Shape): T;
  reshape(a: T, shape: Shape): T;
  transpose(a: T, perm: readonly number[]): T;
  slice(a: T, ranges: Ranges): T;
  unslice(a: T, shape: Shape, ranges: Ranges): T;
  gather(a: T, idx: Int32Array, axis: number): T;
  scatterAdd(a: T, idx: Int32Array, size: number, axis: number): T;
  /** Non-differentiable masks (their derivative is zero almost everywhere). */
  heaviside(a: T): T;
  sign(a: T): T;
  /** A constant of the ops' kind (no gradient flows into it). */
  constant(t: Tensor): T;
  /** The current value. */
  value(a: T): Tensor;
}

/** Data an op's forward keeps for its backward (e.g. argmax indices). */
export type Saved = Record<string, unknown>;

export interface OpDef<A = any> {
  readonly name: string;
  forward(inputs: Tensor[], attrs: A, saved: Saved): Tensor;
  /** Input gradients given the output gradient g; null where `needs[i]` is false (or no gradient exists). */
  backward<T>(F: Ops<T>, g: T, inputs: T[], out: T, attrs: A, needs: boolean[], saved: Saved): (T | null)[];
  /**
   * Optional fused version on raw tensors, used when the backward pass is not recorded (must equal `backward`).
   * When `reuse` is true the rule may overwrite `g` and return it (the sweep owns g and reads it no more).
   */
  backwardRaw?(g: Tensor, inputs: Tensor[], out: Tensor, attrs: A, needs: boolean[], saved: Saved, reuse: boolean): (Tensor | null)[];
}

export function defineOp<A>(op: OpDef<A>): OpDef<A> {
  return op;
}
