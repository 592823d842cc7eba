/**
 * The portable `allFinite` (src/kernels/types.ts): true when the first n entries are all finite. x·0 is 0 for a
 * finite x and NaN otherwise; four independent sums and no branch per entry run ~2× faster than a
 * Number.isFinite loop here. Twin of native/all_finite.c.
 */
export function allFinite(n: number, x: Float64Array): boolean {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 4 <= n; i += 4) { s0 += x[i]! * 0; s1 += x[i + 1]! * 0; s2 += x[i + 2]! * 0; s3 += x[i + 3]! * 0; }
  for (; i < n; i++) s0 += x[i]! * 0;
  return (s0 + s1) + (s2 + s3) === 0;
}
