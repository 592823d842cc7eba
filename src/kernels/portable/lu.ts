/**
 * LU factorisation with partial pivoting (LAPACK getrf semantics, 0-based ipiv) and the square solve gesv.
 * Right-looking, row-oriented: in row-major storage the pivot swap and the trailing update are contiguous row
 * operations. Like LAPACK, a zero pivot is recorded in info and the factorisation continues (no division by it).
 * Large matrices use the blocked form of LAPACK dgetrf: factor an NB-wide panel, solve for the U block row, and
 * update the trailing matrix with the wasm GEMM, in place in its linear memory.
 */
import { wasmGemm } from './wasm-gemm.ts';
import { trsmLeft } from './trsm.ts';

const NB = 64;

/** P·A = L·U in place; ipiv[j] = the row swapped with row j at step j. info > 0: U(info-1, info-1) = 0. */
export function getrf(n: number, A: Float64Array, ipiv: Int32Array): number {
  const p = wasmGemm !== null && n > NB ? wasmGemm.reserve(n * n) : -1;
  return p >= 0 ? getrfBlocked(n, A, ipiv, p) : getrfUnblocked(n, A, ipiv);
}

/** Blocked getrf in linear memory at byte offset p (wasm GEMM trailing update); the panel is unblocked on its columns. */
function getrfBlocked(n: number, A: Float64Array, ipiv: Int32Array, p: number): number {
  const g = wasmGemm!;
  const M = g.view().subarray(p / 8, p / 8 + n * n);
  M.set(A.subarray(0, n * n));
  const at = (i: number, j: number) => p + (i * n + j) * 8;
  let info = 0;
  for (let j0 = 0; j0 < n; j0 += NB) {
    const j1 = Math.min(n, j0 + NB);
    // Panel: pivot search in column j, swap whole rows, eliminate within the panel columns only.
    for (let j = j0; j < j1; j++) {
      let piv = j, best = Math.abs(M[j * n + j]!);
      for (let i = j + 1; i < n; i++) {
        const v = Math.abs(M[i * n + j]!);
        if (v > best) { best = v; piv = i; }
      }
      ipiv[j] = piv;
      if (piv !== j) {
        const rp = piv * n, rj = j * n;
        for (let c = 0; c < n; c++) { const t = M[rp + c]!; M[rp + c] = M[rj + c]!; M[rj + c] = t; }
      }
      const rj = j * n, pivot = M[rj + j]!;
      if (pivot === 0 || Number.isNaN(pivot)) {
        if (info === 0) info = j + 1;
        continue;
      }
      const inv = 1 / pivot;
      for (let i = j + 1; i < n; i++) {
        const ri = i * n, l = M[ri + j]! * inv;
        M[ri + j] = l;
        if (l === 0) continue;
        for (let c = j + 1; c < j1; c++) M[ri + c] = M[ri + c]! - l * M[rj + c]!;
      }
    }
    if (j1 === n) break;
    // U12 ← L11⁻¹·A12 (unit lower, row by row), then A22 −= L21·U12.
    for (let i = j0 + 1; i < j1; i++) {
      const ri = i * n;
      for (let k = j0; k < i; k++) {
        const l = M[ri + k]!;
        if (l === 0) continue;
        const rk = k * n;
        for (let c = j1; c < n; c++) M[ri + c] = M[ri + c]! - l * M[rk + c]!;
      }
    }
    g.call(false, false, n - j1, n - j1, j1 - j0, -1, at(j1, j0), n, at(j0, j1), n, 1, at(j1, j1), n);
  }
  A.set(M);
  return info;
}

/** Unblocked right-looking getrf (small matrices, and the path without WebAssembly). */
export function getrfUnblocked(n: number, A: Float64Array, ipiv: Int32Array): number {
  let info = 0;
  for (let j = 0; j < n; j++) {
    let p = j, best = Math.abs(A[j * n + j]!);
    for (let i = j + 1; i < n; i++) {
      const v = Math.abs(A[i * n + j]!);
      if (v > best) { best = v; p = i; }
    }
    ipiv[j] = p;
    if (p !== j) {
      const rp = p * n, rj = j * n;
      for (let c = 0; c < n; c++) { const t = A[rp + c]!; A[rp + c] = A[rj + c]!; A[rj + c] = t; }
    }
    const rj = j * n;
    const pivot = A[rj + j]!;
    if (pivot === 0 || Number.isNaN(pivot)) {
      if (info === 0) info = j + 1;
      continue;
    }
    const inv = 1 / pivot;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      const l = A[ri + j]! * inv;
      A[ri + j] = l;
      if (l === 0) continue;
      for (let c = j + 1; c < n; c++) A[ri + c] = A[ri + c]! - l * A[rj + c]!;
    }
  }
  return info;
}

/** Solves L·U·X = P·B for the factors of getrf (B is n×nrhs, overwritten by X). */
export function getrs(n: number, nrhs: number, LU: Float64Array, ipiv: Int32Array, B: Float64Array): void {
  for (let j = 0; j < n; j++) {
    const p = ipiv[j]!;
    if (p !== j) {
      for (let c = 0; c < nrhs; c++) {
        const t = B[p * nrhs + c]!; B[p * nrhs + c] = B[j * nrhs + c]!; B[j * nrhs + c] = t;
      }
    }
  }
  trsmLeft(true, false, true, n, LU, nrhs, B);
  trsmLeft(false, false, false, n, LU, nrhs, B);
}

/** Kernels.gesv: A·X = B by getrf + getrs; B is left untouched when A is singular (info > 0). */
export function gesv(n: number, nrhs: number, A: Float64Array, B: Float64Array): number {
  const ipiv = new Int32Array(n);
  const info = getrf(n, A, ipiv);
  if (info > 0) return info;
  getrs(n, nrhs, A, ipiv, B);
  return 0;
}
