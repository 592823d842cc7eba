/**
 * The reverse sweep: topological order from the output, then each op's backward rule in reverse.
 * Without `createGraph`, gradients are raw Tensors (fused raw rules where an op has them); with it, gradients
 * are Vars built from tape ops, so they can be differentiated again (torch.autograd.grad's create_graph).
 */
import { ShapeError } from '../errors.ts';
import { Tensor } from '../tensor/tensor.ts';
import * as T from '../tensor/index.ts';
import { shapeStr } from '../tensor/shape.ts';
import { Var, constant } from './var.ts';
import { add as addVar, rawOps, varOps } from './api.ts';

function topoOrder(root: Var): Var[] {
  const order: Var[] = [];
  const seen = new Set<Var>([root]);
  const stack: [Var, number][] = [[root, 0]];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const v = frame[0];
    if (frame[1] < v.inputs.length) {
      const c = v.inputs[frame[1]++]!;
      if (c.requiresGrad && !seen.has(c)) { seen.add(c); stack.push([c, 0]); }
    } else {
      order.push(v);
      stack.pop();
    }
  }
  return order;
}

function checkSeed(root: Var, shape: readonly number[]): void {
  if (shape.length !== root.shape.length || shape.some((d, i) => d !== root.shape[i])) {
    throw new ShapeError(`backward: seed ${shapeStr(shape)} does not match the output ${shapeStr(root.shape)}`);
  }
}

/**
 * True when the gradient `gi` returned by a backward rule has a buffer of its own: not the incoming gradient
 * (add passes it through), not an input or output value (reshape shares buffers), not another returned gradient.
 * Only such gradients are accumulated into, or overwritten by a later rule, in place.
 */
function isFresh(gi: Tensor, g: Tensor, vals: readonly Tensor[], out: Tensor, gs: readonly (Tensor | null)[], i: number): boolean {
  // Identity of the Float64Array, not of its .buffer: the ops share data only by passing the same array on
  // (reshape, sumTo of an equal shape), and reading .buffer of a small on-heap typed array is costly in V8.
  const d = gi.data;
  if (d === g.data || d === out.data) return false;
  for (let j = 0; j < vals.length; j++) if (d === vals[j]!.data) return false;
  for (let j = 0; j < gs.length; j++) if (j !== i && gs[j] && gs[j]!.data === d) return false;
  return true;
}

/**
 * Gradients of ⟨seed, root⟩ with respect to `wrt` (raw tensors; zeros for variables the output does not reach).
 * The seed defaults to 1 for a one-element output.
 */
export function backwardRaw(root: Var, wrt: readonly Var[], seed?: Tensor): Tensor[] {
  if (!seed && root.size !== 1) throw new ShapeError(`backward: output ${shapeStr(root.shape)} is not a scalar; pass a seed of its shape`);
  const s = seed ?? new Tensor(Float64Array.of(1), root.shape.slice());
  checkSeed(root, s.shape);
  const keep = new Set(wrt);
  const grads = new Map<Var, { t: Tensor; owned: boolean }>();
  if (root.requiresGrad) grads.set(root, { t: s, owned: false });
  const order = topoOrder(root);
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k]!;
    const op = v.op;
    const entry = grads.get(v);
    if (!op || !entry) continue;
    if (!keep.has(v)) grads.delete(v); // free intermediate gradients as soon as they are consumed
    const ins = v.inputs, n = ins.length;
    const needs = new Array<boolean>(n), vals = new Array<Tensor>(n);
    for (let i = 0; i < n; i++) { needs[i] = ins[i]!.requiresGrad; vals[i] = ins[i]!.value; }
    // g may be overwritten by a fused rule only when this sweep owns it and nobody reads it afterwards
    const reuse = entry.owned && !keep.has(v);
    const gs = op.backwardRaw
      ? op.backwardRaw(entry.t, vals, v.value, v.attrs, needs, v.saved!, reuse)
      : op.backward(rawOps, entry.t, vals, v.value, v.attrs, needs, v.saved!);
    for (let i = 0; i < n; i++) {
      const gi = gs[i];
      if (!needs[i] || !gi) continue;
      const x = ins[i]!;
      const prev = grads.get(x);
      if (!prev) grads.set(x, { t: gi, owned: isFresh(gi, entry.t, vals, v.value, gs, i) });
      else if (prev.owned) { const a = prev.t.data, b = gi.data; for (let j = 0; j < a.length; j++) a[j] = a[j]! + b[j]!; }
      else grads.set(x, { t: T.add(prev.t, gi), owned: true });
    }
  }
  return wrt.map((w) => grads.get(w)?.t ?? T.zeros(w.shape));
}

/** As backwardRaw, but the gradients are tape Vars (differentiable again); null where the output does not reach. */
export function backwardGraph(root: Var, wrt: readonly Var[], seed?: Var): (Var | null)[] {
  if (!seed && root.size !== 1) throw new ShapeError(`backward: output ${shapeStr(root.shape)} is not a scalar; pass a seed of its shape`);
  const s = seed ?? constant(new Tensor(Float64Array.of(1), root.shape.slice()));
  checkSeed(root, s.shape);
  const grads = new Map<Var, Var>();
  if (root.requiresGrad) grads.set(root, s);
  const order = topoOrder(root);
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k]!;
    const g = grads.get(v);
    if (!v.op || !g) continue;
    const needs = v.inputs.map((x) => x.requiresGrad);
    const gs = v.op.backward(varOps, g, v.inputs as Var[], v, v.attrs, needs, v.saved!);
    for (let i = 0; i < v.inputs.length; i++) {
      const gi = gs[i];
      if (!needs[i] || !gi) continue;
      const x = v.inputs[i]!;
      const prev = grads.get(x);
      grads.set(x, prev ? addVar(prev, gi) : gi);
    }
  }
  return wrt.map((w) => grads.get(w) ?? null);
}

export interface BackwardOptions {
  /** ⟨seed, output⟩ is differentiated; default 1 for a one-element output. */
  seed?: Tensor | Var;
  /** Record the backward pass so the gradients can be differentiated again (torch's create_graph). */
  createGraph?: boolean;
}

/** Gradients of `root` with respect to `wrt`: Tensors, or Vars (null where unreached) with `createGraph`. */
export function backward(root: Var, wrt: readonly Var[], opts: BackwardOptions & { createGraph: true }): (Var | null)[];
export function backward(root: Var, wrt: readonly Var[], opts?: BackwardOptions): Tensor[];
export function backward(root: Var, wrt: readonly Var[], opts: BackwardOptions = {}): Tensor[] | (Var | null)[] {
  const seed = opts.seed;
  if (opts.createGraph) return backwardGraph(root, wrt, seed === undefined ? undefined : seed instanceof Var ? seed : constant(seed));
  return backwardRaw(root, wrt, seed === undefined ? undefined : seed instanceof Var ? seed.value : seed);
}
