/**
 * Builds a `Problem` from a 2-D surface given in closed form (f, ∇f, ∇²f as functions of x, y). Shared by the
 * classic test functions (rosenbrock, beale, …); each declares its minima, a plotting window and the canonical
 * start point used by optimizer visualisations (jettify/pytorch-optimizer's viz protocol where it has one).
 */
import { ShapeError } from '../errors.ts';
import type { KnownMinimum, Problem } from './types.ts';

export interface Surface {
  id: string;
  f(x: number, y: number): number;
  /** Writes [∂f/∂x, ∂f/∂y] into `out`. */
  g(x: number, y: number, out: Float64Array): void;
  /** Writes the row-major Hessian [fxx, fxy, fxy, fyy] into `out`. */
  h(x: number, y: number, out: Float64Array): void;
  start: [number, number];
  window: [[number, number], [number, number]];
  minima: KnownMinimum[];
}

function check2(id: string, theta: Float64Array): void {
  if (theta.length !== 2) throw new ShapeError(`${id}: θ has length ${theta.length}; this surface takes θ ∈ R^2`);
}

export function surfaceProblem(s: Surface): Problem {
  return {
    id: s.id,
    dim: 2,
    // Surfaces start from their canonical point, independent of the seed, so races are comparable; give `init` to change it.
    init: () => Float64Array.from(s.start),
    loss(theta) { check2(s.id, theta); return s.f(theta[0]!, theta[1]!); },
    grad(theta, _batch, out) {
      check2(s.id, theta);
      const g = out ?? new Float64Array(2);
      s.g(theta[0]!, theta[1]!, g);
      return g;
    },
    valueAndGrad(theta, _batch, out) {
      check2(s.id, theta);
      const g = out ?? new Float64Array(2);
      s.g(theta[0]!, theta[1]!, g);
      return { value: s.f(theta[0]!, theta[1]!), grad: g };
    },
    hessian(theta) {
      check2(s.id, theta);
      const h = new Float64Array(4);
      s.h(theta[0]!, theta[1]!, h);
      return h;
    },
    hvp(theta, v) {
      const h = this.hessian!(theta);
      return Float64Array.of(h[0]! * v[0]! + h[1]! * v[1]!, h[2]! * v[0]! + h[3]! * v[1]!);
    },
    minima: s.minima,
    window: s.window,
  };
}
