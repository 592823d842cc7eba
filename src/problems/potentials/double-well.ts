/**
 * Double well U(x) = h·(x² − 1)² in 1-D (anchors-science §3.5): minima ±1 (U = 0), barrier at 0 of height h,
 * U''(±1) = 8h, U''(0) = −4h, so Kramers' hop rate is k = (√(8h·4h)/2π)·e^{−h/T} (0.9003163·e^{−1/T} at h = 1).
 */
import type { ProblemSpec } from '../types.ts';
import { potentialProblem } from './potential.ts';

export const doubleWell: ProblemSpec = {
  id: 'double-well',
  summary: 'double well U(x) = h(x² − 1)² (1-D): minima ±1, barrier h at 0; Kramers rate 0.9003·e^{−1/T} at h = 1',
  params: [{ name: 'height', kind: 'number', default: 1, min: 0, minExclusive: true, doc: 'barrier height h = ΔU' }],
  create(o) {
    const h = o.height as number;
    return potentialProblem({
      id: 'double-well', dim: 1,
      energy: (x) => { const u = x[0]! * x[0]! - 1; return h * u * u; },
      grad: (x, out) => { const v = x[0]!; out[0] = 4 * h * v * (v * v - 1); },
      batch: {
        energy(xs, n, out) { for (let p = 0; p < n; p++) { const u = xs[p]! * xs[p]! - 1; out[p] = h * u * u; } },
        grad(xs, n, out) { const c = 4 * h; for (let p = 0; p < n; p++) { const v = xs[p]!; out[p] = c * v * (v * v - 1); } },
        step(xs, n, dt, z) { const c = 4 * h; for (let p = 0; p < n; p++) { const v = xs[p]!; xs[p] = v - dt * (c * v * (v * v - 1)) + z[p]!; } },
      },
      start: [1], box: [[-4, 4]],
      minima: [{ theta: [-1], loss: 0, global: true }, { theta: [1], loss: 0, global: true }],
    });
  },
};
