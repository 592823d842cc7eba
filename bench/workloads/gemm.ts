// gemm 1024²: C = A·B through linalg.matmul on the active backend, in GFLOP/s, vs numpy's A @ B (target ≥ 0.9×);
// gemm-1024-out writes into a preallocated C on both sides (matmul(A, B, {out}) vs np.matmul(X, Y, out=Z)), so
// the ratio measures the multiply alone, without each side's allocator and first-touch page faults.
import { matmul, type Matrix } from '../../src/linalg/index.ts';
import { filled, gflops, type Workload } from '../workload.ts';

const n = 1024;
const operands = (): { A: Matrix; B: Matrix } => ({
  A: { rows: n, cols: n, data: filled(n * n, 1) },
  B: { rows: n, cols: n, data: filled(n * n, 2) },
});

export const gemm: Workload = {
  name: 'gemm-1024',
  summary: 'C = A·B, 1024×1024 float64 (linalg.matmul) vs numpy A @ B',
  unit: 'GFLOP/s',
  higherIsBetter: true,
  target: { ratio: 0.9 },
  run(ctx) {
    const { A, B } = operands();
    return gflops(2 * n ** 3, ctx.timeMs(() => matmul(A, B)));
  },
  peer: { script: 'linalg.py', args: ['gemm', String(n)], name: 'numpy' },
};

export const gemmOut: Workload = {
  name: 'gemm-1024-out',
  summary: 'C = A·B into a preallocated C, 1024×1024 float64 (linalg.matmul with out) vs numpy matmul(out=)',
  unit: 'GFLOP/s',
  higherIsBetter: true,
  target: { ratio: 0.9 },
  run(ctx) {
    const { A, B } = operands();
    const out: Matrix = { rows: n, cols: n, data: new Float64Array(n * n) };
    return gflops(2 * n ** 3, ctx.timeMs(() => matmul(A, B, { out })));
  },
  peer: { script: 'linalg.py', args: ['gemm-out', String(n)], name: 'numpy' },
};
