/**
 * Cholesky factorisation A = L·Lᵀ (LAPACK potrf, lower) and the SPD solve posv.
 * Row-oriented (left-looking by rows): L_ij = (A_ij − ⟨L_i,:j, L_j,:j⟩)/L_jj, so every inner product runs over
 * two contiguous row prefixes of the row-major array.
 */
import { dot } from './blas1.ts';

/** Unblocked potrf on the lower triangle; zeroes the strict upper triangle. info = first failing column (1-based). */
export function potrf(n: number, A: Float64Array): number {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) A[i * n + j] = 0;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      let s = A[ri + j]!;
      for (let k = 0; k < j; k++) s -= A[ri + k]! * A[rj + k]!;
      A[ri + j] = s / A[rj + j]!;
    }
    const d = A[ri + i]! - dotPrefix(A, ri, i);
    if (!(d > 0)) return i + 1; // also catches NaN
    A[ri + i] = Math.sqrt(d);
  }
  return 0;
}

function dotPrefix(A: Float64Array, off: number, len: number): number {
  return dot(len, A.subarray(off, off + len), A.subarray(off, off + len));
}

/** Solves L·Lᵀ·X = B for the lower factor L of potrf (B is n×nrhs, overwritten by X). */
export function potrs(n: number, nrhs: number, L: Float64Array, B: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const bi = i * nrhs, li = i * n;
    for (let j = 0; j < i; j++) {
      const l = L[li + j]!;
      if (l === 0) continue;
      const bj = j * nrhs;
      for (let c = 0; c < nrhs; c++) B[bi + c] = B[bi + c]! - l * B[bj + c]!;
    }
    const inv = 1 / L[li + i]!;
    for (let c = 0; c < nrhs; c++) B[bi + c] = B[bi + c]! * inv;
  }
  for (let i = n - 1; i >= 0; i--) {
    const bi = i * nrhs;
    for (let j = i + 1; j < n; j++) {
      const l = L[j * n + i]!;
      if (l === 0) continue;
      const bj = j * nrhs;
      for (let c = 0; c < nrhs; c++) B[bi + c] = B[bi + c]! - l * B[bj + c]!;
    }
    const inv = 1 / L[i * n + i]!;
    for (let c = 0; c < nrhs; c++) B[bi + c] = B[bi + c]! * inv;
  }
}

/** Kernels.posv: potrf then potrs; B is left untouched when A is not SPD (info > 0). */
export function posv(n: number, nrhs: number, A: Float64Array, B: Float64Array): number {
  const info = potrf(n, A);
  if (info > 0) return info;
  potrs(n, nrhs, A, B);
  return 0;
}
