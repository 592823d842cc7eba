/**
 * Streaming multi-vector kernels for the portable backend (Kernels.dots, Kernels.combine): several dot products or
 * linear combinations of a few long vectors. Scalar JS is compute-bound here, not memory-bound (about 2–3 GB/s per
 * stream), so what matters is the work per entry: dot products run as one fused loop (a 2×4 tile, every sum in a
 * register); each combination row runs over blocks of CHUNK entries with its nonzero terms only (skipping flops
 * pays more than re-reading the block from cache). Wasm would need the vectors copied into its memory, which costs
 * more than the pass itself. Small shapes (≤ 2×4 dots; ≤ 4 inputs × ≤ 4 rows of combine, the per-step geometry's)
 * run in loops generated for their shape (see `fused`). Sums are sequential here and partial sums natively, so they
 * differ in the last bits; the stored rows of combine are bit-identical to the native ones (same expression, no FMA).
 */

const MAXV = 8;
const CHUNK = 1024;

/**
 * A loop specialised to one shape, generated once and cached: every distinct vector loaded once per entry, every sum
 * in a local, each row with exactly its nonzero terms — what a hand-fused loop does (the general tiles and blocks
 * re-read vectors and branch on the row's arity: ~1.5× slower per step). Generated because a row's grouping depends
 * on which of its coefficients are zero (16 masks per row of 4). Null where code generation is disallowed (a strict
 * CSP): the general paths then run, with the same results.
 */
type Fused = (n: number, u: readonly (Float64Array | null)[], c: Float64Array, out: Float64Array) => void;
const fusedCache = new Map<string, Fused | null>();
function fused(key: string, make: () => string): Fused | null {
  let f = fusedCache.get(key);
  if (f === undefined) {
    try { f = new Function('n', 'u', 'c', 'out', make()) as Fused; } catch { f = null; }
    fusedCache.set(key, f);
  }
  return f;
}

/** Body of the fused dots: distinct vectors u[0..nu), out[p] = Σ_t u[a_p][t]·u[b_p][t] (sequential sums). */
function dotsSource(nu: number, pairs: readonly (readonly [number, number])[]): string {
  const V = Array.from({ length: nu }, (_, i) => i);
  return `${V.map((i) => `const U${i} = u[${i}];`).join(' ')}
  ${pairs.map((_, p) => `let s${p} = 0;`).join(' ')}
  for (let t = 0; t < n; t++) {
    ${V.map((i) => `const a${i} = U${i}[t];`).join(' ')}
    ${pairs.map(([a, b], p) => `s${p} += a${a} * a${b};`).join(' ')}
  }
  ${pairs.map((_, p) => `out[${p}] = s${p};`).join(' ')}`;
}

/**
 * Body of the fused combine: u = [...xs, ...outs], c = coef (m×k); rows[r] lists the inputs with a nonzero coefficient.
 * An entry's inputs are all loaded before its outputs are stored, so an output may be an input (in place).
 */
function combineSource(k: number, rows: readonly (readonly number[])[], stored: readonly boolean[]): string {
  const used = [...new Set(rows.flat())].sort((a, b) => a - b);
  const term = (r: number, i: number) => `c${r}_${i} * x${i}`;
  const expr = (r: number, t: readonly number[]) =>
    t.length === 0 ? '0' : t.length === 1 ? term(r, t[0]!) : t.length === 2 ? `${term(r, t[0]!)} + ${term(r, t[1]!)}`
      : t.length === 3 ? `(${term(r, t[0]!)} + ${term(r, t[1]!)}) + ${term(r, t[2]!)}`
      : `(${term(r, t[0]!)} + ${term(r, t[1]!)}) + (${term(r, t[2]!)} + ${term(r, t[3]!)})`;
  return `${used.map((i) => `const X${i} = u[${i}];`).join(' ')}
  ${rows.map((t, r) => t.map((i) => `const c${r}_${i} = c[${r * k + i}];`).join(' ')).join(' ')}
  ${rows.map((_, r) => (stored[r] ? `const O${r} = u[${k + r}];` : '')).join(' ')}
  ${rows.map((_, r) => `let s${r} = 0;`).join(' ')}
  for (let t = 0; t < n; t++) {
    ${used.map((i) => `const x${i} = X${i}[t];`).join(' ')}
    ${rows.map((t, r) => `const z${r} = ${expr(r, t)}; s${r} += z${r} * z${r};${stored[r] ? ` O${r}[t] = z${r};` : ''}`).join('\n    ')}
  }
  ${rows.map((_, r) => `out[${r}] = s${r};`).join(' ')}`;
}

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

