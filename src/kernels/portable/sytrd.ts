/**
 * Blocked Householder reduction of a symmetric matrix to tridiagonal form, A = Q·T·Qᵀ (LAPACK dsytrd/dlatrd,
 * lower variant, and dorgtr for Q). Within a panel of NB columns each reflector is found from the lazily updated
 * column (A − V·Wᵀ − W·Vᵀ), so the matrix–vector product is the only O(n²) step per column; the rank-2·NB update
 * of the trailing matrix and the accumulation of Q (compact WY, Schreiber–Van Loan) are GEMMs.
 * The full symmetric matrix is kept (both triangles), so every column is also a contiguous row.
 */
import { gemm } from './gemm.ts';
import { dotAt } from './blas1.ts';

const NB = 32;

/**
 * Reduces the full symmetric n×n S (destroyed) to T with diagonal d and subdiagonal in e (e[i] = T[i][i−1],
 * e[0] = 0: the layout of the QL routine), and writes Z = Qᵀ (row c of Z is column c of Q).
 */
export function tridiagonaliseBlocked(n: number, S: Float64Array, d: Float64Array, e: Float64Array, Z: Float64Array): void {
  // Reflector j: H_j = I − τ_j·v_j·v_jᵀ, v_j zero up to j, 1 at j+1, stored in row j of Vall.
  const Vall = new Float64Array(n * n), tau = new Float64Array(n);
  const V = new Float64Array(n * NB), W = new Float64Array(n * NB); // the panel's v and w as columns (row i, col t)
  const p = new Float64Array(n), cv = new Float64Array(NB), cw = new Float64Array(NB);
  e[0] = 0;
  for (let j0 = 0; j0 < n; j0 += NB) {
    const j1 = Math.min(n, j0 + NB);
    V.fill(0);
    W.fill(0);
    for (let j = j0; j < j1; j++) {
      const t = j - j0, sj = j * n;
      // Bring row j (= column j) up to date with the panel's earlier reflectors: −V·W[j]ᵀ − W·V[j]ᵀ.
      for (let c = 0; c < t; c++) {
        const vj = V[j * NB + c]!, wj = W[j * NB + c]!;
        if (vj === 0 && wj === 0) continue;
        for (let k = j; k < n; k++) S[sj + k] = S[sj + k]! - vj * W[k * NB + c]! - wj * V[k * NB + c]!;
      }
      d[j] = S[sj + j]!;
      const N = n - j - 1;
      if (N === 0) break;
      // Householder (dlarfg) for x = S[j, j+1…n−1]: H·x = β·e_1.
      const alpha = S[sj + j + 1]!;
      let xnorm = 0;
      for (let k = j + 2; k < n; k++) xnorm += S[sj + k]! ** 2;
      xnorm = Math.sqrt(xnorm);
      if (xnorm === 0) { e[j + 1] = alpha; tau[j] = 0; continue; } // already tridiagonal here: H = I
      const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
      const tj = (beta - alpha) / beta, scale = 1 / (alpha - beta);
      e[j + 1] = beta;
      tau[j] = tj;
      const vr = j * n;
      Vall[vr + j + 1] = 1;
      for (let k = j + 2; k < n; k++) Vall[vr + k] = S[sj + k]! * scale;
      // p = τ·(A22 − V·Wᵀ − W·Vᵀ)·v on indices j+1…n−1 (A22 is stale: the panel's update is still pending).
      for (let i = j + 1; i < n; i++) p[i] = dotAt(S, i * n + j + 1, Vall, vr + j + 1, N);
      for (let c = 0; c < t; c++) {
        let sw = 0, sv = 0;
        for (let k = j + 1; k < n; k++) { sw += W[k * NB + c]! * Vall[vr + k]!; sv += V[k * NB + c]! * Vall[vr + k]!; }
        cw[c] = sw;
        cv[c] = sv;
      }
      let pv = 0;
      for (let i = j + 1; i < n; i++) {
        let s = p[i]!;
        for (let c = 0; c < t; c++) s -= V[i * NB + c]! * cw[c]! + W[i * NB + c]! * cv[c]!;
        s *= tj;
        p[i] = s;
        pv += s * Vall[vr + i]!;
      }
      // w = p − ½τ(pᵀv)·v, so that H·A·H = A − v·wᵀ − w·vᵀ.
      const h = 0.5 * tj * pv;
      for (let i = j + 1; i < n; i++) {
        V[i * NB + t] = Vall[vr + i]!;
        W[i * NB + t] = p[i]! - h * Vall[vr + i]!;
      }
    }
    if (j1 >= n) break;
    // Trailing update A[j1:, j1:] −= V·Wᵀ + W·Vᵀ (both triangles, two GEMMs on a contiguous copy).
    const N2 = n - j1, nb = j1 - j0;
    const Vt = new Float64Array(N2 * nb), Wt = new Float64Array(N2 * nb), B = new Float64Array(N2 * N2);
    for (let i = 0; i < N2; i++) for (let c = 0; c < nb; c++) {
      Vt[i * nb + c] = V[(j1 + i) * NB + c]!;
      Wt[i * nb + c] = W[(j1 + i) * NB + c]!;
    }
    for (let i = 0; i < N2; i++) B.set(S.subarray((j1 + i) * n + j1, (j1 + i) * n + n), i * N2);
    gemm(false, true, N2, N2, nb, -1, Vt, Wt, 1, B);
    gemm(false, true, N2, N2, nb, -1, Wt, Vt, 1, B);
    for (let i = 0; i < N2; i++) S.set(B.subarray(i * N2, i * N2 + N2), (j1 + i) * n + j1);
  }
  accumulateQ(n, Vall, tau, Z);
}

