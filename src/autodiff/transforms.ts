/**
 * Function transforms in the style of JAX: grad, valueAndGrad, vjp, jvp (by the double-vjp trick: J·v is the
 * gradient with respect to u of ⟨Jᵀu, v⟩, which is linear in u), and hvp (the gradient of ⟨∇f, v⟩, with the
 * first backward pass recorded). Parameters may be one Tensor, an array of Tensors, or a record of Tensors.
 */
import { ShapeError } from '../errors.ts';
import { Tensor } from '../tensor/tensor.ts';
import * as T from '../tensor/index.ts';
import { shapeStr } from '../tensor/shape.ts';
import { Var, constant, variable } from './var.ts';
import { backwardGraph, backwardRaw } from './engine.ts';
import { add, mul, sum } from './api.ts';

export type Params = Tensor | readonly Tensor[] | { readonly [k: string]: Tensor };
/** The Var structure f receives for parameters P. */
export type VarTree<P> = P extends Tensor ? Var : P extends readonly Tensor[] ? Var[] : { [K in keyof P]: Var };

function leaves(p: Params): Tensor[] {
  if (p instanceof Tensor) return [p];
  if (Array.isArray(p)) return p as Tensor[];
  return Object.keys(p).map((k) => (p as Record<string, Tensor>)[k]!);
}

function rebuild<P extends Params, X>(p: P, xs: X[]): unknown {
  if (p instanceof Tensor) return xs[0];
  if (Array.isArray(p)) return xs;
  const out: Record<string, X> = {};
  Object.keys(p).forEach((k, i) => { out[k] = xs[i]!; });
  return out;
}

function scalarOutput(op: string, y: Var): void {
  if (!(y instanceof Var)) throw new ShapeError(`${op}: f must return a Var (got ${typeof y})`);
  if (y.size !== 1) throw new ShapeError(`${op}: f must return a scalar, got shape ${shapeStr(y.shape)}`);
}

/** θ ↦ { value: f(θ), grad: ∇f(θ) } with the gradient in the structure of θ (a Tensor, Tensor[] or record). */
export function valueAndGrad(f: (x: Var) => Var): (theta: Tensor) => { value: number; grad: Tensor };
export function valueAndGrad(f: (x: Var[]) => Var): (theta: readonly Tensor[]) => { value: number; grad: Tensor[] };
export function valueAndGrad<K extends string>(f: (x: Record<K, Var>) => Var): (theta: Record<K, Tensor>) => { value: number; grad: Record<K, Tensor> };
export function valueAndGrad<P extends Params>(f: (x: VarTree<P>) => Var): (theta: P) => { value: number; grad: P };
// implementation signature: the overloads above carry the types
export function valueAndGrad<P extends Params>(f: (x: any) => Var): (theta: P) => { value: number; grad: P } {
  return (theta: P) => {
    const vs = leaves(theta).map(variable);
    const y = f(rebuild(theta, vs) as VarTree<P>);
    scalarOutput('valueAndGrad', y);
    const gs = backwardRaw(y, vs);
    return { value: y.value.data[0]!, grad: rebuild(theta, gs) as P };
  };
}

/** θ ↦ ∇f(θ). */
export function grad(f: (x: Var) => Var): (theta: Tensor) => Tensor;
export function grad(f: (x: Var[]) => Var): (theta: readonly Tensor[]) => Tensor[];
export function grad<K extends string>(f: (x: Record<K, Var>) => Var): (theta: Record<K, Tensor>) => Record<K, Tensor>;
export function grad<P extends Params>(f: (x: VarTree<P>) => Var): (theta: P) => P;
// implementation signature: the overloads above carry the types
export function grad<P extends Params>(f: (x: any) => Var): (theta: P) => P {
  const vg = valueAndGrad<P>(f);
  return (theta: P) => vg(theta).grad;
}

/** f(x) and the vector–Jacobian product uᵀ·J_f(x) (u has the shape of f(x)). */
export function vjp(f: (x: Var) => Var, x: Tensor, u: Tensor): { value: Tensor; vjp: Tensor } {
  const xv = variable(x);
  const y = f(xv);
  const [g] = backwardRaw(y, [xv], u);
  return { value: y.value, vjp: g! };
}

/** f(x) and the Jacobian–vector product J_f(x)·v (v has the shape of x), by two reverse passes. */
export function jvp(f: (x: Var) => Var, x: Tensor, v: Tensor): { value: Tensor; jvp: Tensor } {
  if (v.shape.length !== x.shape.length || v.shape.some((d, i) => d !== x.shape[i])) {
    throw new ShapeError(`jvp: tangent ${shapeStr(v.shape)} does not match x ${shapeStr(x.shape)}`);
  }
  const xv = variable(x);
  const y = f(xv);
  const u = variable(T.zeros(y.shape)); // any u works: Jᵀu is linear in u
  const [jtu] = backwardGraph(y, [xv], u);
  if (!jtu || !jtu.requiresGrad) return { value: y.value, jvp: T.zeros(y.shape) };
  const [jv] = backwardRaw(sum(mul(jtu, constant(v))), [u]);
  return { value: y.value, jvp: jv! };
}

/** The Hessian–vector product ∇²f(θ)·v (v in the structure of θ), by differentiating ⟨∇f, v⟩. */
export function hvp(f: (x: Var) => Var, theta: Tensor, v: Tensor): Tensor;
export function hvp(f: (x: Var[]) => Var, theta: readonly Tensor[], v: readonly Tensor[]): Tensor[];
export function hvp<K extends string>(f: (x: Record<K, Var>) => Var, theta: Record<K, Tensor>, v: Record<K, Tensor>): Record<K, Tensor>;
export function hvp<P extends Params>(f: (x: VarTree<P>) => Var, theta: P, v: P): P;
// implementation signature: the overloads above carry the types
export function hvp<P extends Params>(f: (x: any) => Var, theta: P, v: P): P {
  const ts = leaves(theta), vsT = leaves(v);
  if (ts.length !== vsT.length || ts.some((t, i) => t.shape.join() !== vsT[i]!.shape.join())) {
    throw new ShapeError('hvp: v must have the structure and shapes of θ');
  }
  const vs = ts.map(variable);
  const y = f(rebuild(theta, vs) as VarTree<P>);
  scalarOutput('hvp', y);
  const gs = backwardGraph(y, vs);
  let s: Var | null = null;
  gs.forEach((g, i) => {
    if (!g) return;
    const term = sum(mul(g, constant(vsT[i]!)));
    s = s ? add(s, term) : term;
  });
  if (!s || !(s as Var).requiresGrad) return rebuild(theta, ts.map((t) => T.zeros(t.shape))) as P;
  return rebuild(theta, backwardRaw(s, vs)) as P;
}
