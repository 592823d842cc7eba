/** Portable GEMM entry point: chooses between the wasm SIMD kernel and the plain-TS tile. */
import { gemmTs } from './gemm-ts.ts';

/** C ← α·op(A)·op(B) + β·C (Kernels.gemm contract). */
export function gemm(transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, A: Float64Array, B: Float64Array, beta: number, C: Float64Array): void {
  gemmTs(transA, transB, m, n, k, alpha, A, B, beta, C);
}
