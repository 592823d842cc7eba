/**
 * Symmetric eigendecomposition A = V·diag(w)·Vᵀ: Householder reduction to tridiagonal form and implicit QL with
 * Wilkinson-type shifts (the tred2/tql2 pair of EISPACK, Bowdler–Martin–Reinsch–Wilkinson 1968, as in JAMA).
 *
 * From n = 96 on, the reduction is the blocked, GEMM-based one of sytrd.ts (LAPACK dsytrd); tred2 below that.
 * Internally the matrix is held transposed (Z[c*n + r] = V_rc), so that the column operations of the algorithm —
 * Householder updates and the Givens rotations of QL — run over contiguous memory; the result is transposed
 * back at the end to the row-major contract of Kernels.syevd.
 */
import { tridiagonaliseBlocked } from './sytrd.ts';

/** √(a² + b²) without destructive underflow or overflow. */
export function hypot2(a: number, b: number): number {
  const x = Math.abs(a), y = Math.abs(b);
  if (x > y) { const r = y / x; return x * Math.sqrt(1 + r * r); }
  if (y === 0) return 0;
  const r = x / y;
  return y * Math.sqrt(1 + r * r);
}

/** Householder reduction to tridiagonal form: e[1..n-1] the subdiagonal; the diagonal and the reflectors stay in Z, their h in d. */
function reduce(n: number, Z: Float64Array, d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = Z[j * n + n - 1]!; // V[n-1][j]
  for (let i = n - 1; i > 0; i--) {
    let scale = 0, h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      // Row already reduced: nothing to annihilate.
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = Z[j * n + i - 1]!;
        Z[j * n + i] = 0;
        Z[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) { d[k] = d[k]! / scale; h += d[k]! * d[k]!; }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g; // the sign that avoids cancellation in f − g
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      // e ← (lower part of V)·u, using the symmetric lower triangle only.
      for (let j = 0; j < i; j++) {
        const zj = j * n;
        f = d[j]!;
        Z[i * n + j] = f; // V[j][i] = f: keep the Householder vector for the accumulation pass
        g = e[j]! + Z[zj + j]! * f;
        for (let k = j + 1; k < i; k++) {
          const v = Z[zj + k]!; // V[k][j]
          g += v * d[k]!;
          e[k] = e[k]! + v * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) { e[j] = e[j]! / h; f += e[j]! * d[j]!; }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = e[j]! - hh * d[j]!;
      // Rank-2 update of the lower triangle: V[k][j] −= d_j e_k + e_j d_k.
      for (let j = 0; j < i; j++) {
        const zj = j * n;
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k < i; k++) Z[zj + k] = Z[zj + k]! - (f * e[k]! + g * d[k]!);
        d[j] = Z[zj + i - 1]!;
        Z[zj + i] = 0;
      }
    }
    d[i] = h;
  }
  e[0] = 0;
}

/**
 * tred2's accumulation: Z ← Qᵀ for Q = P_{n−1}·…·P_1, P_r = I − u_r·u_rᵀ/h_r (u_r in Z[r*n + 0…r−1], h_r = d[r]),
 * one reflector at a time on the growing leading block; on return d holds the tridiagonal's diagonal.
 */
