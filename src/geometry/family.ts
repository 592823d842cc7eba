/**
 * The one-parameter family of metrics of arXiv 2409.16422 (reference §2.3–§2.4, §2.6) as O(D) implicit operators:
 *   M_α = y yᵀ/(yᵀg) + α (I − ĝĝᵀ),   M_α g = y,
 * with M_opt = M_{α*}, α* = ‖y‖²/(yᵀg) (minimum condition number κ_min = (1+sinψ)/(1−sinψ)) and
 * BFGS = M_1 (the BFGS update of I with step s = g). Swapping y ↔ g gives the dual family of inverse metrics
 * P_β = g gᵀ/(gᵀy) + β (I − ŷŷᵀ) with P_β y = g: P_opt = P_{‖g‖²/(yᵀg)}, and DFP's metric is P_1⁻¹.
 * Spectrum (analytic): β (×(D−2)) and the two eigenvalues of the span{g, y} block
 *   [[r cosψ, r sinψ], [r sinψ, r sin²ψ/cosψ + α]],  r = ‖y‖/‖g‖.
 */
import { InvalidArgumentError } from '../errors.ts';
import { angleFromStats, dots3, pairStats, requireEffective, type Angle, type PairStats } from './angle.ts';
import { checkDenseDim, checkVector, conditionOf, mergeEigenvalues, type Eigenvalue, type MetricOperator, type OperatorRole } from './operator.ts';
import { combine3, dots2, toF64 } from './vec.ts';

/**
 * Op = u uᵀ/(uᵀw) + α (I − ŵŵᵀ), so Op w = u; `inverted` represents Op⁻¹ instead.
 * (u, w) = (y, g) gives metrics M_α; (u, w) = (g, y) gives inverse metrics P_α.
 */
export class FamilyOperator implements MetricOperator {
  readonly dim: number;
  private readonly uu: number;
  private readonly ww: number;
  private readonly uw: number;

  constructor(
    readonly kind: string,
    readonly role: OperatorRole,
    private readonly u: Float64Array,
    private readonly w: Float64Array,
    readonly alpha: number,
    /** The pair's angle (ψ between u and w, which is ψ between y and g either way). */
    readonly angle: Angle,
    private readonly inverted: boolean,
    private readonly optimal: boolean,
    /** uᵀu, wᵀw, uᵀw when already known (same accumulation order as dots3), to save a pass. */
    dots?: { uu: number; ww: number; uw: number },
  ) {
    this.dim = u.length;
    const d = dots ?? (({ yy, gg, yg }) => ({ uu: yy, ww: gg, uw: yg }))(dots3(u, w));
    this.uu = d.uu; this.ww = d.ww; this.uw = d.uw;
  }

  apply(v: ArrayLike<number>, out?: Float64Array): Float64Array {
    const o = checkVector(`${this.kind}.apply`, v, this.dim, out);
    return this.inverted ? this.solveBase(v, o) : this.applyBase(v, o);
  }

  solve(v: ArrayLike<number>, out?: Float64Array): Float64Array {
    const o = checkVector(`${this.kind}.solve`, v, this.dim, out);
    return this.inverted ? this.applyBase(v, o) : this.solveBase(v, o);
  }

  /** α (v − w (wᵀv/wᵀw)) + u (uᵀv/uᵀw). */
  private applyBase(v: ArrayLike<number>, out: Float64Array): Float64Array {
    const [uv, wv] = dots2(this.u, this.w, v);
    const a = this.alpha;
    return combine3(out, a, v, -a * (wv / this.ww), this.w, uv / this.uw, this.u);
  }

  /** (v − u k)/α + w (k + (uᵀu k − uᵀv)/(α uᵀw)), k = wᵀv/uᵀw: the exact inverse (reference §2.4 for α = α*). */
  private solveBase(v: ArrayLike<number>, out: Float64Array): Float64Array {
    const [uv, wv] = dots2(this.u, this.w, v);
    const a = this.alpha, k = wv / this.uw;
    return combine3(out, 1 / a, v, -k / a, this.u, k + (this.uu * k - uv) / (a * this.uw), this.w);
  }