/** Z ← Qᵀ for Q = H_0·H_1·…·H_{n−2}, built backwards by blocks of reflectors in compact WY form (dorgtr). */
function accumulateQ(n: number, Vall: Float64Array, tau: Float64Array, Z: Float64Array): void {
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Q[i * n + i] = 1;
  const last = n - 2; // reflectors 0…n−2
  const yy = new Float64Array(NB);
  for (let g0 = Math.floor(Math.max(last, 0) / NB) * NB; g0 >= 0 && last >= 0; g0 -= NB) {
    const g1 = Math.min(last + 1, g0 + NB), b = g1 - g0, off = g0 + 1, N = n - off;
    // Yr: the block's reflectors as rows over indices off…n−1; T upper triangular (dlarft, forward).
    const Yr = new Float64Array(b * N), T = new Float64Array(b * b);
    for (let t = 0; t < b; t++) Yr.set(Vall.subarray((g0 + t) * n + off, (g0 + t) * n + n), t * N);
    for (let t = 0; t < b; t++) {
      const tt = tau[g0 + t]!;
      T[t * b + t] = tt;
      if (tt === 0) continue;
      for (let c = 0; c < t; c++) yy[c] = dotAt(Yr, c * N, Yr, t * N, N);
      for (let a = 0; a < t; a++) {
        let s = 0;
        for (let c = a; c < t; c++) s += T[a * b + c]! * yy[c]!;
        T[a * b + t] = -tt * s;
      }
    }
    // Q[off:, off:] ← (I − Yᵀ·T·Y)·Q[off:, off:] in the rows-of-Y layout.
    const Qs = new Float64Array(N * N), W1 = new Float64Array(b * N), W2 = new Float64Array(b * N);
    for (let i = 0; i < N; i++) Qs.set(Q.subarray((off + i) * n + off, (off + i) * n + n), i * N);
    gemm(false, false, b, N, N, 1, Yr, Qs, 0, W1);
    gemm(false, false, b, N, b, 1, T, W1, 0, W2);
    gemm(true, false, N, N, b, -1, Yr, W2, 1, Qs);
    for (let i = 0; i < N; i++) Q.set(Qs.subarray(i * N, i * N + N), (off + i) * n + off);
  }
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) Z[c * n + r] = Q[r * n + c]!;
}
