/**
 * Triangular solve with many right-hand sides, op(T)·X = B (BLAS dtrsm, left side), for the solves behind
 * posv and gesv. Recursive: solve one half of the unknowns, update the other half's right-hand sides with one
 * GEMM, solve that half; blocks of ≤ 32 unknowns (or few right-hand sides) use substitution on B's contiguous rows.
 */
import { gemm } from './gemm.ts';

const BASE = 32;

/**
 * Solves op(T)·X = B in place: T is n×n row-major (lower or upper triangle used), op(T) = T or Tᵀ, unit = implicit
 * ones on the diagonal; B is n×nrhs row-major, overwritten by X.
 */
export function trsmLeft(lower: boolean, trans: boolean, unit: boolean, n: number, T: Float64Array,
  nrhs: number, B: Float64Array): void {
  solve(lower, trans, unit, n, T, nrhs, B, 0, n);
}

/** M_ij of op(T). */
function opAt(trans: boolean, n: number, T: Float64Array, i: number, j: number): number {
  return trans ? T[j * n + i]! : T[i * n + j]!;
}

function solve(lower: boolean, trans: boolean, unit: boolean, n: number, T: Float64Array, nrhs: number,
  B: Float64Array, r0: number, r1: number): void {
  const forward = lower !== trans; // op(T) is lower triangular
  if (r1 - r0 <= BASE || nrhs < 8) { substitute(forward, trans, unit, n, T, nrhs, B, r0, r1); return; }
  const h = r0 + ((r1 - r0) >> 1);
  // The off-diagonal block of op(T) that couples the halves, copied contiguous for GEMM.
  const [first0, first1, second0, second1] = forward ? [r0, h, h, r1] : [h, r1, r0, h];
  solve(lower, trans, unit, n, T, nrhs, B, first0, first1);
  const rows = second1 - second0, cols = first1 - first0;
  const M = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) M[i * cols + j] = opAt(trans, n, T, second0 + i, first0 + j);
  gemm(false, false, rows, nrhs, cols, -1, M, B.subarray(first0 * nrhs, first1 * nrhs), 1,
    B.subarray(second0 * nrhs, second1 * nrhs));
  solve(lower, trans, unit, n, T, nrhs, B, second0, second1);
}

/** Row-oriented substitution on the unknowns r0…r1−1 (their coupling to other blocks is already removed). */
function substitute(forward: boolean, trans: boolean, unit: boolean, n: number, T: Float64Array, nrhs: number,
  B: Float64Array, r0: number, r1: number): void {
  for (let s = 0; s < r1 - r0; s++) {
    const i = forward ? r0 + s : r1 - 1 - s;
    const bi = i * nrhs;
    const j0 = forward ? r0 : i + 1, j1 = forward ? i : r1;
    for (let j = j0; j < j1; j++) {
      const t = opAt(trans, n, T, i, j);
      if (t === 0) continue;
      const bj = j * nrhs;
      for (let c = 0; c < nrhs; c++) B[bi + c] = B[bi + c]! - t * B[bj + c]!;
    }
    if (!unit) {
      const inv = 1 / T[i * n + i]!;
      for (let c = 0; c < nrhs; c++) B[bi + c] = B[bi + c]! * inv;
    }
  }
}
