/**
 * Singular value decomposition by one-sided Jacobi (Hestenes 1958; convergence test of Demmel–Veselić 1992), which
 * orthogonalises the columns of A by plane rotations and so keeps high relative accuracy of small singular values
 * (never via eig(AᵀA), which squares κ).
 *
 * The tall matrix T (A, or Aᵀ when m < n) is first reduced by a column-pivoted Householder QR, and the Jacobi
 * sweeps run on the rows of the triangular factor (Drmač–Veselić 2008 preconditioning: fewer sweeps, p×p work).
 * Storage: every column being transformed is held as a contiguous row, so reflections and rotations are row updates.
 */

import { dotAt } from './blas1.ts';

const EPS = 2 ** -52;
const MAX_SWEEPS = 60;

/** Rows per block of the pair ordering: two blocks of W and Vt rows stay in L2 while all their pairs are visited. */
const PAIR_BLOCK = 32;

/**
 * Rotates the p rows (length p) of the square W until they are mutually orthogonal, applying the same rotations
 * to the p×p rows of Vt (if given). Each sweep visits every pair once, block by block for cache reuse; only
 * rotations on disjoint rows change places, so this is exactly the row-cyclic order. Returns 0, or 1 if
 * MAX_SWEEPS were not enough or the input is not finite.
 */
function jacobiRows(p: number, W: Float64Array, Vt: Float64Array | null): number {
  const tol = Math.sqrt(p) * EPS;
  const norms = new Float64Array(p);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let total = 0;
    for (let i = 0; i < p; i++) { norms[i] = sumSquares(W, i * p, p); total += norms[i]!; }
    if (!Number.isFinite(total)) return 1; // NaN/∞ input (or overflow): no rotation can converge
    let rotated = 0;
    for (let I = 0; I < p; I += PAIR_BLOCK) {
      const iEnd = Math.min(p, I + PAIR_BLOCK);
      for (let J = I; J < p; J += PAIR_BLOCK) {
        const jEnd = Math.min(p, J + PAIR_BLOCK);
        for (let i = I; i < iEnd; i++) {
          const wi = i * p;
          for (let j = J === I ? i + 1 : J; j < jEnd; j++) {
            const a = norms[i]!, b = norms[j]!;
            if (a === 0 || b === 0) continue;
            const wj = j * p;
            const g = dotRows(W, wi, wj, p);
            if (Math.abs(g) <= tol * Math.sqrt(a) * Math.sqrt(b)) continue;
            rotated++;
            // Rotation that zeroes the (i,j) entry of the 2×2 Gram matrix [[a, g], [g, b]].
            const zeta = (b - a) / (2 * g);
            const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
            const c = 1 / Math.sqrt(1 + t * t), sn = c * t;
            if (Vt) {
              // W and Vt rows have the same length: one fused loop.
              for (let k = 0; k < p; k++) {
                const x = W[wi + k]!, y = W[wj + k]!, u = Vt[wi + k]!, v = Vt[wj + k]!;
                W[wi + k] = c * x - sn * y;
                W[wj + k] = sn * x + c * y;
                Vt[wi + k] = c * u - sn * v;
                Vt[wj + k] = sn * u + c * v;
              }
            } else {
              for (let k = 0; k < p; k++) {
                const x = W[wi + k]!, y = W[wj + k]!;
                W[wi + k] = c * x - sn * y;
                W[wj + k] = sn * x + c * y;
              }
            }
            norms[i] = a - t * g;
            norms[j] = b + t * g;
          }
        }
      }
    }
    if (rotated === 0) return 0;
  }
  return 1;
}

/** ⟨X[a…a+len), X[b…b+len)⟩ with four partial sums: one running sum would make the loop wait on add latency. */
function dotRows(X: Float64Array, a: number, b: number, len: number): number {
  return dotAt(X, a, X, b, len);
}

function sumSquares(X: Float64Array, off: number, len: number): number {
  return dotRows(X, off, off, len);
}


/**
 * Completes the first `have` orthonormal rows of Q (rows of length q, stride q) to `want` orthonormal rows, writing
 * rows have…want−1. Uses Householder QR of the known rows: the trailing columns of its Q span their complement.
 */
