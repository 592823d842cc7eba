/**
 * The N-dimensional (chained) Rosenbrock Σᵢ₌₀^{N−2} b(θᵢ₊₁ − θᵢ²)² + (1 − θᵢ)²: global minimum at θ = 1, f = 0.
 * Starts from the classic (−1.2, 1, −1.2, 1, …); for N ≥ 4 there is also a local minimum near (−1, 1, …, 1).
 */
import { ShapeError } from '../errors.ts';
import type { ProblemSpec } from './types.ts';

export const rosenbrockN: ProblemSpec = {
  id: 'rosenbrock-n',
  summary: 'chained N-dim Rosenbrock Σ b(θᵢ₊₁ − θᵢ²)² + (1 − θᵢ)²; minimum θ = 1, f = 0; start (−1.2, 1, …)',
  params: [
    { name: 'dim', kind: 'integer', default: 10, min: 2, doc: 'dimension N' },
    { name: 'b', kind: 'number', default: 100, min: 0, minExclusive: true, doc: 'steepness of the valley walls' },
  ],
  create(o) {
    const n = o.dim as number, b = o.b as number;
    const check = (theta: Float64Array) => {
      if (theta.length !== n) throw new ShapeError(`rosenbrock-n: θ has length ${theta.length}; this problem has dimension ${n}`);
    };
    const loss = (t: Float64Array) => {
      check(t);
      let v = 0;
      for (let i = 0; i < n - 1; i++) v += b * (t[i + 1]! - t[i]! ** 2) ** 2 + (1 - t[i]!) ** 2;
      return v;
    };
    const grad = (t: Float64Array, out?: Float64Array) => {
      check(t);
      const g = out ?? new Float64Array(n);
      g.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const r = t[i + 1]! - t[i]! ** 2;
        g[i] = g[i]! - 4 * b * t[i]! * r - 2 * (1 - t[i]!);
        g[i + 1] = g[i + 1]! + 2 * b * r;
      }
      return g;
    };
    return {
      id: 'rosenbrock-n',
      dim: n,
      init: () => Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1)),
      loss,
      grad: (t, _b, out) => grad(t, out),
      valueAndGrad: (t, _b, out) => ({ value: loss(t), grad: grad(t, out) }),
      hessian(t) {
        check(t);
        const h = new Float64Array(n * n);
        for (let i = 0; i < n - 1; i++) {
          h[i * n + i] = h[i * n + i]! + 12 * b * t[i]! ** 2 - 4 * b * t[i + 1]! + 2;
          h[(i + 1) * n + i + 1] = h[(i + 1) * n + i + 1]! + 2 * b;
          h[i * n + i + 1] = h[(i + 1) * n + i] = -4 * b * t[i]!;
        }
        return h;
      },
      minima: [{ theta: new Array<number>(n).fill(1), loss: 0, global: true }],
    };
  },
};
