/**
 * The quadratic L(θ) = ½θᵀAθ − bᵀθ for any symmetric A and b (any dimension, given by b's length). Its
 * Hessian is A; when A is positive definite the unique minimiser θ* = A⁻¹b has L* = −½bᵀθ*.
 */
import { ConfigError, ShapeError } from '../errors.ts';
import type { Problem, ProblemSpec } from './types.ts';
import type { Rng } from '../random/types.ts';
import { choleskyOrNull, matvec, spdSolve } from './dense.ts';

/** Builds the quadratic problem from a row-major symmetric n×n `a` and `b`; `id` names it in errors. */
export function quadraticProblem(id: string, a: Float64Array, b: Float64Array, start: Float64Array | ((rng: Rng) => Float64Array), extra: Partial<Problem> = {}): Problem {
  const n = b.length;
  const check = (theta: Float64Array) => {
    if (theta.length !== n) throw new ShapeError(`${id}: θ has length ${theta.length}; this problem has dimension ${n}`);
  };
  const spd = choleskyOrNull(a, n) !== null;
  const minimiser = spd ? spdSolve(a, b, n, id) : null;
  let lossStar = 0;
  if (minimiser) for (let i = 0; i < n; i++) lossStar -= 0.5 * b[i]! * minimiser[i]!;
  const valueAndGrad = (theta: Float64Array, out?: Float64Array) => {
    check(theta);
    const g = matvec(a, theta, n, n, out ?? new Float64Array(n));
    let v = 0;
    for (let i = 0; i < n; i++) {
      v += theta[i]! * (0.5 * g[i]! - b[i]!);
      g[i] = g[i]! - b[i]!;
    }
    return { value: v, grad: g };
  };
  return {
    id,
    dim: n,
    init: (rng) => (typeof start === 'function' ? start(rng) : Float64Array.from(start)),
    loss: (theta) => valueAndGrad(theta).value,
    grad: (theta, _batch, out) => valueAndGrad(theta, out).grad,
    valueAndGrad: (theta, _batch, out) => valueAndGrad(theta, out),
    hessian: () => Float64Array.from(a),
    hvp: (_theta, v) => matvec(a, v, n, n),
    minima: minimiser ? [{ theta: Array.from(minimiser), loss: lossStar, global: true }] : [],
    ...(n === 2 && minimiser ? { window: windowAround(minimiser) } : {}),
    ...extra,
  };
}

function windowAround(c: Float64Array): [[number, number], [number, number]] {
  return [[c[0]! - 2, c[0]! + 2], [c[1]! - 2, c[1]! + 2]];
}

export const quadratic: ProblemSpec = {
  id: 'quadratic',
  summary: '½θᵀAθ − bᵀθ for a symmetric A (dimension = length of b); minimiser A⁻¹b when A is positive definite',
  params: [
    { name: 'A', kind: 'matrix', default: [[3, 0.5], [0.5, 1]], doc: 'symmetric n×n matrix (the Hessian)' },
    { name: 'b', kind: 'number[]', default: [1, -1], doc: 'linear term, length n' },
  ],
  create(o) {
    const rows = o.A as number[][], bv = o.b as number[];
    const n = bv.length;
    if (rows.length !== n || rows.some((r) => r.length !== n)) {
      throw new ConfigError('problem.A', `is ${rows.length}×${rows[0]?.length ?? 0}; expected ${n}×${n} to match b's length ${n}`);
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
      if (Math.abs(rows[i]![j]! - rows[j]![i]!) > 1e-12 * (Math.abs(rows[i]![j]!) + Math.abs(rows[j]![i]!))) {
        throw new ConfigError(`problem.A[${i}][${j}]`, `is ${rows[i]![j]} but A[${j}][${i}] is ${rows[j]![i]}; A must be symmetric`);
      }
    }
    const a = Float64Array.from(rows.flat());
    const start = new Float64Array(n);
    start[0] = 1.5; // default start off the minimiser and off the axes
    if (n > 1) start[1] = -0.5;
    const p = quadraticProblem('quadratic', a, Float64Array.from(bv), start);
    // The plotting window needs an anchor even for an indefinite A (e.g. a saddle): centre it on the origin then.
    return n === 2 && !p.window ? { ...p, window: [[-2, 2], [-2, 2]] } : p;
  },
};
