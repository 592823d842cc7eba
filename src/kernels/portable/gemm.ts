/**
 * Portable GEMM entry point: matrix–vector shapes in plain TS (gemv.ts), the wasm SIMD128 kernel for all but tiny
 * products (on two threads from 128³ multiply-adds under Node: gemm-threads.ts), the plain-TS 4×4 tile otherwise
 * (and everywhere when WebAssembly SIMD is unavailable).
 */
import { gemmTs } from './gemm-ts.ts';
import { wasmGemm } from './wasm-gemm.ts';
import { gemvColumn, gemvRow } from './gemv.ts';
import { PARALLEL_MIN_FLOPS, parallelGemm } from './gemm-threads.ts';

/** Below this many multiply-adds (about 6³) the copy into wasm memory costs more than the product saves (measured). */
const WASM_MIN_FLOPS = 256;

/** C ← α·op(A)·op(B) + β·C (Kernels.gemm contract). */
export function gemm(transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, A: Float64Array, B: Float64Array, beta: number, C: Float64Array): void {
  if (n === 1 && k > 0 && alpha !== 0) gemvColumn(transA, m, k, alpha, A, B, beta, C);
  else if (m === 1 && k > 0 && alpha !== 0) gemvRow(transB, n, k, alpha, A, B, beta, C);
  else if (m * n * k >= PARALLEL_MIN_FLOPS && parallelGemm?.gemm(transA, transB, m, n, k, alpha, A, B, beta, C)) { /* done */ }
  else if (wasmGemm === null || m * n * k < WASM_MIN_FLOPS || !wasmGemm.gemm(transA, transB, m, n, k, alpha, A, B, beta, C)) {
    gemmTs(transA, transB, m, n, k, alpha, A, B, beta, C);
  }
}
