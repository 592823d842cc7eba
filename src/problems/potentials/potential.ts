/**
 * Shared shape of the closed-form potentials (energies U(x) for Langevin sampling, Boltzmann density e^{−U/T}/Z):
 * a `Problem` whose loss is U, plus `hooks.batch` — closed-form loops over many particles stored particle-major
 * (x[p·dim + i]) — that the ensemble runner's fast path calls once per chunk instead of once per particle, and
 * `hooks.box`, the integration box [[lo, hi], …] that holds essentially all Boltzmann mass at moderate T.
 */
import { ShapeError } from '../../errors.ts';
import type { KnownMinimum, Problem } from '../types.ts';

/** Closed-form loops over `count` particles stored particle-major in `xs` (length ≥ count·dim). */
export interface BatchPotential {
  /** Writes U(x_p) into `out[p]`. */
  energy(xs: Float64Array, count: number, out: Float64Array): void;
  /** Writes ∇U(x_p) into `out[p·dim …]`. */
  grad(xs: Float64Array, count: number, out: Float64Array): void;
  /** Optional fused Euler–Maruyama step xs ← xs − h∇U(xs) + noise (one pass instead of two; same arithmetic). */
  step?(xs: Float64Array, count: number, h: number, noise: Float64Array): void;
}

export interface PotentialDef {
  id: string;
  dim: number;
  energy(x: Float64Array): number;
  /** Writes ∇U(x) into `out`. */
  grad(x: Float64Array, out: Float64Array): void;
  batch: BatchPotential;
  /** Seed-independent start (a minimum or the mean), so samplers are comparable across seeds. */
  start: number[];
  box: Array<[number, number]>;
  minima?: KnownMinimum[];
}

/** Reads the fast-path loops of a problem, when it has them. */
export function batchPotential(p: Problem): BatchPotential | undefined {
  const b = p.hooks?.batch as BatchPotential | undefined;
  return b && typeof b.grad === 'function' && typeof b.energy === 'function' ? b : undefined;
}

/** The integration box of a problem: `hooks.box`, else a 2-D surface's plotting window, else undefined. */
export function potentialBox(p: Problem): Array<[number, number]> | undefined {
  const b = p.hooks?.box as Array<[number, number]> | undefined;
  if (b) return b;
  if (p.window && p.dim === 2) return [p.window[0], p.window[1]];
  return undefined;
}

export function potentialProblem(def: PotentialDef): Problem {
  const check = (x: Float64Array) => {
    if (x.length !== def.dim) throw new ShapeError(`${def.id}: θ has length ${x.length}; this potential takes θ ∈ R^${def.dim}`);
  };
  return {
    id: def.id,
    dim: def.dim,
    init: () => Float64Array.from(def.start),
    loss(x) { check(x); return def.energy(x); },
    grad(x, _batch, out) {
      check(x);
      const g = out ?? new Float64Array(def.dim);
      def.grad(x, g);
      return g;
    },
    valueAndGrad(x, _batch, out) {
      check(x);
      const g = out ?? new Float64Array(def.dim);
      def.grad(x, g);
      return { value: def.energy(x), grad: g };
    },
    ...(def.minima ? { minima: def.minima } : {}),
    ...(def.dim === 2 ? { window: [def.box[0]!, def.box[1]!] as [[number, number], [number, number]] } : {}),
    hooks: { batch: def.batch, box: def.box },
  };
}