  /** Eigenvalues of the base operator Op (not inverted), ascending within the span block. */
  private baseEigenvalues(): Eigenvalue[] {
    const { cos: c, sin: s, oneMinusSin } = this.angle;
    const r = Math.sqrt(this.uu / this.ww); // ‖u‖/‖w‖: ‖y‖/‖g‖ for metrics, ‖g‖/‖y‖ for the dual family
    const a = this.alpha, n = this.dim;
    if (n === 1) return [{ value: this.uw / this.ww, multiplicity: 1 }];
    let lo: number, hi: number;
    if (this.optimal) {
      lo = a * oneMinusSin; hi = a * (1 + s);
    } else {
      const t = a + r / c;
      const disc = (a - r / c) ** 2 + 4 * a * r * s * s / c; // a sum of squares: no cancellation
      hi = (t + Math.sqrt(disc)) / 2;
      lo = a * r * c / hi; // det / μ₊
    }
    return mergeEigenvalues([{ value: lo, multiplicity: 1 }, { value: a, multiplicity: n - 2 }, { value: hi, multiplicity: 1 }]);
  }

  eigenvalues(): Eigenvalue[] {
    const base = this.baseEigenvalues();
    return this.inverted ? mergeEigenvalues(base.map((e) => ({ value: 1 / e.value, multiplicity: e.multiplicity }))) : base;
  }

  conditionNumber(): number {
    if (this.optimal && this.dim > 1) {
      const t = (1 + this.angle.sin) / this.angle.cos;
      return t * t; // κ_min exactly as kappaMinSinCos computes it
    }
    return conditionOf(this.eigenvalues());
  }

  isPositiveDefinite(): boolean {
    return true; // every member is SPD when yᵀg > 0 and α > 0 (reference §2.1)
  }

  dense(): Float64Array {
    const n = this.dim;
    checkDenseDim(this.kind, n);
    const m = new Float64Array(n * n);
    const { u, w, alpha: a, uu, ww, uw } = this;
    if (!this.inverted) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        m[i * n + j] = (i === j ? a : 0) - a * (w[i]! * w[j]!) / ww + (u[i]! * u[j]!) / uw;
      }
    } else {
      // Op⁻¹ = I/α − (u wᵀ + w uᵀ)/(α uᵀw) + w wᵀ (1/uᵀw + uᵀu/(α (uᵀw)²)), written symmetric
      const cuw = -1 / (a * uw), cww = 1 / uw + uu / (a * uw * uw);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        m[i * n + j] = (i === j ? 1 / a : 0) + cuw * (u[i]! * w[j]! + w[i]! * u[j]!) + cww * (w[i]! * w[j]!);
      }
    }
    return m;
  }

  inverse(): FamilyOperator {
    const role: OperatorRole = this.role === 'metric' ? 'inverse-metric' : 'metric';
    return new FamilyOperator(`${this.kind}⁻¹`, role, this.u, this.w, this.alpha, this.angle, !this.inverted, this.optimal,
      { uu: this.uu, ww: this.ww, uw: this.uw });
  }
}

function checkedPair(op: string, y: ArrayLike<number>, g: ArrayLike<number>): { y: Float64Array; g: Float64Array; stats: PairStats; angle: Angle } {
  const stats = pairStats(y, g, op);
  const angle = requireEffective(op, angleFromStats(stats, op));
  return { y: toF64(y), g: toF64(g), stats, angle };
}

// (u, w) = (y, g) for metrics and (g, y) for the dual family; gᵀy = yᵀg bitwise (products commute)
const metricDots = (s: PairStats) => ({ uu: s.yy, ww: s.gg, uw: s.yg });
const dualDots = (s: PairStats) => ({ uu: s.gg, ww: s.yy, uw: s.yg });

function checkAlpha(op: string, alpha: number): void {
  if (!(Number.isFinite(alpha) && alpha > 0)) throw new InvalidArgumentError(`${op}: α = ${alpha}; it must be finite and > 0 (α ≤ 0 is not positive definite)`);
}