/** dots through a fused loop over the distinct arrays and unordered pairs; false when code generation is disallowed. */
function dotsFused(n: number, xs: readonly Float64Array[], ys: readonly Float64Array[], out: Float64Array): boolean {
  const u: Float64Array[] = [], pairs: [number, number][] = [], where: number[] = [];
  const index = (x: Float64Array) => { let i = u.indexOf(x); if (i < 0) i = u.push(x) - 1; return i; };
  for (const x of xs) {
    for (const y of ys) {
      const a = index(x), b = index(y), lo = Math.min(a, b), hi = Math.max(a, b);
      let p = pairs.findIndex(([c, d]) => c === lo && d === hi);
      if (p < 0) p = pairs.push([lo, hi]) - 1;
      where.push(p);
    }
  }
  const f = fused(`d${u.length}:${pairs.join(';')}`, () => dotsSource(u.length, pairs));
  if (f === null) return false;
  f(n, u, tileOut, tileOut); // c is unused; ≤ 8 pairs
  where.forEach((p, q) => { out[q] = tileOut[p]!; });
  return true;
}

/**
 * Kernels.dots: up to 2×4, one fused loop over the distinct arrays (`fused`); larger blocks in 2×4 tiles. A tile slot past the end repeats
 * a real vector and its sum is discarded. ⟨a, b⟩ and ⟨b, a⟩ are bit-identical (a·b = b·a and the same order).
 */
