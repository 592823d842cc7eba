// eigh 500: values + vectors of a symmetric 500×500 matrix (linalg.eigh) vs numpy.linalg.eigh, in ms (target ≥ 1/1.2).
import { eigh } from '../../src/linalg/index.ts';
import { filled, type Workload } from '../workload.ts';

const n = 500;

export const eighWorkload: Workload = {
  name: 'eigh-500',
  summary: 'symmetric eigendecomposition 500×500 (linalg.eigh) vs numpy.linalg.eigh',
  unit: 'ms',
  higherIsBetter: false,
  target: { ratio: 1 / 1.2 },
  run(ctx) {
    const X = filled(n * n, 3);
    const S = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S[i * n + j] = X[i * n + j]! + X[j * n + i]!;
    return ctx.timeMs(() => eigh({ rows: n, cols: n, data: S }));
  },
  peer: { script: 'linalg.py', args: ['eigh', String(n)], name: 'numpy' },
};
