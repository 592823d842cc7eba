/**
 * Singular value decomposition by one-sided Jacobi (Hestenes 1958; convergence test of Demmel–Veselić 1992), which
 * orthogonalises the columns of A by plane rotations and so keeps high relative accuracy of small singular values
 * (never via eig(AᵀA), which squares κ).
 *
 * Storage: the columns being orthogonalised are held as contiguous rows (W = Aᵀ when m ≥ n; W = A itself when
 * m < n, i.e. the SVD of Aᵀ), so every rotation is two contiguous row updates.
 */

const EPS = 2 ** -52;
const MAX_SWEEPS = 60;

/**
 * Rotates the p rows (length q) of W until they are mutually orthogonal, applying the same rotations to the p×p
 * rows of Vt (if given). Returns 0, or 1 if MAX_SWEEPS were not enough.
 */
function jacobiRows(p: number, q: number, W: Float64Array, Vt: Float64Array | null): number {
  const tol = Math.sqrt(q) * EPS;
  const norms = new Float64Array(p);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    for (let i = 0; i < p; i++) norms[i] = sumSquares(W, i * q, q);
    let rotated = 0;
    for (let i = 0; i < p - 1; i++) {
      const wi = i * q;
      for (let j = i + 1; j < p; j++) {
        const a = norms[i]!, b = norms[j]!;
        if (a === 0 || b === 0) continue;
        const wj = j * q;
        let g = 0;
        for (let k = 0; k < q; k++) g += W[wi + k]! * W[wj + k]!;
        if (Math.abs(g) <= tol * Math.sqrt(a) * Math.sqrt(b)) continue;
        rotated++;
        // Rotation that zeroes the (i,j) entry of the 2×2 Gram matrix [[a, g], [g, b]].
        const zeta = (b - a) / (2 * g);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        rotateRows(W, wi, wj, q, c, s);
        if (Vt) rotateRows(Vt, i * p, j * p, p, c, s);
        norms[i] = a - t * g;
        norms[j] = b + t * g;
      }
    }
    if (rotated === 0) return 0;
  }
  return 1;
}

function sumSquares(X: Float64Array, off: number, len: number): number {
  let s = 0;
  for (let k = 0; k < len; k++) { const v = X[off + k]!; s += v * v; }
  return s;
}

/** (x, y) ← (c·x − s·y, s·x + c·y) for rows x at xo and y at yo. */
function rotateRows(X: Float64Array, xo: number, yo: number, len: number, c: number, s: number): void {
  for (let k = 0; k < len; k++) {
    const x = X[xo + k]!, y = X[yo + k]!;
    X[xo + k] = c * x - s * y;
    X[yo + k] = s * x + c * y;
  }
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

/** Kernels.gesdd (see types.ts): A is m×n row-major and destroyed; s descending. */
export function gesdd(job: 'A' | 'S' | 'N', m: number, n: number, A: Float64Array, s: Float64Array,
  U: Float64Array, VT: Float64Array): number {
  const wide = m < n;
  // Orthogonalise the p = min(m,n) columns of the tall matrix T (T = A if m ≥ n, else Aᵀ), each a row of W (length q).
  const p = wide ? m : n, q = wide ? n : m;
  let W: Float64Array;
  if (wide) W = A;
  else {
    W = new Float64Array(p * q);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) W[j * q + i] = A[i * n + j]!;
  }
  const wantVectors = job !== 'N';
  const Vt = wantVectors ? new Float64Array(p * p) : null;
  if (Vt) for (let i = 0; i < p; i++) Vt[i * p + i] = 1;
  const info = jacobiRows(p, q, W, Vt);
  const sigma = new Float64Array(p);
  for (let i = 0; i < p; i++) sigma[i] = Math.sqrt(sumSquares(W, i * q, q));
  const order = Array.from({ length: p }, (_, i) => i).sort((a, b) => sigma[b]! - sigma[a]!);
  for (let i = 0; i < p; i++) s[i] = sigma[order[i]!]!;
  if (!wantVectors || !Vt) return info;

  // T = X·diag(σ)·Yᵀ with X (q×·) from the normalised rows of W and Y (p×p) from Vt. Build both as row sets.
  const xRows = job === 'A' ? q : p;
  const X = new Float64Array(xRows * q);
  let nonzero = 0;
  for (let i = 0; i < p; i++) {
    const src = order[i]! * q, sg = sigma[order[i]!]!;
    if (sg === 0) break; // sorted: the rest are zero too, and their rows come from the completion below
    const inv = 1 / sg;
    for (let k = 0; k < q; k++) X[i * q + k] = W[src + k]! * inv;
    nonzero++;
  }
  completeOrthonormalRows(X, q, nonzero, xRows);
  const Y = new Float64Array(p * p);
  for (let i = 0; i < p; i++) Y.set(Vt.subarray(order[i]! * p, order[i]! * p + p), i * p);

  if (!wide) {
    // A = T: U columns are the X rows (m×xRows), VT rows are the Y rows (n×n).
    for (let i = 0; i < m; i++) for (let j = 0; j < xRows; j++) U[i * xRows + j] = X[j * q + i]!;
    VT.set(Y.subarray(0, p * p));
  } else {
    // A = Tᵀ = Y·diag(σ)·Xᵀ: U columns are the Y rows (m×m), VT rows are the X rows (xRows×n).
    for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) U[i * p + j] = Y[j * p + i]!;
    VT.set(X.subarray(0, xRows * q));
  }
  return info;
}
