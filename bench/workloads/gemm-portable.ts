// Portable gemm 1024² alone (wasm SIMD / TS kernels, whatever backend is active), in GFLOP/s; target ≥ 10, no peer.
// Under Node it runs on two threads once its worker is up (the warm-up calls start it); LEARNSCOPE_PORTABLE_THREADS=1
// measures the one-thread kernel.
import { portableKernels } from '../../src/kernels/index.ts';
import { filled, gflops, type Workload } from '../workload.ts';

const n = 1024;

export const gemmPortable: Workload = {
  name: 'gemm-1024-portable',
  summary: 'portable-backend gemm 1024×1024 float64, absolute GFLOP/s (no peer)',
  unit: 'GFLOP/s',
  higherIsBetter: true,
  target: { value: 10 },
  pinnedBackend: 'portable',
  run(ctx) {
    const A = filled(n * n, 1);
    const B = filled(n * n, 2);
    const C = new Float64Array(n * n);
    return gflops(2 * n ** 3, ctx.timeMs(() => portableKernels.gemm(false, false, n, n, n, 1, A, B, 0, C)));
  },
};
