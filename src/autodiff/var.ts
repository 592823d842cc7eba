/**
 * Tape variables. A Var holds its value and, when it depends on a variable that requires a gradient, the op
 * and inputs that made it: the tape is the graph of these links (as micrograd/PyTorch), so there is no global
 * tape and ops on constants record nothing.
 */
import { Tensor } from '../tensor/tensor.ts';
import type { OpDef, Saved } from './op.ts';

export class Var {
  constructor(
    readonly value: Tensor,
    readonly requiresGrad: boolean,
    readonly op: OpDef | null = null,
    readonly inputs: readonly Var[] = [],
    readonly attrs: unknown = null,
    readonly saved: Saved | null = null,
  ) {}

  get shape(): number[] { return this.value.shape; }
  get data(): Float64Array { return this.value.data; }
  get size(): number { return this.value.size; }
  item(): number { return this.value.item(); }
  toString(): string { return `Var${this.requiresGrad ? '' : '(const)'}${this.value.toString().slice(6)}`; }
}

/** A leaf that gradients are taken with respect to. */
export function variable(t: Tensor): Var {
  return new Var(t, true);
}

/** A constant: no gradient flows into it. */
export function constant(t: Tensor): Var {
  return new Var(t, false);
}

/** Runs `op` forward and records it when any input requires a gradient. */
export function apply<A>(op: OpDef<A>, inputs: Var[], attrs: A): Var {
  const saved: Saved = {};
  const out = op.forward(inputs.map((v) => v.value), attrs, saved);
  let rec = false;
  for (let i = 0; i < inputs.length; i++) if (inputs[i]!.requiresGrad) { rec = true; break; }
  return rec ? new Var(out, true, op, inputs, attrs, saved) : new Var(out, false);
}
