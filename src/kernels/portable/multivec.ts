/**
 * Streaming multi-vector kernels for the portable backend (Kernels.dots, Kernels.combine): several dot products or
 * linear combinations of a few long vectors. Scalar JS is compute-bound here, not memory-bound (about 2–3 GB/s per
 * stream), so what matters is the work per entry: the common small shapes run as one fused loop over the entries
 * with every sum in a register (a 2×4 tile of dot products; 3 rows of 4 inputs), the rest in blocks of CHUNK
 * entries. Wasm would need the vectors copied into its memory, which costs more than the pass itself.
 * Summation is sequential per sum, so results differ from the native kernels (16 partial sums) in the last bits.
 */

const MAXV = 8;
const CHUNK = 1024;

function checkList(op: string, name: string, xs: readonly (Float64Array | null)[], n: number, nullable: boolean): void {
  if (xs.length < 1 || xs.length > MAXV) throw new RangeError(`${op}: ${name} has ${xs.length} vectors; accepted: 1 to ${MAXV}`);
  xs.forEach((x, i) => {
    if (x === null && nullable) return;
    if (!(x instanceof Float64Array)) throw new TypeError(`${op}: ${name}[${i}] must be a Float64Array${nullable ? ' or null' : ''}`);
    if (x.length < n) throw new RangeError(`${op}: ${name}[${i}] has ${x.length} entries but at least ${n} are needed`);
  });
}

/** out[0..8) = the 2×4 products ⟨X_a, Y_b⟩ (row-major), one fused pass with one register per sum. */
function tile2x4(n: number, X0: Float64Array, X1: Float64Array, Y0: Float64Array, Y1: Float64Array, Y2: Float64Array,
  Y3: Float64Array, out: Float64Array): void {
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  for (let t = 0; t < n; t++) {
    const a = X0[t]!, b = X1[t]!, p = Y0[t]!, q = Y1[t]!, r = Y2[t]!, s = Y3[t]!;
    s00 += a * p; s01 += a * q; s02 += a * r; s03 += a * s;
    s10 += b * p; s11 += b * q; s12 += b * r; s13 += b * s;
  }
  out[0] = s00; out[1] = s01; out[2] = s02; out[3] = s03; out[4] = s10; out[5] = s11; out[6] = s12; out[7] = s13;
}

/** out[0..4) = ⟨X0, Y_b⟩ (the one-row tile). */
function tile1x4(n: number, X0: Float64Array, Y0: Float64Array, Y1: Float64Array, Y2: Float64Array, Y3: Float64Array,
  out: Float64Array): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let t = 0; t < n; t++) {
    const a = X0[t]!;
    s0 += a * Y0[t]!; s1 += a * Y1[t]!; s2 += a * Y2[t]!; s3 += a * Y3[t]!;
  }
  out[0] = s0; out[1] = s1; out[2] = s2; out[3] = s3;
}

const tileOut = new Float64Array(8);

/**
 * Kernels.dots: the xs×ys block in 2×4 tiles (one pass when |xs| ≤ 2 and |ys| ≤ 4). A tile slot past the end repeats
 * a real vector and its sum is discarded. ⟨a, b⟩ and ⟨b, a⟩ are bit-identical (a·b = b·a and the same order).
 */
export function dots(n: number, xs: readonly Float64Array[], ys: readonly Float64Array[], out: Float64Array): void {
  checkList('dots', 'xs', xs, n, false);
  checkList('dots', 'ys', ys, n, false);
  const nx = xs.length, ny = ys.length;
  if (out.length < nx * ny) throw new RangeError(`dots: out has ${out.length} entries but at least ${nx * ny} are needed`);
  for (let i = 0; i < nx; i += 2) {
    for (let j = 0; j < ny; j += 4) {
      const Y = (q: number) => ys[Math.min(j + q, ny - 1)]!;
      const rows = Math.min(2, nx - i), cols = Math.min(4, ny - j);
      if (rows === 2) tile2x4(n, xs[i]!, xs[i + 1]!, Y(0), Y(1), Y(2), Y(3), tileOut);
      else tile1x4(n, xs[i]!, Y(0), Y(1), Y(2), Y(3), tileOut);
      for (let a = 0; a < rows; a++) for (let b = 0; b < cols; b++) out[(i + a) * ny + j + b] = tileOut[a * 4 + b]!;
    }
  }
}

/**
 * Rows of four inputs, up to three rows, entries [a, e): z_r = (c_r0 x0 + c_r1 x1) + (c_r2 x2 + c_r3 x3) stored at
 * d_r[t − o_r] (o_r = 0 for an output, the block start for the scratch block), ‖z_r‖² added to acc[r].
 */
