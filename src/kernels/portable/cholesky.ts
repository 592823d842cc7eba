/**
 * Cholesky factorisation A = L·Lᵀ (LAPACK potrf, lower), the SPD solve posv and the inverse from the factor potri.
 * Blocked right-looking (LAPACK dpotrf order): factor an NB-wide diagonal block, solve the panel below it
 * (L21 = A21·L11⁻ᵀ, a recursive TRSM), then update the trailing lower triangle A22 −= L21·L21ᵀ with GEMM, block
 * row by block row. The GEMMs are the wasm kernel, run in place on a copy of A in its linear memory; without wasm,
 * plain substitution and a TS loop of contiguous row dot products do the same work.
 */
import { wasmGemm } from './wasm-gemm.ts';
import { trsmLeft } from './trsm.ts';
import { syrk } from './syrk.ts';

const NB = 128;

/** M[r0:r1, c0:r1] −= M[r0:r1, j0:j1]·M[c0:r1, j0:j1]ᵀ on an n-wide row-major M (all rows of L21 are contiguous in j). */
type TrailingUpdate = (r0: number, r1: number, c0: number, j0: number, j1: number) => void;

/** Unblocked Cholesky of the diagonal block M[j0:j1, j0:j1]; returns the failing column (1-based, global) or 0. */
function factorDiagonal(n: number, M: Float64Array, j0: number, j1: number): number {
  for (let i = j0; i < j1; i++) {
    const ri = i * n;
    for (let j = j0; j < i; j++) {
      const rj = j * n;
      let s = M[ri + j]!;
      for (let k = j0; k < j; k++) s -= M[ri + k]! * M[rj + k]!;
      M[ri + j] = s / M[rj + j]!;
    }
    let d = M[ri + i]!;
    for (let k = j0; k < i; k++) d -= M[ri + k]! * M[ri + k]!;
    if (!(d > 0)) return i + 1; // also catches NaN
    M[ri + i] = Math.sqrt(d);
  }
  return 0;
}

/** Triangular solve X·L[c0:c1, c0:c1]ᵀ = M[r0:r1, c0:c1] in place (forward substitution along each row). */
function solveRows(n: number, M: Float64Array, r0: number, r1: number, c0: number, c1: number): void {
  for (let i = r0; i < r1; i++) {
    const ri = i * n;
    for (let c = c0; c < c1; c++) {
      const rc = c * n;
      let s = M[ri + c]!;
      for (let k = c0; k < c; k++) s -= M[ri + k]! * M[rc + k]!;
      M[ri + c] = s / M[rc + c]!;
    }
  }
}

/** Panel solve: rows j1…n−1 of block column j0…j1 ← A21·L11⁻ᵀ. */
type PanelSolve = (j0: number, j1: number) => void;

function blockedCholesky(n: number, M: Float64Array, update: TrailingUpdate, solvePanel: PanelSolve): number {
  for (let j0 = 0; j0 < n; j0 += NB) {
    const j1 = Math.min(n, j0 + NB);
    const info = factorDiagonal(n, M, j0, j1);
    if (info > 0) return info;
    if (j1 === n) break;
    solvePanel(j0, j1);
    for (let r0 = j1; r0 < n; r0 += NB) update(r0, Math.min(n, r0 + NB), j1, j0, j1);
  }
  return 0;
}

function tsUpdate(n: number, M: Float64Array): TrailingUpdate {
  return (r0, r1, c0, j0, j1) => {
    for (let i = r0; i < r1; i++) {
      const ri = i * n;
      for (let j = c0; j <= Math.min(i, r1 - 1); j++) {
        const rj = j * n;
        let s = 0;
        for (let k = j0; k < j1; k++) s += M[ri + k]! * M[rj + k]!;
        M[ri + j] = M[ri + j]! - s;
      }
    }
  };
}

/** Kernels.potrf: lower Cholesky in place; zeroes the strict upper triangle. info = first failing column (1-based). */
export function potrf(n: number, A: Float64Array): number {
  return potrfWith(wasmGemm !== null, n, A);
}

/** potrf with the wasm trailing update on or off (off: the no-WebAssembly path, exported for its tests). */
export function potrfWith(useWasm: boolean, n: number, A: Float64Array): number {
  let info: number;
  const p = useWasm && wasmGemm !== null && n > NB ? wasmGemm.reserve(n * n) : -1;
  if (wasmGemm !== null && p >= 0) {
    const g = wasmGemm;
    const M = g.view().subarray(p / 8, p / 8 + n * n);
    M.set(A.subarray(0, n * n));
    // Full NB×NB diagonal blocks are updated whole (their upper part is scratch, zeroed below).
    const at = (i: number, j: number) => p + (i * n + j) * 8;
    // Recursive TRSM: solve the left half of the columns, GEMM-update the right half, solve it.
    const trsm = (c0: number, c1: number, r0: number) => {
      if (c1 - c0 <= 16) { solveRows(n, M, r0, n, c0, c1); return; }
      const h = c0 + ((c1 - c0) >> 1);
      trsm(c0, h, r0);
      g.call(false, true, n - r0, c1 - h, h - c0, -1, at(r0, c0), n, at(h, c0), n, 1, at(r0, h), n);
      trsm(h, c1, r0);
    };
    info = blockedCholesky(n, M, (r0, r1, c0, j0, j1) => g.call(false, true, r1 - r0, r1 - c0, j1 - j0, -1,
      at(r0, j0), n, at(c0, j0), n, 1, at(r0, c0), n), (j0, j1) => trsm(j0, j1, j1));
    for (let i = 0; i < n; i++) A.set(M.subarray(i * n, i * n + i + 1), i * n);
  } else {
    info = blockedCholesky(n, A, tsUpdate(n, A), (j0, j1) => solveRows(n, A, j1, n, j0, j1));
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) A[i * n + j] = 0;
  return info;
}

/** Solves L·Lᵀ·X = B for the lower factor L of potrf (B is n×nrhs, overwritten by X). */
export function potrs(n: number, nrhs: number, L: Float64Array, B: Float64Array): void {
  trsmLeft(true, false, false, n, L, nrhs, B);
  trsmLeft(true, true, false, n, L, nrhs, B);
}

/** Kernels.posv: potrf then potrs; B is left untouched when A is not SPD (info > 0). */
export function posv(n: number, nrhs: number, A: Float64Array, B: Float64Array): number {
  const info = potrf(n, A);
  if (info > 0) return info;
  potrs(n, nrhs, A, B);
  return 0;
}

/** Kernels.potri: A = L (from potrf) ← (L·Lᵀ)⁻¹ = L⁻ᵀ·L⁻¹, with X = L⁻¹ by a triangular solve on I and A = XᵀX by syrk. */
export function potri(n: number, A: Float64Array): number {
  for (let i = 0; i < n; i++) if (A[i * n + i] === 0) return i + 1;
  const X = new Float64Array(n * n);
  for (let i = 0; i < n; i++) X[i * n + i] = 1;
  trsmLeft(true, false, false, n, A, n, X);
  syrk(true, n, n, 1, X, 0, A);
  return 0;
}