/** M_opt = (yᵀy/yᵀg)(I + ŷŷᵀ − ĝĝᵀ): the metric with M g = y of minimum condition number κ_min(ψ). */
export function metricOpt(y: ArrayLike<number>, g: ArrayLike<number>): FamilyOperator {
  const p = checkedPair('metricOpt', y, g);
  return new FamilyOperator('opt', 'metric', p.y, p.g, p.stats.yy / p.stats.yg, p.angle, false, true, metricDots(p.stats));
}

/** M_α = y yᵀ/(yᵀg) + α (I − ĝĝᵀ), α > 0. */
export function metricAlpha(y: ArrayLike<number>, g: ArrayLike<number>, alpha: number): FamilyOperator {
  checkAlpha('metricAlpha', alpha);
  const p = checkedPair('metricAlpha', y, g);
  return new FamilyOperator('alpha', 'metric', p.y, p.g, alpha, p.angle, false, false, metricDots(p.stats));
}

/** BFGS update of the identity with s = g: I − ĝĝᵀ + y yᵀ/(yᵀg) = M_1. */
export function metricBfgs(y: ArrayLike<number>, g: ArrayLike<number>): FamilyOperator {
  const p = checkedPair('metricBfgs', y, g);
  return new FamilyOperator('bfgs', 'metric', p.y, p.g, 1, p.angle, false, false, metricDots(p.stats));
}

/** DFP update of the identity: (I − y gᵀ/yᵀg)(I − g yᵀ/yᵀg) + y yᵀ/yᵀg, whose inverse is g gᵀ/yᵀg + I − ŷŷᵀ. */
export function metricDfp(y: ArrayLike<number>, g: ArrayLike<number>): FamilyOperator {
  const p = checkedPair('metricDfp', y, g);
  return new FamilyOperator('dfp', 'metric', p.g, p.y, 1, p.angle, true, false, dualDots(p.stats));
}

/** The dual optimum P_opt = (gᵀg/yᵀg)(I + ĝĝᵀ − ŷŷᵀ), an inverse metric with P y = g and κ = κ_min (≠ M_opt⁻¹ for D ≥ 3). */
export function inverseMetricOpt(y: ArrayLike<number>, g: ArrayLike<number>): FamilyOperator {
  const p = checkedPair('inverseMetricOpt', y, g);
  return new FamilyOperator('p-opt', 'inverse-metric', p.g, p.y, p.stats.gg / p.stats.yg, p.angle, false, true, dualDots(p.stats));
}

/** The dual family P_β = g gᵀ/(gᵀy) + β (I − ŷŷᵀ), an inverse metric with P y = g. */
export function inverseMetricAlpha(y: ArrayLike<number>, g: ArrayLike<number>, beta: number): FamilyOperator {
  checkAlpha('inverseMetricAlpha', beta);
  const p = checkedPair('inverseMetricAlpha', y, g);
  return new FamilyOperator('p-alpha', 'inverse-metric', p.g, p.y, beta, p.angle, false, false, dualDots(p.stats));
}

/** The analytic spectrum of M_α for a given ψ, α and r = ‖y‖/‖g‖ (reference §2.3), with κ. */
export function spectrumFamily(psi: number, alpha: number, dim: number, r = 1): { eigenvalues: Eigenvalue[]; kappa: number } {
  if (!(psi >= 0 && psi < Math.PI / 2)) throw new InvalidArgumentError(`spectrumFamily: ψ = ${psi}; it must be in [0, π/2) radians`);
  checkAlpha('spectrumFamily', alpha);
  if (!(r > 0 && Number.isFinite(r))) throw new InvalidArgumentError(`spectrumFamily: r = ${r}; it must be finite and > 0`);
  if (!(Number.isInteger(dim) && dim >= 2)) throw new InvalidArgumentError(`spectrumFamily: dim = ${dim}; an integer ≥ 2 is required`);
  const c = Math.cos(psi), s = Math.sin(psi);
  const t = alpha + r / c;
  const hi = (t + Math.sqrt((alpha - r / c) ** 2 + 4 * alpha * r * s * s / c)) / 2;
  const lo = alpha * r * c / hi;
  const eigenvalues = mergeEigenvalues([{ value: lo, multiplicity: 1 }, { value: alpha, multiplicity: dim - 2 }, { value: hi, multiplicity: 1 }]);
  return { eigenvalues, kappa: hi / lo };
}
