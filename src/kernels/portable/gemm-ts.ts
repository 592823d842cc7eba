/**
 * Plain-TypeScript GEMM, the fallback when WebAssembly SIMD is unavailable and the fast path for tiny matrices
 * (where copying into wasm memory costs more than the product). Both operands are first brought to the
 * "k contiguous" layout (op(A) as m×k rows, op(B)ᵀ as n×k rows), then a 4×4 register tile of dot products runs
 * over them (reference/numeric-engines.md §5.6: the fastest scalar kernel measured, 3–4 GFLOP/s).
 */

/** op(X) as a rows×cols row-major array: X itself when not transposed, else a transposed copy. */
function rowsOf(trans: boolean, rows: number, cols: number, X: Float64Array): Float64Array {
  if (!trans) return X;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < cols; i++) {
    const src = i * rows;
    for (let j = 0; j < rows; j++) out[j * cols + i] = X[src + j]!;
  }
  return out;
}

/** C ← α·op(A)·op(B) + β·C (the Kernels.gemm contract; β = 0 means C is not read). */
export function gemmTs(transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, A: Float64Array, B: Float64Array, beta: number, C: Float64Array): void {
  if (m === 0 || n === 0) return;
  if (k === 0 || alpha === 0) {
    for (let i = 0; i < m * n; i++) C[i] = beta === 0 ? 0 : beta * C[i]!;
    return;
  }
  if (m * n * k <= 4096) { gemmSmall(transA, transB, m, n, k, alpha, A, B, beta, C); return; }
  const Ar = rowsOf(transA, m, k, A); // m×k, row i of op(A) contiguous
  const Bt = rowsOf(!transB, n, k, B); // n×k, column j of op(B) contiguous
  // β = 0 must not read C (it may hold NaN): C is zeroed first and the tiles then accumulate into it.
  if (beta !== 1) for (let i = 0; i < m * n; i++) C[i] = beta === 0 ? 0 : beta * C[i]!;
  const m4 = m - (m % 4), n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = Ar[a0 + p]!, x1 = Ar[a1 + p]!, x2 = Ar[a2 + p]!, x3 = Ar[a3 + p]!;
        const y0 = Bt[b0 + p]!, y1 = Bt[b1 + p]!, y2 = Bt[b2 + p]!, y3 = Bt[b3 + p]!;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      let r = i * n + j;
      C[r] += alpha * c00; C[r + 1] += alpha * c01; C[r + 2] += alpha * c02; C[r + 3] += alpha * c03; r += n;
      C[r] += alpha * c10; C[r + 1] += alpha * c11; C[r + 2] += alpha * c12; C[r + 3] += alpha * c13; r += n;
      C[r] += alpha * c20; C[r + 1] += alpha * c21; C[r + 2] += alpha * c22; C[r + 3] += alpha * c23; r += n;
      C[r] += alpha * c30; C[r + 1] += alpha * c31; C[r + 2] += alpha * c32; C[r + 3] += alpha * c33;
    }
  }
  // Edges: the rows below the last full tile and the columns right of it, one dot product each.
  for (let i = 0; i < m; i++) {
    const a = i * k;
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      const b = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += Ar[a + p]! * Bt[b + p]!;
      C[i * n + j] += alpha * s;
    }
  }
}

/** Tiny products: no packing or allocation, one saxpy-style pass per (i, p); β handled as in gemmTs. */
function gemmSmall(transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, A: Float64Array, B: Float64Array, beta: number, C: Float64Array): void {
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    if (beta === 0) for (let j = 0; j < n; j++) C[ci + j] = 0;
    else if (beta !== 1) for (let j = 0; j < n; j++) C[ci + j] = beta * C[ci + j]!;
    for (let p = 0; p < k; p++) {
      const a = alpha * (transA ? A[p * m + i]! : A[i * k + p]!);
      if (transB) for (let j = 0; j < n; j++) C[ci + j] = C[ci + j]! + a * B[j * k + p]!;
      else { const bp = p * n; for (let j = 0; j < n; j++) C[ci + j] = C[ci + j]! + a * B[bp + j]!; }
    }
  }
}
