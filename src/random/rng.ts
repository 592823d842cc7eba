/**
 * The project's `Rng`: a xoshiro128** stream (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", 2021) whose seeding, `split` and `fork` derive keys with the counter-based Philox4x32-10, so a
 * child stream is a pure function of (parent key, child index or name) and never depends on draw order.
 * Philox is the key-derivation function only: at ~26 ns/word in JS it is 7× slower than xoshiro128** (~3.5 ns),
 * and the bulk normals that feed 10⁶-particle Langevin runs need the fast core.
 * Normals use the ziggurat of Marsaglia & Tsang (J. Stat. Softw. 5(8), 2000; 128 layers) with the layer index
 * and the 25-bit signed abscissa taken from disjoint bits of one word (Doornik 2005's fix of the original's overlap);
 * exact up to that resolution (x on a grid of x_i·2⁻²⁴; the wedge test uses a 32-bit uniform). `normal()` is
 * `fillNormal` of one entry, so n `normal()` calls draw exactly what `fillNormal(n)` draws.
 * (Polar/Box–Muller are capped near 40 M/s by Math.log; the ziggurat needs an exp in ~1 % of draws.)
 * State: `key` = the Philox key (2 words), `counter` = the xoshiro128** state (4 words), `extra` = [splits made].
 */
import { InvalidArgumentError } from '../errors.ts';
import { philoxBlocks } from './philox.ts';
import type { Rng, RngState } from './types.ts';

export const ALGORITHM = 'xoshiro128**+philox4x32-10';

// Domain tags (Philox counter word 3) keep the derivations for the stream, split, fork and string hashing apart.
const DOMAIN_STREAM = 0x5354524d;
const DOMAIN_SPLIT = 0x53504c54;
const DOMAIN_FORK_NUM = 0x464b4e4d;
const DOMAIN_FORK_STR = 0x464b5354;
const DOMAIN_SEED_STR = 0x53445354;

// Ziggurat tables for 128 layers, abscissa scaled by 2²⁴ (Marsaglia & Tsang's zigset with m1 = 2²⁴).
const ZIG_R = 3.442619855899;
const KN = new Float64Array(128), WN = new Float64Array(128), FN = new Float64Array(128);
{
  const m1 = 16777216, vn = 9.91256303526217e-3;
  let dn = ZIG_R, tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  KN[0] = (dn / q) * m1; KN[1] = 0;
  WN[0] = q / m1; WN[127] = dn / m1;
  FN[0] = 1; FN[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = (dn / tn) * m1;
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / m1;
  }
}
const INV53 = 1 / 9007199254740992;
const INV32 = 1 / 4294967296;
const TWO26 = 67108864;
const TWO32 = 4294967296;

const scratch = new Uint32Array(4);
function philox(k0: number, k1: number, c0: number, c1: number, c2: number, c3: number): Uint32Array {
  philoxBlocks(k0, k1, c0, c1, c2, c3, 1, scratch, 0);
  return scratch;
}

/** Two 32-bit FNV-1a hashes (different offsets) of the UTF-16 code units of `s`, then mixed by Philox. */
function hashString(s: string, domain: number): [number, number] {
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  }
  const o = philox(0x5eed, 0x1ea5, h1 >>> 0, h2 >>> 0, s.length >>> 0, domain);
  return [o[0]!, o[1]!];
}

function splitInteger(op: string, x: number): [number, number] {
  if (!Number.isSafeInteger(x) || x < 0) {
    throw new InvalidArgumentError(`${op}: ${x} is not accepted; use a non-negative safe integer (0 … 2^53−1) or a string`);
  }
  return [x % TWO32, Math.floor(x / TWO32)];
}

/** Builds the generator for `seed` (a non-negative safe integer or any string): same seed → same stream everywhere. */
export function createRng(seed: number | string): Rng {
  const key = typeof seed === 'string' ? hashString(seed, DOMAIN_SEED_STR) : splitInteger('createRng(seed)', seed);
  return PhiloxXoshiro.fromKey(key[0], key[1]);
}

