/**
 * Philox4x32-10, the counter-based generator of Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"
 * (SC'11), bit-exact with Random123's `philox4x32_R(10, ctr, key)` (checked against its kat_vectors).
 * Integer arithmetic only (Math.imul and exact float64 products), so every platform gives the same words.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
// 2⁻³²: the high word of a 64-bit product is recovered from its float64 approximation, see `philoxBlocks`.
const INV32 = 1 / 4294967296;

/**
 * Writes `nBlocks` consecutive Philox blocks (4 words each) into `out` from `offset`, for counters
 * (c0 + b, c1, c2, c3) with the carry of c0 propagated into c1 (a 64-bit block index in c0, c1).
 */
export function philoxBlocks(k0: number, k1: number, c0: number, c1: number, c2: number, c3: number,
  nBlocks: number, out: Uint32Array, offset: number): void {
  let o = offset;
  let b = 0;
  // Two blocks per iteration: one round is a ~25-cycle dependency chain, so interleaving doubles throughput.
  for (; b + 1 < nBlocks; b += 2) {
    const d0 = (c0 + 1) >>> 0, d1 = d0 === 0 ? (c1 + 1) >>> 0 : c1;
    let x0 = c0 | 0, x1 = c1 | 0, x2 = c2 | 0, x3 = c3 | 0;
    let y0 = d0 | 0, y1 = d1 | 0, y2 = c2 | 0, y3 = c3 | 0;
    let ka = k0 | 0, kb = k1 | 0;
    for (let r = 0; r < 10; r++) {
      const a0 = x0 >>> 0, a2 = x2 >>> 0, e0 = y0 >>> 0, e2 = y2 >>> 0;
      const lo0 = Math.imul(M0, a0), lo1 = Math.imul(M1, a2);
      const mo0 = Math.imul(M0, e0), mo1 = Math.imul(M1, e2);
      const hi0 = (M0 * a0 - (lo0 >>> 0)) * INV32 + 0.5;
      const hi1 = (M1 * a2 - (lo1 >>> 0)) * INV32 + 0.5;
      const gi0 = (M0 * e0 - (mo0 >>> 0)) * INV32 + 0.5;
      const gi1 = (M1 * e2 - (mo1 >>> 0)) * INV32 + 0.5;
      x0 = hi1 ^ x1 ^ ka; x1 = lo1; x2 = hi0 ^ x3 ^ kb; x3 = lo0;
      y0 = gi1 ^ y1 ^ ka; y1 = mo1; y2 = gi0 ^ y3 ^ kb; y3 = mo0;
      ka = (ka + W0) | 0;
      kb = (kb + W1) | 0;
    }
    out[o] = x0; out[o + 1] = x1; out[o + 2] = x2; out[o + 3] = x3;
    out[o + 4] = y0; out[o + 5] = y1; out[o + 6] = y2; out[o + 7] = y3;
    o += 8;
    c0 = (d0 + 1) >>> 0;
    c1 = c0 === 0 ? (d1 + 1) >>> 0 : d1;
  }
  for (; b < nBlocks; b++) {
    let x0 = c0 | 0, x1 = c1 | 0, x2 = c2 | 0, x3 = c3 | 0;
    let ka = k0 | 0, kb = k1 | 0;
    for (let r = 0; r < 10; r++) {
      // The low word of M·x is exact from imul; the float64 product is within 2¹¹ of the true 64-bit product,
      // so (M·x − lo)/2³² is within 2⁻²⁰ of the integer high word and +0.5 then truncation recovers it exactly.
      const a0 = x0 >>> 0, a2 = x2 >>> 0;
      const lo0 = Math.imul(M0, a0), lo1 = Math.imul(M1, a2);
      const hi0 = (M0 * a0 - (lo0 >>> 0)) * INV32 + 0.5;
      const hi1 = (M1 * a2 - (lo1 >>> 0)) * INV32 + 0.5;
      x0 = hi1 ^ x1 ^ ka; x1 = lo1; x2 = hi0 ^ x3 ^ kb; x3 = lo0;
      ka = (ka + W0) | 0;
      kb = (kb + W1) | 0;
    }
    out[o] = x0; out[o + 1] = x1; out[o + 2] = x2; out[o + 3] = x3;
    o += 4;
    c0 = (c0 + 1) >>> 0;
    if (c0 === 0) c1 = (c1 + 1) >>> 0;
  }
}

/** One Philox4x32-10 block as a plain array: the Random123 reference function `philox4x32_R(10, ctr, key)`. */
export function philox4x32(ctr: readonly [number, number, number, number], key: readonly [number, number]): number[] {
  const out = new Uint32Array(4);
  philoxBlocks(key[0], key[1], ctr[0], ctr[1], ctr[2], ctr[3], 1, out, 0);
  return Array.from(out);
}

