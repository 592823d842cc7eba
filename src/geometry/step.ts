/**
 * Per-step geometry of a trajectory, fused for large D (the benchmark path, DESIGN.md "Metric"): ψ, κ_min, α*,
 * M_opt·v and M_opt⁻¹·w from (y, g) in two streaming passes of the active kernel backend — pass 1 (`dots`) gathers
 * every dot product of y and g with (y, g, v, w) (their finiteness also checks the inputs), pass 2 (`combine`)
 * writes both outputs and the norm of the orthogonal component of y for a stable sin ψ. Same formulas as
 * FamilyOperator (family.ts) for M_opt.
 */
import { NonFiniteError, ShapeError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';
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

/** Per-call scratch of geometryStep (reused: the step allocates nothing proportional to D). */
const sums = new Float64Array(8);
const coef = new Float64Array(12);
const norms = new Float64Array(3);

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
  const K = kernels();
  // pass 1: [yᵀ; gᵀ]·[y g v w] (yᵀg and gᵀy are the same sum)
  K.dots(n, [y, g], [y, g, v, w], sums);
  const yy = sums[0]!, yg = sums[1]!, yv = sums[2]!, yw = sums[3]!, gg = sums[5]!, gv = sums[6]!, gw = sums[7]!;
  // a NaN or ±∞ anywhere makes one of these sums non-finite (∞·0 = NaN and ∞ − ∞ = NaN), so no extra pass is needed
  if (!Number.isFinite(yy + gg + yv + gv + yw + gw)) findNonFinite(op, ['y', 'g', 'v', 'w'], [y, g, v, w]);
  // the angle needs ‖y⊥‖², which pass 2 accumulates; validate the pair first with a provisional perp (cheap)
  const provisional = angleFromStats({ dim: n, yy, gg, yg, perp2: Math.max(0, yy - yg * yg / gg) }, op);
  requireEffective(op, provisional);
  const alpha = yy / yg, t = yg / gg;
  // M_opt v = α (v − g gᵀv/gᵀg) + y yᵀv/yᵀg ; M_opt⁻¹ w = (w − y k)/α + g (k + (yᵀy k − yᵀw)/(α yᵀg)), k = gᵀw/yᵀg
  const ag = -alpha * (gv / gg), ay = yv / yg;
  const k = gw / yg, sy = -k / alpha, sg = k + (yy * k - yw) / (alpha * yg);
  // pass 2: rows over the columns (v, g, y, w) — α v + ag g first, so M g = y cancels exactly (α g − α g = 0) —
  // and y − t g, of which only ‖·‖² is kept (the stable ‖y⊥‖²); zero coefficients skip their column
  coef.set([alpha, ag, ay, 0, 0, sg, sy, 1 / alpha, 0, -t, 1, 0]);
  K.combine(n, [v, g, y, w], coef, [outApply, outSolve, null], norms);
  const perp2 = norms[2]!;
  const angle = angleFromStats({ dim: n, yy, gg, yg, perp2 }, op);
  return { angle, kappaMin: kappaMinSinCos(angle.sin, angle.cos), alpha };
}
