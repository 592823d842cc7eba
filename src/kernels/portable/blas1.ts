/**
 * Level-1 BLAS on Float64Array (axpy, scal, dot): plain loops, which V8 compiles to within ~1.3× of C
 * (reference/numeric-engines.md §2.3), so no wasm is needed here.
 */

/** y ← α·x + y over the first n entries. */
export function axpy(n: number, alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < n; i++) y[i] = y[i]! + alpha * x[i]!;
}

/** x ← α·x over the first n entries. */
export function scal(n: number, alpha: number, x: Float64Array): void {
  for (let i = 0; i < n; i++) x[i] = alpha * x[i]!;
}

/** Σ x_i y_i over the first n entries (four partial sums, so the loop is not one long dependency chain). */
export function dot(n: number, x: Float64Array, y: Float64Array): number {
  return dotAt(x, 0, y, 0, n);
}

/** ⟨X[a…a+len), Y[b…b+len)⟩ with the same four partial sums as `dot` (rows and columns of packed matrices). */
export function dotAt(X: Float64Array, a: number, Y: Float64Array, b: number, len: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += X[a + k]! * Y[b + k]!;
    s1 += X[a + k + 1]! * Y[b + k + 1]!;
    s2 += X[a + k + 2]! * Y[b + k + 2]!;
    s3 += X[a + k + 3]! * Y[b + k + 3]!;
  }
  for (; k < len; k++) s0 += X[a + k]! * Y[b + k]!;
  return (s0 + s1) + (s2 + s3);
}
