/**
 * The portable `adamStep` (src/kernels/types.ts): the fused Adam/AdamW update of src/rules/adam.ts as one
 * TypeScript loop, torch 1.13's single-tensor Adam operation for operation. The native kernel (native/adam.c) and
 * the wasm SIMD128 kernel (src/rules/wasm/adam.c) do the same float64 operations in the same order, so all three
 * are bit-identical (tested). Large Adam states on this backend run the wasm kernel instead (src/rules/adam-kernel.ts).
 */
import { ADAM_FLAGS } from '../types.ts';

const { MAXIMIZE, AMSGRAD, INSIDE, THETA, APPLY } = ADAM_FLAGS;

// Each loop lives in a module-level function so V8 optimises it whole (a hot loop re-entered by on-stack
// replacement on every call runs ~20× slower at 1e6 entries); plain Adam, the common case, gets branch-free loops.
export function adamStep(
  n: number, flags: number, coef: Float64Array, g: Float64Array, th: Float64Array, m: Float64Array, v: Float64Array,
  vmax: Float64Array | null, d: Float64Array | null,
): void {
  if (flags & AMSGRAD && vmax === null) throw new TypeError('adamStep: amsgrad (flag 2) needs argument vmax to be a Float64Array');
  if (!(flags & APPLY) && d === null) throw new TypeError('adamStep: without apply (flag 16) argument d must be a Float64Array');
  const b1 = coef[0]!, c1 = coef[1]!, b2 = coef[2]!, c2 = coef[3]!, neg = coef[5]!, bc2s = coef[7]!, eps = coef[8]!;
  if ((flags & (MAXIMIZE | AMSGRAD | INSIDE | THETA)) === 0) {
    if (flags & APPLY) plainApply(n, g, th, m, v, d, b1, c1, b2, c2, neg, bc2s, eps);
    else plain(n, g, m, v, d!, b1, c1, b2, c2, neg, bc2s, eps);
    return;
  }
  general(n, flags, g, th, m, v, flags & AMSGRAD ? vmax : null, d, b1, c1, b2, c2, coef[4]!, neg, coef[6]!, bc2s, eps, coef[9]!);
}

function plain(n: number, g: Float64Array, m: Float64Array, v: Float64Array, d: Float64Array,
  b1: number, c1: number, b2: number, c2: number, neg: number, bc2s: number, eps: number): void {
  for (let i = 0; i < n; i++) {
    const x = g[i]!;
    const mi = m[i]! * b1 + c1 * x; // ema() and emaSquare() of rules/common.ts, written out (5–10× faster here)
    const vi = v[i]! * b2 + c2 * x * x;
    m[i] = mi;
    v[i] = vi;
    d[i] = (neg * mi) / (Math.sqrt(vi) / bc2s + eps);
  }
}

function plainApply(n: number, g: Float64Array, th: Float64Array, m: Float64Array, v: Float64Array, d: Float64Array | null,
  b1: number, c1: number, b2: number, c2: number, neg: number, bc2s: number, eps: number): void {
  for (let i = 0; i < n; i++) {
    const x = g[i]!, t = th[i]!;
    const mi = m[i]! * b1 + c1 * x;
    const vi = v[i]! * b2 + c2 * x * x;
    m[i] = mi;
    v[i] = vi;
    const tn = t + (neg * mi) / (Math.sqrt(vi) / bc2s + eps);
    th[i] = tn;
    if (d !== null) d[i] = tn - t;
  }
}

function general(n: number, flags: number, g: Float64Array, th: Float64Array, m: Float64Array, v: Float64Array,
  vmax: Float64Array | null, d: Float64Array | null, b1: number, c1: number, b2: number, c2: number, l2: number,
  neg: number, bc2: number, bc2s: number, eps: number, shrink: number): void {
  const maximize = (flags & MAXIMIZE) !== 0, inside = (flags & INSIDE) !== 0, apply = (flags & APPLY) !== 0;
  const useTheta = (flags & THETA) !== 0, readTheta = useTheta || apply, useL2 = useTheta && l2 !== 0;
  for (let i = 0; i < n; i++) {
    const t = readTheta ? th[i]! : 0;
    const gi = maximize ? -g[i]! : g[i]!;
    const x = useL2 ? gi + l2 * t : gi; // effectiveGrad(), ema(), emaSquare() of rules/common.ts, written out
    const mi = m[i]! * b1 + c1 * x;
    let vi = v[i]! * b2 + c2 * x * x;
    m[i] = mi;
    v[i] = vi;
    if (vmax !== null) vmax[i] = vi = Math.max(vmax[i]!, vi);
    const denom = inside ? Math.sqrt(vi / bc2 + eps) : Math.sqrt(vi) / bc2s + eps;
    let delta = (neg * mi) / denom; // torch addcdiv_ rounds (value·m)/denom
    if (useTheta) delta = delta - shrink * t;
    if (apply) {
      const tn = t + delta;
      th[i] = tn;
      if (d !== null) d[i] = tn - t;
    } else d![i] = delta;
  }
}
