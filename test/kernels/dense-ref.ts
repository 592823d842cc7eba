/**
 * Test helpers for the kernel tests: a tiny seeded generator (xoshiro128**, independent of src/random so these
 * tests stand alone), naive reference products, test-matrix builders (random orthogonal via twice-repeated
 * modified Gram–Schmidt, U·diag(σ)·Vᵀ with chosen singular values) and error measures. All row-major.
 */

/** Seeded xoshiro128** (Blackman & Vigna) → uniform doubles in [0, 1) with 53 random bits. */
export function seeded(seed: number): () => number {
  let s0 = Math.imul(seed, 0x9e3779b1) >>> 0 || 1, s1 = (seed ^ 0x9e3779b9) >>> 0 || 2, s2 = 0x85ebca6b, s3 = 0xc2b2ae35;
  const next32 = () => {
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
    return r;
  };
  for (let i = 0; i < 8; i++) next32();
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}
function rotl(x: number, k: number): number { return (x << k) | (x >>> (32 - k)); }

/** Integer in [lo, hi]. */
export function randInt(rnd: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rnd() * (hi - lo + 1));
}

export function randomMatrix(rnd: () => number, rows: number, cols: number): Float64Array {
  const A = new Float64Array(rows * cols);
  for (let i = 0; i < A.length; i++) A[i] = 2 * rnd() - 1;
  return A;
}

/** op(X) as a rows×cols row-major matrix (a copy when transposed). */
function materialise(trans: boolean, rows: number, cols: number, X: Float64Array): Float64Array {
  if (!trans) return X;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = X[j * rows + i]!;
  return out;
}

/** α·op(A)·op(B) + β·C by the textbook triple loop (op(A) m×k, op(B) k×n), i-p-j order for contiguous rows. */
export function naiveGemm(tA: boolean, tB: boolean, m: number, n: number, k: number,
  alpha: number, A: Float64Array, B: Float64Array, beta: number, C: Float64Array): Float64Array {
  const a = materialise(tA, m, k, A), b = materialise(tB, k, n, B);
  const out = new Float64Array(m * n), row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!, off = p * n;
      for (let j = 0; j < n; j++) row[j] = row[j]! + aip * b[off + j]!;
    }
    for (let j = 0; j < n; j++) out[i * n + j] = alpha * row[j]! + (beta === 0 ? 0 : beta * C[i * n + j]!);
  }
  return out;
}

/** rows×cols matrix with orthonormal columns (cols ≤ rows): modified Gram–Schmidt, applied twice, to a random matrix. */
export function orthonormalColumns(rnd: () => number, rows: number, cols: number): Float64Array {
  const Qt = randomMatrix(rnd, cols, rows); // column j of Q is the contiguous row j of Qt
  for (let j = 0; j < cols; j++) {
    const qj = Qt.subarray(j * rows, (j + 1) * rows);
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        const qp = Qt.subarray(p * rows, (p + 1) * rows);
        let d = 0;
        for (let i = 0; i < rows; i++) d += qp[i]! * qj[i]!;
        for (let i = 0; i < rows; i++) qj[i] = qj[i]! - d * qp[i]!;
      }
    }
    let nrm = 0;
    for (let i = 0; i < rows; i++) nrm += qj[i]! ** 2;
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < rows; i++) qj[i] = qj[i]! / nrm;
  }
  return materialise(true, rows, cols, Qt);
}

/** The signature of naiveGemm (and of Kernels.gemm returning a fresh C): lets large tests use a verified fast gemm. */
export type GemmFn = typeof naiveGemm;

/** U·diag(sigma)·Vᵀ (m×n) with random orthonormal U (m×p), V (n×p), p = sigma.length ≤ min(m, n). */
export function withSingularValues(rnd: () => number, m: number, n: number, sigma: number[], mm: GemmFn = naiveGemm): Float64Array {
  const p = sigma.length, U = orthonormalColumns(rnd, m, p), V = orthonormalColumns(rnd, n, p);
  for (let i = 0; i < m; i++) for (let q = 0; q < p; q++) U[i * p + q] = U[i * p + q]! * sigma[q]!;
  return mm(false, true, m, n, p, 1, U, V, 0, new Float64Array(0));
}

/** Symmetric Q·diag(lambda)·Qᵀ (n×n), exactly symmetrised. */
export function withEigenvalues(rnd: () => number, n: number, lambda: number[], mm: GemmFn = naiveGemm): Float64Array {
  const Q = orthonormalColumns(rnd, n, n), QL = Q.slice();
  for (let i = 0; i < n; i++) for (let q = 0; q < n; q++) QL[i * n + q] = Q[i * n + q]! * lambda[q]!;
  const A = mm(false, true, n, n, n, 1, QL, Q, 0, new Float64Array(0));
  symmetrise(n, A);
  return A;
}

export function symmetrise(n: number, A: Float64Array): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
    const v = 0.5 * (A[i * n + j]! + A[j * n + i]!);
    A[i * n + j] = v; A[j * n + i] = v;
  }
}

/** Geometric sequence from 1 down to 1/kappa, `count` entries (count = 1 → [1]). */
export function geometric(count: number, kappa: number): number[] {
  return Array.from({ length: count }, (_, i) => (count === 1 ? 1 : kappa ** (-i / (count - 1))));
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

/** max |a − b| over the first `len` entries (all of a by default). */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>, len = a.length): number {
  let m = 0;
  for (let i = 0; i < len; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Frobenius norm. */
export function fro(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}

/** ‖QᵀQ − I‖_max for a rows×cols matrix with (supposedly) orthonormal columns. */
export function orthogonalityError(rows: number, cols: number, Q: Float64Array, mm: GemmFn = naiveGemm): number {
  const G = mm(true, false, cols, cols, rows, 1, Q, Q, 0, new Float64Array(0));
  for (let i = 0; i < cols; i++) G[i * cols + i] = G[i * cols + i]! - 1;
  return maxAbs(G);
}
