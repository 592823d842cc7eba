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
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[i]! * y[i]!;
    s1 += x[i + 1]! * y[i + 1]!;
    s2 += x[i + 2]! * y[i + 2]!;
    s3 += x[i + 3]! * y[i + 3]!;
  }
  for (; i < n; i++) s0 += x[i]! * y[i]!;
  return (s0 + s1) + (s2 + s3);
}
