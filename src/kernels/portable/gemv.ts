/**
 * Matrix–vector products (the n = 1 and m = 1 cases of gemm) in plain TS: they read each matrix entry once, so
 * copying the matrix into wasm memory would cost as much as the product. Row-major access stays contiguous:
 * a dot product per row, or an axpy per row for the transposed orientation.
 */

/** C ← α·op(A)·b + β·C for C m×1 (b = B, k entries). β = 0: C is not read. */
export function gemvColumn(transA: boolean, m: number, k: number, alpha: number, A: Float64Array, b: Float64Array,
  beta: number, C: Float64Array): void {
  if (!transA) {
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += A[ai + p]! * b[p]!;
      C[i] = beta === 0 ? alpha * s : alpha * s + beta * C[i]!;
    }
    return;
  }
  for (let i = 0; i < m; i++) C[i] = beta === 0 ? 0 : beta * C[i]!;
  for (let p = 0; p < k; p++) {
    const x = alpha * b[p]!, ap = p * m;
    if (x === 0) continue;
    for (let i = 0; i < m; i++) C[i] = C[i]! + x * A[ap + i]!;
  }
}

/** C ← α·a·op(B) + β·C for C 1×n (a = A, k entries). β = 0: C is not read. */
export function gemvRow(transB: boolean, n: number, k: number, alpha: number, a: Float64Array, B: Float64Array,
  beta: number, C: Float64Array): void {
  // a·op(B) = (op(B)ᵀ·aᵀ)ᵀ: the column case with op(B)ᵀ, i.e. B stored n×k (transB) or k×n (not).
  gemvColumn(!transB, n, k, alpha, B, a, beta, C);
}
