// Cholesky solve 2000: A·x = b for SPD A = XᵀX + nI (linalg.solveSPD, dposv) vs scipy.linalg.solve(assume_a='pos'), ms.
import { solveSPD } from '../../src/linalg/index.ts';
import { kernels } from '../../src/kernels/index.ts';
import { filled, type Workload } from '../workload.ts';

const n = 2000;

export const choleskySolve: Workload = {
  name: 'cholesky-solve-2000',
  summary: 'SPD solve 2000×2000, one right-hand side (linalg.solveSPD) vs scipy.linalg.solve(assume_a="pos")',
  unit: 'ms',
  higherIsBetter: false,
  target: { ratio: 1 / 1.2 },
  run(ctx) {
    const X = filled(n * n, 5);
    const S = new Float64Array(n * n);
    kernels().syrk(true, n, n, 1, X, 0, S); // XᵀX
    for (let i = 0; i < n; i++) S[i * n + i]! += n;
    const b = filled(n, 6);
    return ctx.timeMs(() => solveSPD({ rows: n, cols: n, data: S }, b));
  },
  peer: { script: 'linalg.py', args: ['cholesky-solve', String(n)], name: 'scipy' },
};