function accumulateUnblocked(n: number, Z: Float64Array, d: Float64Array): void {
  for (let i = 0; i < n - 1; i++) {
    const zi = i * n, zi1 = (i + 1) * n;
    Z[zi + n - 1] = Z[zi + i]!;
    Z[zi + i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = Z[zi1 + k]! / h;
      for (let j = 0; j <= i; j++) {
        const zj = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += Z[zi1 + k]! * Z[zj + k]!;
        for (let k = 0; k <= i; k++) Z[zj + k] = Z[zj + k]! - g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) Z[zi1 + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = Z[j * n + n - 1]!;
    Z[j * n + n - 1] = 0;
  }
  Z[(n - 1) * n + n - 1] = 1;
}

/** From this order on, the blocked reduction (sytrd.ts, GEMM-based) is used. */
const BLOCKED_MIN = 96;

/** Householder tridiagonalisation with the accumulated transform in Z (transposed; Z holds the symmetric input). */
function tridiagonalise(n: number, Z: Float64Array, d: Float64Array, e: Float64Array, blocked: boolean): void {
  if (blocked) {
    tridiagonaliseBlocked(n, Z.slice(), d, e, Z);
    return;
  }
  reduce(n, Z, d, e);
  accumulateUnblocked(n, Z, d);
}

/**
 * Applies the QL step's rotations i = m−1 … l to rows (i, i+1) of Z, four (then two) at a time: consecutive
 * rotations share a row, so fusing them saves a load and a store of it per element (2 fused: 1.5× on this loop).
 */
function applyRotations(n: number, Z: Float64Array, l: number, m: number, rc: Float64Array, rs: Float64Array): void {
  let i = m - 1;
  for (; i - 3 >= l; i -= 4) {
    const c3 = rc[i]!, s3 = rs[i]!, c2 = rc[i - 1]!, s2 = rs[i - 1]!;
    const c1 = rc[i - 2]!, s1 = rs[i - 2]!, c0 = rc[i - 3]!, s0 = rs[i - 3]!;
    const z0 = (i - 3) * n, z1 = z0 + n, z2 = z1 + n, z3 = z2 + n, z4 = z3 + n;
    for (let k = 0; k < n; k++) {
      const a4 = Z[z4 + k]!, a3 = Z[z3 + k]!;
      Z[z4 + k] = s3 * a3 + c3 * a4;
      const b3 = c3 * a3 - s3 * a4, a2 = Z[z2 + k]!;
      Z[z3 + k] = s2 * a2 + c2 * b3;
      const b2 = c2 * a2 - s2 * b3, a1 = Z[z1 + k]!;
      Z[z2 + k] = s1 * a1 + c1 * b2;
      const b1 = c1 * a1 - s1 * b2, a0 = Z[z0 + k]!;
      Z[z1 + k] = s0 * a0 + c0 * b1;
      Z[z0 + k] = c0 * a0 - s0 * b1;
    }
  }
  for (; i - 1 >= l; i -= 2) {
    const c1 = rc[i]!, s1 = rs[i]!, c0 = rc[i - 1]!, s0 = rs[i - 1]!;
    const z0 = (i - 1) * n, z1 = z0 + n, z2 = z1 + n;
    for (let k = 0; k < n; k++) {
      const a = Z[z2 + k]!, b = Z[z1 + k]!, x = Z[z0 + k]!;
      Z[z2 + k] = s1 * b + c1 * a;
      const b1 = c1 * b - s1 * a;
      Z[z1 + k] = s0 * x + c0 * b1;
      Z[z0 + k] = c0 * x - s0 * b1;
    }
  }
  if (i === l) {
    const c = rc[i]!, s = rs[i]!, zi = i * n, zi1 = zi + n;
    for (let k = 0; k < n; k++) {
      const a = Z[zi1 + k]!, b = Z[zi + k]!;
      Z[zi1 + k] = s * b + c * a;
      Z[zi + k] = c * b - s * a;
    }
  }
}

/** Implicit QL on the tridiagonal (d, e), rotating the rows of Z; returns info (l+1 if eigenvalue l did not converge). */
function tridiagonalQL(n: number, Z: Float64Array, d: Float64Array, e: Float64Array): number {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0, tst1 = 0;
  const eps = 2 ** -52;
  const rc = new Float64Array(n), rs = new Float64Array(n); // the Givens rotations of one QL step
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]!) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) return l + 1;
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = hypot2(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
        f += h;
        p = d[m]!;
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1]!;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2; c2 = c; s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = hypot2(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          rc[i] = c;
          rs[i] = s;
        }
        applyRotations(n, Z, l, m, rc, rs);
        p = -s * s2 * c3 * el1 * e[l]! / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  return 0;
}

/** Kernels.syevd: reads the lower triangle of A, returns eigenvectors in A's columns and ascending eigenvalues in w. */
export function syevd(n: number, A: Float64Array, w: Float64Array): number {
  return syevdWith(n >= BLOCKED_MIN, n, A, w);
}

/** syevd with the blocked (GEMM) or the unblocked (tred2) tridiagonalisation, exported so tests cover both. */
export function syevdWith(blocked: boolean, n: number, A: Float64Array, w: Float64Array): number {
  if (n === 0) return 0;
  // Z = Aᵀ restricted to the lower triangle of A, i.e. Z[c*n + r] = A[r*n + c] for r ≥ c (mirrored, so Z is symmetric).
  const Z = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c <= r; c++) {
      const v = A[r * n + c]!;
      Z[c * n + r] = v;
      Z[r * n + c] = v;
    }
  }
  for (let i = 0; i < n * n; i++) if (!Number.isFinite(Z[i]!)) { w.fill(NaN); return 1; } // QL cannot converge on NaN/∞
  const d = new Float64Array(n), e = new Float64Array(n);
  tridiagonalise(n, Z, d, e, blocked);
  const info = tridiagonalQL(n, Z, d, e);
  // Sort ascending (the QL order is nearly sorted); order[j] = source row of Z for eigenvalue j.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a]! - d[b]!);
  for (let j = 0; j < n; j++) {
    const src = order[j]! * n;
    w[j] = d[order[j]!]!;
    for (let i = 0; i < n; i++) A[i * n + j] = Z[src + i]!;
  }
  return info;
}
