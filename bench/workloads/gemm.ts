// gemm 1024²: C = A·B through linalg.matmul on the active backend, in GFLOP/s, vs numpy's A @ B (target ≥ 0.9×).
import { matmul, type Matrix } from '../../src/linalg/index.ts';
import { filled, gflops, type Workload } from '../workload.ts';

const n = 1024;

export const gemm: Workload = {
  name: 'gemm-1024',
  summary: 'C = A·B, 1024×1024 float64 (linalg.matmul) vs numpy A @ B',
  unit: 'GFLOP/s',
  higherIsBetter: true,
  target: { ratio: 0.9 },
  run(ctx) {
    const A: Matrix = { rows: n, cols: n, data: filled(n * n, 1) };
    const B: Matrix = { rows: n, cols: n, data: filled(n * n, 2) };
    return gflops(2 * n ** 3, ctx.timeMs(() => matmul(A, B)));
  },
  peer: { script: 'linalg.py', args: ['gemm', String(n)], name: 'numpy' },
};
