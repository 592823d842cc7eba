/**
 * Gauss–Legendre quadrature on [0, 1] (nodes by Newton's method on P_n from the Tricomi initial guesses, as in
 * Numerical Recipes' gauleg): an n-point rule integrates polynomials of degree ≤ 2n − 1 exactly. Used by the
 * averaged-vector-field discrete gradient.
 */
import { InvalidArgumentError } from '../errors.ts';

export interface Quadrature {
  nodes: Float64Array;
  weights: Float64Array;
}

const cache = new Map<number, Quadrature>();

/** The n-point rule on [0, 1], 1 ≤ n ≤ 200 (cached). */
export function gaussLegendre(n: number): Quadrature {
  if (!(Number.isInteger(n) && n >= 1 && n <= 200)) throw new InvalidArgumentError(`gaussLegendre: order ${n}; an integer in [1, 200] is accepted`);
  const hit = cache.get(n);
  if (hit) return hit;
  const nodes = new Float64Array(n), weights = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  for (let i = 0; i < m; i++) {
    let x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      // P_n(x) and P_n'(x) by the three-term recurrence
      let p0 = 1, p1 = x;
      for (let k = 2; k <= n; k++) { const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k; p0 = p1; p1 = p2; }
      const pn = n === 1 ? x : p1, pm = n === 1 ? 1 : p0;
      dp = n * (x * pn - pm) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) <= 1e-16) break;
    }
    // recompute the derivative at the converged node
    let p0 = 1, p1 = x;
    for (let k = 2; k <= n; k++) { const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k; p0 = p1; p1 = p2; }
    dp = n === 1 ? 1 : n * (x * p1 - p0) / (x * x - 1);
    const w = 2 / ((1 - x * x) * dp * dp);
    // map [−1, 1] → [0, 1]: s = (1 ± x)/2, weight w/2
    nodes[i] = (1 - x) / 2; weights[i] = w / 2;
    nodes[n - 1 - i] = (1 + x) / 2; weights[n - 1 - i] = w / 2;
  }
  const q = { nodes, weights };
  cache.set(n, q);
  return q;
}