export function completeOrthonormalRows(Q: Float64Array, q: number, have: number, want: number): void {
  if (want <= have) return;
  // Householder vectors v_t (stored in H rows) with H_t = I − 2 v_t v_tᵀ, reducing the known rows to triangular form.
  const H = new Float64Array(have * q);
  const work = new Float64Array(q);
  const applyAll = (x: Float64Array, upTo: number, reverse: boolean) => {
    for (let s = 0; s < upTo; s++) {
      const t = reverse ? upTo - 1 - s : s;
      const ht = t * q;
      let d = 0;
      for (let k = t; k < q; k++) d += H[ht + k]! * x[k]!;
      if (d === 0) continue;
      d *= 2;
      for (let k = t; k < q; k++) x[k] = x[k]! - d * H[ht + k]!;
    }
  };
  let rank = 0;
  for (let t = 0; t < have; t++) {
    for (let k = 0; k < q; k++) work[k] = Q[t * q + k]!;
    applyAll(work, rank, false);
    let norm = 0;
    for (let k = rank; k < q; k++) norm += work[k]! * work[k]!;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = work[rank]! > 0 ? -norm : norm;
    const ht = rank * q;
    work[rank] = work[rank]! - alpha;
    let vn = 0;
    for (let k = rank; k < q; k++) vn += work[k]! * work[k]!;
    vn = Math.sqrt(vn);
    for (let k = rank; k < q; k++) H[ht + k] = work[k]! / vn;
    rank++;
  }
  // Q_full = H_0·H_1·…·H_{rank−1}; its columns rank…q−1 are orthonormal and orthogonal to the known rows.
  for (let r = have; r < want; r++) {
    work.fill(0);
    work[rank + (r - have)] = 1;
    applyAll(work, rank, true);
    for (let k = 0; k < q; k++) Q[r * q + k] = work[k]!;
  }
}

/**
 * Householder QR with column pivoting of the tall q×p matrix T (q ≥ p), given as its columns: the p rows of W
 * (length q). On return the rows of W are permuted by perm (row t = original column perm[t]) and reduced, R_tj = W[j*q+t]
 * for j ≥ t; the unit Householder vectors are the rows of H (H_t = I − 2·h_t·h_tᵀ, supported on t…q−1), so T·P = Q·R
 * with Q = H_0·H_1·…·H_{p−1}. Pivoting puts the largest remaining column first, which makes R's rows graded and the
 * Jacobi sweeps on it converge in a few sweeps (Drmač–Veselić 2008).
 */
function pivotedQR(p: number, q: number, W: Float64Array, H: Float64Array, perm: Int32Array): void {
  for (let t = 0; t < p; t++) perm[t] = t;
  for (let t = 0; t < p; t++) {
    let best = t, bestNorm = -1;
    for (let j = t; j < p; j++) {
      const nj = sumSquares(W, j * q + t, q - t);
      if (nj > bestNorm) { bestNorm = nj; best = j; }
    }
    if (best !== t) {
      swapRows(W, t * q, best * q, q);
      const tp = perm[t]!; perm[t] = perm[best]!; perm[best] = tp;
    }
    const wt = t * q, ht = t * q;
    const norm = Math.sqrt(sumSquares(W, wt + t, q - t));
    if (norm === 0) continue; // H_t = I (its row of H stays zero)
    const alpha = W[wt + t]! > 0 ? -norm : norm;
    // h = (x − α·e_t)/‖x − α·e_t‖, with ‖x − α·e_t‖² = 2‖x‖² − 2αx_t.
    const scale = 1 / Math.sqrt(2 * norm * norm - 2 * alpha * W[wt + t]!);
    H[ht + t] = (W[wt + t]! - alpha) * scale;
    for (let k = t + 1; k < q; k++) H[ht + k] = W[wt + k]! * scale;
    W[wt + t] = alpha;
    for (let k = t + 1; k < q; k++) W[wt + k] = 0;
    for (let j = t + 1; j < p; j++) reflect(H, ht, W, j * q, t, q);
  }
}

/** x ← (I − 2hhᵀ)x on entries from…q−1, for the unit vector h at H[ho…] and x at X[xo…]. */
function reflect(H: Float64Array, ho: number, X: Float64Array, xo: number, from: number, q: number): void {
  let d = dotAt(H, ho + from, X, xo + from, q - from);
  if (d === 0) return;
  d *= 2;
  for (let k = from; k < q; k++) X[xo + k] = X[xo + k]! - d * H[ho + k]!;
}

function swapRows(X: Float64Array, a: number, b: number, len: number): void {
  for (let k = 0; k < len; k++) { const t = X[a + k]!; X[a + k] = X[b + k]!; X[b + k] = t; }
}

