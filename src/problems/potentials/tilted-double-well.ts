/**
 * Tilted double well U(x) = (x² − 1)² + s·x in 1-D (anchors-science §3.2, s = 0.25): global minimum
 * x = −1.029896 (U = −0.253791), barrier 0.062747 (U = 1.007828), local minimum 0.967149 (U = 0.245963), so the
 * local well's depth is d* = 0.761865 — Hajek's critical constant for logarithmic cooling c/log(k+1).
 */
import type { ProblemSpec } from '../types.ts';
import { potentialProblem } from './potential.ts';

/** Critical points of U'(x) = 4x³ − 4x + s by Newton from ∓1 and 0 (sorted: global min, barrier, local min for s > 0). */
export function tiltedCriticalPoints(s: number): number[] {
  return [-1, 0, 1].map((x0) => {
    let x = x0;
    for (let i = 0; i < 100; i++) {
      const dx = (4 * x * x * x - 4 * x + s) / (12 * x * x - 4);
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    return x;
  });
}

export const tiltedDoubleWell: ProblemSpec = {
  id: 'tilted-double-well',
  summary: 'tilted double well U(x) = (x² − 1)² + s·x (1-D); s = 0.25: global min −1.029896, local min 0.967149, depth d* = 0.761865',
  params: [{ name: 'tilt', kind: 'number', default: 0.25, min: -1.5, max: 1.5, doc: 'linear tilt s (|s| < 1.54 keeps two minima)' }],
  create(o) {
    const s = o.tilt as number;
    const U = (v: number) => { const u = v * v - 1; return u * u + s * v; };
    const [a, , c] = tiltedCriticalPoints(s);
    const [gx, lx] = U(a!) <= U(c!) ? [a!, c!] : [c!, a!];
    return potentialProblem({
      id: 'tilted-double-well', dim: 1,
      energy: (x) => U(x[0]!),
      grad: (x, out) => { const v = x[0]!; out[0] = 4 * v * (v * v - 1) + s; },
      batch: {
        energy(xs, n, out) { for (let p = 0; p < n; p++) out[p] = U(xs[p]!); },
        grad(xs, n, out) { for (let p = 0; p < n; p++) { const v = xs[p]!; out[p] = 4 * v * (v * v - 1) + s; } },
        step(xs, n, dt, z) { for (let p = 0; p < n; p++) { const v = xs[p]!; xs[p] = v - dt * (4 * v * (v * v - 1) + s) + z[p]!; } },
      },
      // Annealing starts in the local (wrong) well, as in the §3.2 test.
      start: [lx], box: [[-4, 4]],
      minima: [{ theta: [gx], loss: U(gx), global: true }, { theta: [lx], loss: U(lx), global: false }],
    });
  },
};