/** Resumes exactly from `rng.state()` (e.g. after a JSON round trip). */
export function restoreRng(state: RngState): Rng {
  if (state.algorithm !== ALGORITHM) {
    throw new InvalidArgumentError(`restoreRng: algorithm '${state.algorithm}' is not accepted; expected '${ALGORITHM}'`);
  }
  const words = [...state.key, ...state.counter];
  if (state.key.length !== 2 || state.counter.length !== 4 || state.extra.length !== 1
    || words.some((w) => !Number.isInteger(w) || w < 0 || w >= TWO32)) {
    throw new InvalidArgumentError('restoreRng: expected key of 2 and counter of 4 uint32 words and extra of 1 number');
  }
  if (state.counter.every((w) => w === 0)) {
    throw new InvalidArgumentError('restoreRng: an all-zero xoshiro state is not accepted (the generator would only emit zeros)');
  }
  if (!Number.isSafeInteger(state.extra[0]) || state.extra[0]! < 0) {
    throw new InvalidArgumentError('restoreRng: extra must be [split count ≥ 0]');
  }
  const c = state.counter;
  const r = new PhiloxXoshiro(state.key[0]!, state.key[1]!, c[0]! | 0, c[1]! | 0, c[2]! | 0, c[3]! | 0);
  r.splits = state.extra[0]!;
  return r;
}

const CHUNK = 2048;

/** Ziggurat normals into out[lo, hi), drawing words from `st` (xoshiro128** state, the recurrence of nextInt32). */
function zigguratFill(rng: PhiloxXoshiro, st: Int32Array, out: Float64Array, lo: number, hi: number, mean: number, std: number): void {
  // Only the base layer's tail (~2 draws in 10⁴) leaves the loop; the wedge test runs inline on a 32-bit uniform.
  let s0 = st[0]!, s1 = st[1]!, s2 = st[2]!, s3 = st[3]!;
  for (let i = lo; i < hi; i++) {
    let x: number;
    for (;;) {
      let r = Math.imul(s1, 5);
      const w = Math.imul((r << 7) | (r >>> 25), 9);
      let t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
      const j = w >> 7, iz = w & 127;
      x = j * WN[iz]!;
      if (Math.abs(j) < KN[iz]!) break;
      if (iz === 0) {
        st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
        x = rng.zigguratTail(j);
        s0 = st[0]!; s1 = st[1]!; s2 = st[2]!; s3 = st[3]!;
        break;
      }
      r = Math.imul(s1, 5);
      const u = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
      // wedge: accept x under the density between layers iz−1 and iz
      if (FN[iz]! + u * INV32 * (FN[iz - 1]! - FN[iz]!) < Math.exp(-0.5 * x * x)) break;
    }
    out[i] = mean + std * x;
  }
  st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
}

class PhiloxXoshiro implements Rng {
  splits = 0;
  private readonly one = new Float64Array(1);

  constructor(readonly k0: number, readonly k1: number,
    s0: number, s1: number, s2: number, s3: number) {
    this.st = new Int32Array(new ArrayBuffer(16));
    this.st[0] = s0; this.st[1] = s1; this.st[2] = s2; this.st[3] = s3;
  }

  /** The xoshiro128** state in an Int32Array: one stable field layout, so V8 keeps the bulk loops optimised. */
  readonly st: Int32Array;

  static fromKey(k0: number, k1: number): PhiloxXoshiro {
    let o = philox(k0, k1, 0, 0, 0, DOMAIN_STREAM);
    // xoshiro's only forbidden state is all zeros (probability 2⁻¹²⁸); take the next Philox block if it occurs.
    if ((o[0]! | o[1]! | o[2]! | o[3]!) === 0) o = philox(k0, k1, 1, 0, 0, DOMAIN_STREAM);
    return new PhiloxXoshiro(k0, k1, o[0]! | 0, o[1]! | 0, o[2]! | 0, o[3]! | 0);
  }

