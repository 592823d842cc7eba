/**
 * Per-step geometry of a trajectory, fused for large D (the benchmark path, DESIGN.md "Metric"): ψ, κ_min, α*,
 * M_opt·v and M_opt⁻¹·w from (y, g) in two passes over memory — pass 1 gathers every dot product (yᵀy, gᵀg, yᵀg,
 * yᵀv, gᵀv, yᵀw, gᵀw, whose finiteness also checks the inputs), pass 2 writes both outputs and accumulates the
 * orthogonal component of y for a stable sin ψ. Same formulas as FamilyOperator (family.ts) for M_opt.
 */
import { NonFiniteError, ShapeError } from '../errors.ts';
import { angleFromStats, kappaMinSinCos, requireEffective, type Angle } from './angle.ts';

export interface GeometryStep {
  angle: Angle;
  kappaMin: number;
  /** α* = ‖y‖²/(yᵀg). */
  alpha: number;
}

function findNonFinite(op: string, names: string[], xs: ArrayLike<number>[]): never {
  xs.forEach((x, k) => {
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i]!)) throw new NonFiniteError(`${op}: ${names[k]}[${i}] is ${x[i]}; only finite numbers are accepted`);
    }
  });
  throw new NonFiniteError(`${op}: a sum of squares overflowed (entries near 1e154 or larger); rescale the inputs`);
}

/**
 * Pass 1: the seven dot products, written into `out` (kept in their own function so V8 optimises the loop on its own).
 * No array literal after the loop: V8 on-stack-replaces this loop on the first call, before the code after it has
 * type feedback, and a `return [...]` there made the cached OSR code deoptimise on every later call (the loop then ran
 * in baseline code at ~3 GB/s; see bench/workloads/geometry-step.ts).
 */
function pass1(y: Float64Array, g: Float64Array, v: Float64Array, w: Float64Array, out: Float64Array): void {
  let yy = 0, gg = 0, yg = 0, yv = 0, gv = 0, yw = 0, gw = 0;
  const n = y.length;
  for (let i = 0; i < n; i++) {
    const a = y[i]!, b = g[i]!, c = v[i]!, d = w[i]!;
    yy += a * a; gg += b * b; yg += a * b;
    yv += a * c; gv += b * c; yw += a * d; gw += b * d;
  }
  out[0] = yy; out[1] = gg; out[2] = yg; out[3] = yv; out[4] = gv; out[5] = yw; out[6] = gw;
}

/** Pass 2: both outputs and ‖y − t g‖². */
function pass2(y: Float64Array, g: Float64Array, v: Float64Array, w: Float64Array, outApply: Float64Array, outSolve: Float64Array,
  t: number, alpha: number, ag: number, ay: number, ia: number, sy: number, sg: number): number {
  let perp2 = 0;
  const n = y.length;
  for (let i = 0; i < n; i++) {
    const a = y[i]!, b = g[i]!;
    const p = a - t * b;
    perp2 += p * p;
    outApply[i] = (alpha * v[i]! + ag * b) + ay * a;
    outSolve[i] = (ia * w[i]! + sy * a) + sg * b;
  }
  return perp2;
}

/**
 * Writes M_opt·v into `outApply` and M_opt⁻¹·w into `outSolve` (M_opt for the pair y = −∇L, g) and returns ψ,
 * κ_min and α*. Throws NoMetricError when ψ ≥ 90° or g = 0, NonFiniteError on NaN/∞, ShapeError on lengths.
 */
export function geometryStep(y: Float64Array, g: Float64Array, v: Float64Array, w: Float64Array, outApply: Float64Array, outSolve: Float64Array): GeometryStep {
  const op = 'geometryStep';
  const n = y.length;
  for (const [name, x] of [['g', g], ['v', v], ['w', w], ['outApply', outApply], ['outSolve', outSolve]] as const) {
    if (x.length !== n) throw new ShapeError(`${op}: ${name} has length ${x.length} but y has ${n}; all vectors must have the same length`);
  }
  if (n === 0) throw new ShapeError(`${op}: empty vectors; D ≥ 1 is required`);
  const sums = new Float64Array(7);
  pass1(y, g, v, w, sums);
  const yy = sums[0]!, gg = sums[1]!, yg = sums[2]!, yv = sums[3]!, gv = sums[4]!, yw = sums[5]!, gw = sums[6]!;
  // a NaN or ±∞ anywhere makes one of these sums non-finite (∞·0 = NaN and ∞ − ∞ = NaN), so no extra pass is needed
  if (!Number.isFinite(yy + gg + yv + gv + yw + gw)) findNonFinite(op, ['y', 'g', 'v', 'w'], [y, g, v, w]);
  // the angle needs ‖y⊥‖², which pass 2 accumulates; validate the pair first with a provisional perp (cheap)
  const provisional = angleFromStats({ dim: n, yy, gg, yg, perp2: Math.max(0, yy - yg * yg / gg) }, op);
  requireEffective(op, provisional);
  const alpha = yy / yg, t = yg / gg;
  // M_opt v = α (v − g gᵀv/gᵀg) + y yᵀv/yᵀg ; M_opt⁻¹ w = (w − y k)/α + g (k + (yᵀy k − yᵀw)/(α yᵀg)), k = gᵀw/yᵀg
  const ag = -alpha * (gv / gg), ay = yv / yg;
  const k = gw / yg, sy = -k / alpha, sg = k + (yy * k - yw) / (alpha * yg);
  const perp2 = pass2(y, g, v, w, outApply, outSolve, t, alpha, ag, ay, 1 / alpha, sy, sg);
  const angle = angleFromStats({ dim: n, yy, gg, yg, perp2 }, op);
  return { angle, kappaMin: kappaMinSinCos(angle.sin, angle.cos), alpha };
}
