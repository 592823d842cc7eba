/**
 * The portable `diagQuadratic` (src/kernels/types.ts): ½ Σ λᵢ(θᵢ − cᵢ)² and, optionally, its gradient λᵢ(θᵢ − cᵢ)
 * in one pass. Four partial sums (one per i mod 4, added as (s0 + s1) + (s2 + s3), then the tail in order), like
 * the native kernel's vector lanes (native/diag_quadratic.c): the two are bit-identical, and the four independent
 * chains run faster than one.
 */
export function diagQuadratic(n: number, lambda: Float64Array, center: Float64Array, theta: Float64Array, grad: Float64Array | null): number {
  return grad === null ? valueOnly(n, lambda, center, theta) : valueAndGrad(n, lambda, center, theta, grad);
}

function valueAndGrad(n: number, l: Float64Array, c: Float64Array, t: Float64Array, g: Float64Array): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 4 <= n; i += 4) {
    const d0 = t[i]! - c[i]!, d1 = t[i + 1]! - c[i + 1]!, d2 = t[i + 2]! - c[i + 2]!, d3 = t[i + 3]! - c[i + 3]!;
    const g0 = l[i]! * d0, g1 = l[i + 1]! * d1, g2 = l[i + 2]! * d2, g3 = l[i + 3]! * d3;
    g[i] = g0; g[i + 1] = g1; g[i + 2] = g2; g[i + 3] = g3;
    s0 += d0 * g0; s1 += d1 * g1; s2 += d2 * g2; s3 += d3 * g3;
  }
  let total = (s0 + s1) + (s2 + s3);
  for (; i < n; i++) {
    const d = t[i]! - c[i]!, gi = l[i]! * d;
    g[i] = gi;
    total += d * gi;
  }
  return 0.5 * total;
}

function valueOnly(n: number, l: Float64Array, c: Float64Array, t: Float64Array): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 4 <= n; i += 4) {
    const d0 = t[i]! - c[i]!, d1 = t[i + 1]! - c[i + 1]!, d2 = t[i + 2]! - c[i + 2]!, d3 = t[i + 3]! - c[i + 3]!;
    s0 += d0 * (l[i]! * d0); s1 += d1 * (l[i + 1]! * d1); s2 += d2 * (l[i + 2]! * d2); s3 += d3 * (l[i + 3]! * d3);
  }
  let total = (s0 + s1) + (s2 + s3);
  for (; i < n; i++) { const d = t[i]! - c[i]!; total += d * (l[i]! * d); }
  return 0.5 * total;
}
