/**
 * Quasi-Newton secant metrics (reference §2.6): M g = y is the secant equation B s = y with step s = g, so every
 * secant update of the identity is a candidate metric. BFGS and DFP are always SPD when yᵀg > 0 (they live in
 * family.ts); PSB (Powell's symmetric Broyden, Frobenius-nearest symmetric) and SR1 satisfy M g = y but need
 * not be positive definite, so they carry a `warning` when they are not. All are I + [y g] C [y g]ᵀ, O(D).
 */
import { InvalidArgumentError, SingularMatrixError } from '../errors.ts';
import { angleFromStats, pairStats, requireEffective, type Angle } from './angle.ts';
import { metricBfgs, metricDfp } from './family.ts';
import { InvertedOperator, checkDenseDim, checkVector, conditionOf, eigSym2, mergeEigenvalues, type Eigenvalue, type MetricOperator, type OperatorRole } from './operator.ts';
import { combine3, dots2, toF64 } from './vec.ts';

/** a I + [y g] C [y g]ᵀ with C = [[cyy, cyg], [cyg, cgg]] symmetric. */
export class RankTwoOperator implements MetricOperator {
  readonly dim: number;
  readonly warning?: string;
  private readonly eigs: Eigenvalue[];

  constructor(
    readonly kind: string,
    readonly role: OperatorRole,
    private readonly y: Float64Array,
    private readonly g: Float64Array,
    private readonly a: number,
    private readonly cyy: number,
    private readonly cyg: number,
    private readonly cgg: number,
    readonly angle: Angle,
  ) {
    this.dim = y.length;
    this.eigs = this.computeEigenvalues();
    const min = this.eigs[0]!.value;
    if (!(min > 0)) {
      this.warning = `${kind} is not positive definite here (smallest eigenvalue ${min.toPrecision(6)}): it solves M g = y but is not a metric`;
    }
  }

  apply(v: ArrayLike<number>, out?: Float64Array): Float64Array {
    const o = checkVector(`${this.kind}.apply`, v, this.dim, out);
    const [yv, gv] = dots2(this.y, this.g, v);
    return combine3(o, this.a, v, this.cyg * yv + this.cgg * gv, this.g, this.cyy * yv + this.cyg * gv, this.y);
  }

  /** Woodbury: x = (v − U z)/a with (a I₂ + C UᵀU) z = C Uᵀ v. */
  solve(v: ArrayLike<number>, out?: Float64Array): Float64Array {
    const o = checkVector(`${this.kind}.solve`, v, this.dim, out);
    const [yv, gv] = dots2(this.y, this.g, v);
    const { yy, yg, gg } = this.gram();
    const { a, cyy, cyg, cgg } = this;
    // K = a I + C G, rhs = C [yv, gv]
    const k00 = a + cyy * yy + cyg * yg, k01 = cyy * yg + cyg * gg;
    const k10 = cyg * yy + cgg * yg, k11 = a + cyg * yg + cgg * gg;
    const r0 = cyy * yv + cyg * gv, r1 = cyg * yv + cgg * gv;
    const det = k00 * k11 - k01 * k10;
    if (det === 0 || a === 0) throw new SingularMatrixError(`${this.kind}.solve: the operator is singular (an eigenvalue is 0), so Op⁻¹v does not exist`);
    const z0 = (k11 * r0 - k01 * r1) / det, z1 = (k00 * r1 - k10 * r0) / det;
    return combine3(o, 1 / a, v, -z0 / a, this.y, -z1 / a, this.g);
  }

  private gram(): { yy: number; yg: number; gg: number } {
    const n = this.angle.normY, m = this.angle.normG;
    return { yy: n * n, yg: this.angle.yg, gg: m * m };
  }

