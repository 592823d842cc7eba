/**
 * Fused O(D) passes shared by the metric operators. Every dot product uses the same two-accumulator order as
 * `dots3` in angle.ts, so uᵀv computed here is bitwise equal to uᵀw there when v is w: that is what makes
 * M g = y hold to rounding of y alone (the projection I − ĝĝᵀ annihilates g exactly).
 */

/** (aᵀv, bᵀv) in one pass. */
export function dots2(a: Float64Array, b: Float64Array, v: ArrayLike<number>): [number, number] {
  const n = a.length;
  let av0 = 0, av1 = 0, bv0 = 0, bv1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x = v[i]!, z = v[i + 1]!;
    av0 += a[i]! * x; bv0 += b[i]! * x;
    av1 += a[i + 1]! * z; bv1 += b[i + 1]! * z;
  }
  if (i < n) { const x = v[i]!; av0 += a[i]! * x; bv0 += b[i]! * x; }
  return [av0 + av1, bv0 + bv1];
}

/** out = p·v + q·a + r·b, evaluated as (p·v + q·a) + r·b per entry. */
export function combine3(out: Float64Array, p: number, v: ArrayLike<number>, q: number, a: Float64Array, r: number, b: Float64Array): Float64Array {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = (p * v[i]! + q * a[i]!) + r * b[i]!;
  return out;
}

export function toF64(x: ArrayLike<number>): Float64Array {
  return x instanceof Float64Array ? x : Float64Array.from(x);
}

export function norm2(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}