function rows4x3(x0: Float64Array, x1: Float64Array, x2: Float64Array, x3: Float64Array, c: Float64Array,
  d0: Float64Array, o0: number, d1: Float64Array, o1: number, d2: Float64Array, o2: number, a: number, e: number,
  acc: Float64Array): void {
  const c00 = c[0]!, c01 = c[1]!, c02 = c[2]!, c03 = c[3]!, c10 = c[4]!, c11 = c[5]!, c12 = c[6]!, c13 = c[7]!;
  const c20 = c[8]!, c21 = c[9]!, c22 = c[10]!, c23 = c[11]!;
  let s0 = acc[0]!, s1 = acc[1]!, s2 = acc[2]!;
  for (let t = a; t < e; t++) {
    const p = x0[t]!, q = x1[t]!, r = x2[t]!, s = x3[t]!;
    const z0 = (c00 * p + c01 * q) + (c02 * r + c03 * s);
    const z1 = (c10 * p + c11 * q) + (c12 * r + c13 * s);
    const z2 = (c20 * p + c21 * q) + (c22 * r + c23 * s);
    s0 += z0 * z0; s1 += z1 * z1; s2 += z2 * z2;
    d0[t - o0] = z0; d1[t - o1] = z1; d2[t - o2] = z2;
  }
  acc[0] = s0; acc[1] = s1; acc[2] = s2;
}

/** dst[0..len) = (first) or += Σ_{q<g} c[q]·x_q[off + ·] for g = 1…4 inputs (exact arity: no 0·x padding). */
function combBlock(g: number, first: boolean, x0: Float64Array, x1: Float64Array, x2: Float64Array, x3: Float64Array,
  c0: number, c1: number, c2: number, c3: number, off: number, len: number, dst: Float64Array): void {
  if (first) {
    if (g === 1) for (let t = 0; t < len; t++) dst[t] = c0 * x0[off + t]!;
    else if (g === 2) for (let t = 0; t < len; t++) dst[t] = c0 * x0[off + t]! + c1 * x1[off + t]!;
    else if (g === 3) for (let t = 0; t < len; t++) dst[t] = (c0 * x0[off + t]! + c1 * x1[off + t]!) + c2 * x2[off + t]!;
    else for (let t = 0; t < len; t++) dst[t] = (c0 * x0[off + t]! + c1 * x1[off + t]!) + (c2 * x2[off + t]! + c3 * x3[off + t]!);
  } else {
    if (g === 1) for (let t = 0; t < len; t++) dst[t] += c0 * x0[off + t]!;
    else if (g === 2) for (let t = 0; t < len; t++) dst[t] += c0 * x0[off + t]! + c1 * x1[off + t]!;
    else if (g === 3) for (let t = 0; t < len; t++) dst[t] += (c0 * x0[off + t]! + c1 * x1[off + t]!) + c2 * x2[off + t]!;
    else for (let t = 0; t < len; t++) dst[t] += (c0 * x0[off + t]! + c1 * x1[off + t]!) + (c2 * x2[off + t]! + c3 * x3[off + t]!);
  }
}

const buffers = Array.from({ length: MAXV }, () => new Float64Array(CHUNK));
const scratch = new Float64Array(CHUNK);
const coef4x3 = new Float64Array(12);
const acc3 = new Float64Array(3);

/**
 * Kernels.combine. Four inputs and up to three rows run fused (rows past m get zero coefficients and the scratch
 * block; their sums are discarded); other shapes block by block, each row into a buffer, inputs in groups of four.
 * Every input of a block (fused: of an entry) is read before the outputs are written, so in-place use is safe.
 */
export function combine(n: number, xs: readonly Float64Array[], coef: Float64Array, outs: readonly (Float64Array | null)[],
  norms: Float64Array): void {
  checkList('combine', 'xs', xs, n, false);
  checkList('combine', 'outs', outs, n, true);
  const k = xs.length, m = outs.length;
  if (coef.length < m * k) throw new RangeError(`combine: coef has ${coef.length} entries but at least ${m * k} are needed`);
  if (norms.length < m) throw new RangeError(`combine: norms has ${norms.length} entries but at least ${m} are needed`);
  if (k === 4 && m <= 3) {
    coef4x3.fill(0);
    coef4x3.set(coef.subarray(0, 4 * m));
    acc3.fill(0);
    const out = (r: number) => (r < m ? outs[r] ?? null : null);
    const o0 = out(0), o1 = out(1), o2 = out(2);
    for (let c = 0; c < n; c += CHUNK) {
      const e = Math.min(n, c + CHUNK);
      rows4x3(xs[0]!, xs[1]!, xs[2]!, xs[3]!, coef4x3, o0 ?? scratch, o0 ? 0 : c, o1 ?? scratch, o1 ? 0 : c,
        o2 ?? scratch, o2 ? 0 : c, c, e, acc3);
    }
    for (let r = 0; r < m; r++) norms[r] = acc3[r]!;
    return;
  }
  const acc = new Float64Array(m);
  for (let c = 0; c < n; c += CHUNK) {
    const len = Math.min(CHUNK, n - c);
    for (let r = 0; r < m; r++) {
      const z = buffers[r]!;
      for (let i = 0; i < k; i += 4) {
        const g = Math.min(4, k - i), X = (q: number) => xs[Math.min(i + q, k - 1)]!, C = (q: number) => (q < g ? coef[r * k + i + q]! : 0);
        combBlock(g, i === 0, X(0), X(1), X(2), X(3), C(0), C(1), C(2), C(3), c, len, z);
      }
      let s = acc[r]!;
      for (let t = 0; t < len; t++) s += z[t]! * z[t]!;
      acc[r] = s;
    }
    for (let r = 0; r < m; r++) outs[r]?.set(buffers[r]!.subarray(0, len), c);
  }
  for (let r = 0; r < m; r++) norms[r] = acc[r]!;
}