  /** In the orthonormal basis (ĝ, ê) of span{g, y}: y = ‖y‖(c ĝ + s ê), g = ‖g‖ ĝ, so the block is a I + R C Rᵀ. */
  private computeEigenvalues(): Eigenvalue[] {
    const { normY, normG, cos: c, sin: s } = this.angle;
    const r00 = normY * c, r01 = normG, r10 = normY * s; // R = [[r00, r01], [r10, 0]], columns y and g
    const { cyy, cyg, cgg, a } = this;
    // (R C Rᵀ)_ij = Σ R_ik C_kl R_jl
    const t00 = r00 * (cyy * r00 + cyg * r01) + r01 * (cyg * r00 + cgg * r01);
    const t01 = r10 * (cyy * r00 + cyg * r01);
    const t11 = r10 * cyy * r10;
    if (this.dim === 1) return [{ value: a + t00, multiplicity: 1 }];
    const [lo, hi] = eigSym2(a + t00, t01, a + t11);
    return mergeEigenvalues([{ value: lo, multiplicity: 1 }, { value: a, multiplicity: this.dim - 2 }, { value: hi, multiplicity: 1 }]);
  }

  eigenvalues(): Eigenvalue[] { return this.eigs.map((e) => ({ ...e })); }
  conditionNumber(): number { return conditionOf(this.eigs); }
  isPositiveDefinite(): boolean { return this.eigs[0]!.value > 0; }

  dense(): Float64Array {
    const n = this.dim;
    checkDenseDim(this.kind, n);
    const { y, g, a, cyy, cyg, cgg } = this;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      m[i * n + j] = (i === j ? a : 0) + cyy * (y[i]! * y[j]!) + cyg * (y[i]! * g[j]! + g[i]! * y[j]!) + cgg * (g[i]! * g[j]!);
    }
    return m;
  }

  inverse(): MetricOperator {
    return new InvertedOperator(this);
  }
}

export type SecantKind = 'bfgs' | 'dfp' | 'psb' | 'sr1';
export const SECANT_KINDS: readonly SecantKind[] = ['bfgs', 'dfp', 'psb', 'sr1'];

function pair(op: string, y: ArrayLike<number>, g: ArrayLike<number>) {
  const stats = pairStats(y, g, op);
  return { y: toF64(y), g: toF64(g), stats, angle: requireEffective(op, angleFromStats(stats, op)) };
}

/** PSB: I + [(y−g)gᵀ + g(y−g)ᵀ]/gᵀg − ((y−g)ᵀg) g gᵀ/(gᵀg)²; may be indefinite (see `warning`). */
export function metricPsb(y: ArrayLike<number>, g: ArrayLike<number>): RankTwoOperator {
  const p = pair('metricPsb', y, g);
  const { gg, yg } = p.stats;
  return new RankTwoOperator('psb', 'metric', p.y, p.g, 1, 0, 1 / gg, -1 / gg - yg / (gg * gg), p.angle);
}

/** SR1: I + (y−g)(y−g)ᵀ/((y−g)ᵀg); undefined when (y−g)ᵀg = 0 with y ≠ g, indefinite when (y−g)ᵀg < 0 can push an eigenvalue ≤ 0. */
export function metricSr1(y: ArrayLike<number>, g: ArrayLike<number>): RankTwoOperator {
  const p = pair('metricSr1', y, g);
  const { gg, yg, yy } = p.stats;
  const delta = yg - gg;
  const diff2 = yy - 2 * yg + gg;
  let same = true;
  for (let i = 0; i < p.y.length && same; i++) same = p.y[i] === p.g[i];
  if (same) return new RankTwoOperator('sr1', 'metric', p.y, p.g, 1, 0, 0, 0, p.angle);
  if (delta === 0 || Math.abs(delta) <= 1e-14 * Math.max(gg, diff2)) {
    throw new InvalidArgumentError(`metricSr1: (y − g)ᵀg = ${delta} is zero to rounding while y ≠ g, so the SR1 update is undefined; use kind 'bfgs', 'dfp' or 'opt'`);
  }
  return new RankTwoOperator('sr1', 'metric', p.y, p.g, 1, 1 / delta, -1 / delta, 1 / delta, p.angle);
}

/** The secant metric of the given kind (BFGS, DFP: always SPD; PSB, SR1: check `warning`). */
export function metricSecant(y: ArrayLike<number>, g: ArrayLike<number>, kind: SecantKind): MetricOperator {
  switch (kind) {
    case 'bfgs': return metricBfgs(y, g);
    case 'dfp': return metricDfp(y, g);
    case 'psb': return metricPsb(y, g);
    case 'sr1': return metricSr1(y, g);
    default: throw new InvalidArgumentError(`metricSecant: kind '${String(kind)}' is unknown; accepted: ${SECANT_KINDS.join(', ')}`);
  }
}