  /** Next 32-bit word, as a signed int32 (xoshiro128**: rotl(s1·5, 7)·9). */
  nextInt32(): number {
    const st = this.st;
    const s1 = st[1]!;
    const r = Math.imul(s1, 5);
    const result = Math.imul((r << 7) | (r >>> 25), 9);
    const t = s1 << 9;
    const s2 = st[2]! ^ st[0]!, s3 = st[3]! ^ s1;
    st[1] = s1 ^ s2;
    st[0] ^= s3;
    st[2] = s2 ^ t;
    st[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Next raw 32-bit word of the xoshiro128** stream, unsigned in [0, 2³²) (not part of the Rng interface). */
  uint32(): number {
    return this.nextInt32() >>> 0;
  }

  uniform(): number {
    const a = this.nextInt32() >>> 5, b = this.nextInt32() >>> 6;
    return (a * TWO26 + b) * INV53;
  }

  normal(): number {
    return this.fillNormal(this.one)[0]!;
  }

  /** Marsaglia's exponential-rejection sampler for the base layer's tail beyond R (sign from j); internal. */
  zigguratTail(j: number): number {
    let x: number, y: number;
    do {
      x = -Math.log(1 - this.uniform()) / ZIG_R;
      y = -Math.log(1 - this.uniform());
    } while (y + y < x * x);
    return j > 0 ? ZIG_R + x : -ZIG_R - x;
  }

  fillUniform(out: Float64Array, lo = 0, hi = 1): Float64Array {
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
      throw new InvalidArgumentError(`fillUniform: bounds [${lo}, ${hi}) are not accepted; need finite lo ≤ hi`);
    }
    const w = hi - lo;
    for (let i = 0; i < out.length; i++) out[i] = lo + w * this.uniform();
    return out;
  }

  fillNormal(out: Float64Array, mean = 0, std = 1): Float64Array {
    if (!(Number.isFinite(mean) && Number.isFinite(std) && std >= 0)) {
      throw new InvalidArgumentError(`fillNormal: mean ${mean}, std ${std} are not accepted; need finite mean and std ≥ 0`);
    }
    // Chunks keep each call of the kernel short, so V8 optimises it as a function instead of by on-stack
    // replacement, whose cached code kept deoptimising on the rare tail branch (a 2–4× slowdown).
    const n = out.length;
    for (let lo = 0; lo < n; lo += CHUNK) zigguratFill(this, this.st, out, lo, Math.min(n, lo + CHUNK), mean, std);
    return out;
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO32) {
      throw new InvalidArgumentError(`int(n): n = ${n} is not accepted; need an integer in 1 … 2^32`);
    }
    // Rejection above the largest multiple of n below 2³² removes the modulo bias.
    const limit = TWO32 - (TWO32 % n);
    for (;;) {
      const x = this.uint32();
      if (x < limit) return x % n;
    }
  }

  categorical(p: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < p.length; i++) {
      const v = p[i]!;
      if (!(v >= 0 && v < Infinity)) {
        throw new InvalidArgumentError(`categorical: p[${i}] = ${v} is not accepted; weights must be finite and ≥ 0`);
      }
      total += v;
    }
    if (!(total > 0)) throw new InvalidArgumentError(`categorical: weights (length ${p.length}) sum to 0; need at least one positive weight`);
    const target = this.uniform() * total;
    let acc = 0;
    let last = 0;
    for (let i = 0; i < p.length; i++) {
      if (p[i]! > 0) last = i;
      acc += p[i]!;
      if (target < acc) return i;
    }
    return last; // rounding in the running sum can leave target ≥ acc; the last positive weight takes it
  }

  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new InvalidArgumentError(`permutation(n): n = ${n} is not accepted; need an integer in 0 … 2^31−1`);
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) { // Fisher–Yates
      const j = this.int(i + 1);
      const t = out[i]!; out[i] = out[j]!; out[j] = t;
    }
    return out;
  }

  split(): Rng {
    const n = this.splits++;
    const o = philox(this.k0, this.k1, n % TWO32, Math.floor(n / TWO32), 0, DOMAIN_SPLIT);
    return PhiloxXoshiro.fromKey(o[0]!, o[1]!);
  }

  fork(key: number | string): Rng {
    const [h0, h1] = typeof key === 'string' ? hashString(key, DOMAIN_FORK_STR) : splitInteger('fork(key)', key);
    const domain = typeof key === 'string' ? DOMAIN_FORK_STR : DOMAIN_FORK_NUM;
    const o = philox(this.k0, this.k1, h0, h1, 0, domain);
    return PhiloxXoshiro.fromKey(o[0]!, o[1]!);
  }

  state(): RngState {
    return {
      algorithm: ALGORITHM,
      key: [this.k0, this.k1],
      counter: Array.from(this.st, (w) => w >>> 0),
      extra: [this.splits],
    };
  }
}
