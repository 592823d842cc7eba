// svd 300: thin U, s, V of a 300×300 matrix (linalg.svd) vs numpy.linalg.svd(full_matrices=False), in ms.
import { svd } from '../../src/linalg/index.ts';
import { filled, type Workload } from '../workload.ts';

const n = 300;

export const svdWorkload: Workload = {
  name: 'svd-300',
  summary: 'SVD with singular vectors, 300×300 (linalg.svd) vs numpy.linalg.svd',
  unit: 'ms',
  higherIsBetter: false,
  target: { ratio: 1 / 1.2 },
  run(ctx) {
    const A = { rows: n, cols: n, data: filled(n * n, 4) };
    return ctx.timeMs(() => svd(A));
  },
  peer: { script: 'linalg.py', args: ['svd', String(n)], name: 'numpy' },
};