/**
 * SVD of a tall q×p matrix T = U·diag(σ)·Vᵀ (q ≥ p) given by its columns as the rows of W (destroyed).
 * Pivoted QR T·P = Q·R, then one-sided Jacobi on the rows of R (= columns of Rᵀ): Rᵀ·J = X·Σ, so
 * T = (Q·J)·Σ·(P·X)ᵀ. Returns σ descending and, when uRows > 0, U's first uRows columns as rows (uRows×q)
 * and V's columns as rows (p×p).
 */
function svdTall(p: number, q: number, W: Float64Array, uRows: number):
  { info: number; sigma: Float64Array; Ucols: Float64Array; Vcols: Float64Array } {
  const H = new Float64Array(p * q), perm = new Int32Array(p);
  pivotedQR(p, q, W, H, perm);
  const R = new Float64Array(p * p);
  for (let t = 0; t < p; t++) for (let j = t; j < p; j++) R[t * p + j] = W[j * q + t]!;
  const wantVectors = uRows > 0;
  const Jt = wantVectors ? new Float64Array(p * p) : null;
  if (Jt) for (let i = 0; i < p; i++) Jt[i * p + i] = 1;
  const info = jacobiRows(p, R, Jt);
  const norms = new Float64Array(p);
  for (let i = 0; i < p; i++) norms[i] = Math.sqrt(sumSquares(R, i * p, p));
  const order = Array.from({ length: p }, (_, i) => i).sort((a, b) => norms[b]! - norms[a]!);
  const sigma = new Float64Array(p);
  for (let i = 0; i < p; i++) sigma[i] = norms[order[i]!]!;
  if (!wantVectors || !Jt) return { info, sigma, Ucols: new Float64Array(0), Vcols: new Float64Array(0) };

  // V = P·X: X's columns are the normalised rows of R (completed where σ = 0), then un-permuted.
  const X = new Float64Array(p * p);
  let nonzero = 0;
  for (let i = 0; i < p; i++) {
    const sg = sigma[i]!;
    if (sg === 0) break; // sorted: the rest are zero too and come from the completion
    const src = order[i]! * p, inv = 1 / sg;
    for (let k = 0; k < p; k++) X[i * p + k] = R[src + k]! * inv;
    nonzero++;
  }
  completeOrthonormalRows(X, p, nonzero, p);
  const Vcols = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let t = 0; t < p; t++) Vcols[i * p + perm[t]!] = X[i * p + t]!;
  // U = Q·J (orthonormal even where σ = 0); for uRows > p the extra columns are Q·e_i.
  const Ucols = new Float64Array(uRows * q);
  for (let i = 0; i < uRows; i++) {
    const ui = i * q;
    if (i < p) { const src = order[i]! * p; for (let k = 0; k < p; k++) Ucols[ui + k] = Jt[src + k]!; } // column order[i] of J
    else Ucols[ui + i] = 1;
    for (let t = p - 1; t >= 0; t--) reflect(H, t * q, Ucols, ui, t, q);
  }
  return { info, sigma, Ucols, Vcols };
}

/** Kernels.gesdd (see types.ts): A is m×n row-major and destroyed; s descending. */
export function gesdd(job: 'A' | 'S' | 'N', m: number, n: number, A: Float64Array, s: Float64Array,
  U: Float64Array, VT: Float64Array): number {
  const wide = m < n;
  // Work on the tall matrix T (T = A if m ≥ n, else Aᵀ), given by its p columns as the rows of W (length q).
  const p = wide ? m : n, q = wide ? n : m;
  let W: Float64Array;
  if (wide) W = A;
  else {
    W = new Float64Array(p * q);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) W[j * q + i] = A[i * n + j]!;
  }
  const uRows = job === 'N' ? 0 : job === 'A' ? q : p;
  const { info, sigma, Ucols, Vcols } = svdTall(p, q, W, uRows);
  s.set(sigma.subarray(0, p));
  if (job === 'N') return info;
  if (!wide) {
    // A = T: U's columns are Ucols' rows (m×uRows); VT's rows are V's columns (n×n).
    for (let i = 0; i < m; i++) for (let j = 0; j < uRows; j++) U[i * uRows + j] = Ucols[j * q + i]!;
    VT.set(Vcols);
  } else {
    // A = Tᵀ = V_T·Σ·U_Tᵀ: U's columns are V_T's (m×m); VT's rows are U_T's columns (uRows×n).
    for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) U[i * p + j] = Vcols[j * p + i]!;
    VT.set(Ucols);
  }
  return info;
}