export function dots(n: number, xs: readonly Float64Array[], ys: readonly Float64Array[], out: Float64Array): void {
  checkList('dots', 'xs', xs, n, false);
  checkList('dots', 'ys', ys, n, false);
  const nx = xs.length, ny = ys.length;
  if (out.length < nx * ny) throw new RangeError(`dots: out has ${out.length} entries but at least ${nx * ny} are needed`);
  if (nx <= 2 && ny <= 4 && dotsFused(n, xs, ys, out)) return;
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
 * One row over entries [lo, hi) from its nonzero terms only (a = 0…4, grouped as (c0x0 + c1x1) + (c2x2 + c3x3)),
 * written to dst[t − off] unless dst is null; returns Σ z² over the range (sequential).
 */
function rowRange(a: number, x0: Float64Array, x1: Float64Array, x2: Float64Array, x3: Float64Array, c0: number,
  c1: number, c2: number, c3: number, lo: number, hi: number, dst: Float64Array | null, off: number): number {
  let s = 0;
  if (dst === null) {
    if (a === 1) for (let t = lo; t < hi; t++) { const z = c0 * x0[t]!; s += z * z; }
    else if (a === 2) for (let t = lo; t < hi; t++) { const z = c0 * x0[t]! + c1 * x1[t]!; s += z * z; }
    else if (a === 3) for (let t = lo; t < hi; t++) { const z = (c0 * x0[t]! + c1 * x1[t]!) + c2 * x2[t]!; s += z * z; }
    else if (a === 4) for (let t = lo; t < hi; t++) { const z = (c0 * x0[t]! + c1 * x1[t]!) + (c2 * x2[t]! + c3 * x3[t]!); s += z * z; }
  } else {
    if (a === 0) dst.fill(0, lo - off, hi - off);
    else if (a === 1) for (let t = lo; t < hi; t++) { const z = c0 * x0[t]!; s += z * z; dst[t - off] = z; }
    else if (a === 2) for (let t = lo; t < hi; t++) { const z = c0 * x0[t]! + c1 * x1[t]!; s += z * z; dst[t - off] = z; }
    else if (a === 3) for (let t = lo; t < hi; t++) { const z = (c0 * x0[t]! + c1 * x1[t]!) + c2 * x2[t]!; s += z * z; dst[t - off] = z; }
    else for (let t = lo; t < hi; t++) { const z = (c0 * x0[t]! + c1 * x1[t]!) + (c2 * x2[t]! + c3 * x3[t]!); s += z * z; dst[t - off] = z; }
  }
  return s;
}

/** dst[0..len) += the next ≤ 4 terms of a row (groups after the first, for rows of more than four terms). */
function addTerms(a: number, x0: Float64Array, x1: Float64Array, x2: Float64Array, x3: Float64Array, c0: number,
  c1: number, c2: number, c3: number, off: number, len: number, dst: Float64Array): void {
  if (a === 1) for (let t = 0; t < len; t++) dst[t] += c0 * x0[off + t]!;
  else if (a === 2) for (let t = 0; t < len; t++) dst[t] += c0 * x0[off + t]! + c1 * x1[off + t]!;
  else if (a === 3) for (let t = 0; t < len; t++) dst[t] += (c0 * x0[off + t]! + c1 * x1[off + t]!) + c2 * x2[off + t]!;
  else for (let t = 0; t < len; t++) dst[t] += (c0 * x0[off + t]! + c1 * x1[off + t]!) + (c2 * x2[off + t]! + c3 * x3[off + t]!);
}

const buffers = Array.from({ length: MAXV }, () => new Float64Array(CHUNK));

/**
 * Kernels.combine: ≤ 4 inputs × ≤ 4 rows run in one fused loop (`fused`). Otherwise
 * each row keeps only its nonzero terms and runs block by block (CHUNK entries, so the inputs are
 * re-read from cache, not memory, by the following rows). Rows of ≤ 4 terms store straight into their output when no
 * output shares memory with an input; otherwise (or with more terms) every row of a block goes to a buffer first, so
 * in-place use is safe.
 */
export function combine(n: number, xs: readonly Float64Array[], coef: Float64Array, outs: readonly (Float64Array | null)[],
  norms: Float64Array): void {
  checkList('combine', 'xs', xs, n, false);
  checkList('combine', 'outs', outs, n, true);
  const k = xs.length, m = outs.length;
  if (coef.length < m * k) throw new RangeError(`combine: coef has ${coef.length} entries but at least ${m * k} are needed`);
  if (norms.length < m) throw new RangeError(`combine: norms has ${norms.length} entries but at least ${m} are needed`);
  if (k <= 4 && m <= 4) {
    const rows = Array.from({ length: m }, (_, r) => xs.map((_, i) => i).filter((i) => coef[r * k + i] !== 0));
    const stored = outs.map((o) => o !== null);
    const f = fused(`c${k}:${rows.join(';')}:${stored.join()}`, () => combineSource(k, rows, stored));
    if (f !== null) {
      f(n, [...xs, ...outs], coef, norms);
      return;
    }
  }
  const rx: Float64Array[][] = [], rc: number[][] = [];
  for (let r = 0; r < m; r++) {
    rx.push([]); rc.push([]);
    for (let i = 0; i < k; i++) if (coef[r * k + i] !== 0) { rx[r]!.push(xs[i]!); rc[r]!.push(coef[r * k + i]!); }
  }
  const X = (r: number, q: number) => rx[r]![Math.min(q, rx[r]!.length - 1)] ?? xs[0]!;
  const C = (r: number, q: number) => rc[r]![q] ?? 0;
  const shared = outs.some((o) => o !== null && xs.some((x) => x.buffer === o.buffer));
  const direct = !shared && rx.every((t) => t.length <= 4);
  const acc = new Float64Array(m);
  for (let c = 0; c < n; c += CHUNK) {
    const e = Math.min(n, c + CHUNK);
    for (let r = 0; r < m; r++) {
      const a = rx[r]!.length;
      if (direct) {
        acc[r] += rowRange(a, X(r, 0), X(r, 1), X(r, 2), X(r, 3), C(r, 0), C(r, 1), C(r, 2), C(r, 3), c, e, outs[r] ?? null, 0);
        continue;
      }
      const z = buffers[r]!;
      rowRange(Math.min(a, 4), X(r, 0), X(r, 1), X(r, 2), X(r, 3), C(r, 0), C(r, 1), C(r, 2), C(r, 3), c, e, z, c);
      for (let q = 4; q < a; q += 4) {
        addTerms(Math.min(4, a - q), X(r, q), X(r, q + 1), X(r, q + 2), X(r, q + 3), C(r, q), C(r, q + 1), C(r, q + 2), C(r, q + 3), c, e - c, z);
      }
      let s = 0;
      for (let t = 0; t < e - c; t++) s += z[t]! * z[t]!;
      acc[r] += s;
    }
    if (!direct) for (let r = 0; r < m; r++) outs[r]?.set(buffers[r]!.subarray(0, e - c), c);
  }
  for (let r = 0; r < m; r++) norms[r] = acc[r]!;
}
