/** Symmetric rank-k update (BLAS syrk) through gemm, then mirrored so the full symmetric C is written exactly symmetric. */
import { gemm } from './gemm.ts';

/** C ← α·A·Aᵀ + β·C (trans=false, A n×k) or α·AᵀA + β·C (trans=true, A k×n). */
export function syrk(trans: boolean, n: number, k: number, alpha: number, A: Float64Array, beta: number, C: Float64Array): void {
  gemm(trans, !trans, n, n, k, alpha, A, A, beta, C);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) C[i * n + j] = C[j * n + i]!;
}
