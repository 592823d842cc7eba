/**
 * The angle ψ between the negative gradient y = −∇L and a rule's update g, and the quantities the metric theory
 * of arXiv 2409.16422 builds on it (reference §1, §2.4, §5.1): effectiveness (yᵀg > 0), κ_min(ψ) and α*.
 * Convention: M g = y. Everything is O(D): one fused pass for the dot products and one for the orthogonal
 * component of y, so sin ψ stays accurate near ψ = 0 (no √(1 − cos²ψ)) and 1 − sin ψ near ψ = π/2
 * (computed as cos²ψ / (1 + sin ψ)).
 */
import { InvalidArgumentError, ShapeError, NonFiniteError } from '../errors.ts';

/** Why no SPD metric M with M g = y exists at this point (reference §1: NGD needs yᵀg > 0). */
export type NoMetricReason = 'not-descent' | 'zero-update' | 'zero-gradient-moving';

/** Thrown when no metric exists: ψ ≥ 90° (the update is not a descent direction), or g = 0 while y ≠ 0. */
export class NoMetricError extends InvalidArgumentError {
  constructor(readonly op: string, readonly reason: NoMetricReason, readonly psi: number) {
    super(`${op}: ${explainNoMetric(reason, psi)}`);
  }
}

export function explainNoMetric(reason: NoMetricReason, psi: number): string {
  switch (reason) {
    case 'not-descent':
      return `no metric exists: the angle between the update g and −∇L is ψ = ${(psi * 180 / Math.PI).toPrecision(6)}° ≥ 90°, ` +
        'so the update is not a descent direction (an SPD M with M g = y needs yᵀg = gᵀMg > 0, i.e. ψ < 90°)';
    case 'zero-update':
      return 'no metric exists: the update g is 0 while the gradient is not (M g = 0 ≠ y for every M; a rule\'s fixed points must be critical points of the loss)';
    case 'zero-gradient-moving':
      return 'no metric exists: the gradient is 0 while the update g is not (an SPD M would need M g = 0 with g ≠ 0)';
  }
}

/** Dot products of one (y, g) pair; `perp2` = ‖y − (yᵀg/gᵀg) g‖², the squared orthogonal component of y. */
export interface PairStats {
  dim: number;
  yy: number;
  gg: number;
  yg: number;
  perp2: number;
}

/** Where (y, g) sits: 'effective' (ψ < 90°, a metric exists), 'equilibrium' (y = g = 0: any metric), or no metric. */
export type PairStatus = 'effective' | 'equilibrium' | NoMetricReason;

export interface Angle {
  /** ψ in radians, in [0, π]. */
  psi: number;
  psiDeg: number;
  cos: number;
  sin: number;
  /** 1 − sin ψ, accurate near ψ = π/2. */
  oneMinusSin: number;
  /** r = ‖y‖/‖g‖. */
  ratio: number;
  normY: number;
  normG: number;
  yg: number;
  /** 'effective' (ψ < 90°) or 'not-descent'; zero vectors throw instead (see angleFromStats). */
  status: PairStatus;
  effective: boolean;
}

/** Checks that y and g are finite Float64 vectors of the same positive length. */
export function checkPair(op: string, y: ArrayLike<number>, g: ArrayLike<number>): void {
  if (y.length !== g.length) {
    throw new ShapeError(`${op}: y has length ${y.length} but g has length ${g.length}; they must be equal (both are D-vectors)`);
  }
  if (y.length === 0) throw new ShapeError(`${op}: y and g are empty; D ≥ 1 is required`);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]!)) throw new NonFiniteError(`${op}: y[${i}] is ${y[i]}; only finite numbers are accepted`);
    if (!Number.isFinite(g[i]!)) throw new NonFiniteError(`${op}: g[${i}] is ${g[i]}; only finite numbers are accepted`);
  }
}

/** Pass 1: yᵀy, gᵀg, yᵀg (no checks; callers validate). */
export function dots3(y: Float64Array, g: Float64Array): { yy: number; gg: number; yg: number } {
  const n = y.length;
  let yy0 = 0, yy1 = 0, gg0 = 0, gg1 = 0, yg0 = 0, yg1 = 0;
  let i = 0;
  // two accumulators per sum: shorter dependency chains, slightly better rounding
  for (; i + 1 < n; i += 2) {
    const a = y[i]!, b = g[i]!, c = y[i + 1]!, d = g[i + 1]!;
    yy0 += a * a; gg0 += b * b; yg0 += a * b;
    yy1 += c * c; gg1 += d * d; yg1 += c * d;
  }
  if (i < n) { const a = y[i]!, b = g[i]!; yy0 += a * a; gg0 += b * b; yg0 += a * b; }
  return { yy: yy0 + yy1, gg: gg0 + gg1, yg: yg0 + yg1 };
}

/** Pass 2: ‖y − t g‖² (the rounding error of t only enters at second order, since it moves along g). */
export function perpNorm2(y: Float64Array, g: Float64Array, t: number): number {
  const n = y.length;
  let s0 = 0, s1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const a = y[i]! - t * g[i]!, b = y[i + 1]! - t * g[i + 1]!;
    s0 += a * a; s1 += b * b;
  }
  if (i < n) { const a = y[i]! - t * g[i]!; s0 += a * a; }
  return s0 + s1;
}

function toF64(x: ArrayLike<number>): Float64Array {
  return x instanceof Float64Array ? x : Float64Array.from(x);
}

/** The dot products of (y, g) after validating lengths and finiteness. */
export function pairStats(y: ArrayLike<number>, g: ArrayLike<number>, op = 'pairStats'): PairStats {
  checkPair(op, y, g);
  const yf = toF64(y), gf = toF64(g);
  const { yy, gg, yg } = dots3(yf, gf);
  const perp2 = gg > 0 ? perpNorm2(yf, gf, yg / gg) : yy;
  return { dim: yf.length, yy, gg, yg, perp2 };
}

/** The status of a pair from its stats: whether a metric exists, and why not. */
export function statusFromStats(s: PairStats): PairStatus {
  if (s.yy === 0 && s.gg === 0) return 'equilibrium';
  if (s.gg === 0) return 'zero-update';
  if (s.yy === 0) return 'zero-gradient-moving';
  return s.yg > 0 ? 'effective' : 'not-descent';
}

/**
 * The angle and its derived quantities from precomputed stats. ψ is undefined when y = 0 or g = 0: that is
 * reported as a NoMetricError (or InvalidArgumentError at an equilibrium), never as NaN; use `classifyPair` for a
 * non-throwing flag.
 */
export function angleFromStats(s: PairStats, op = 'angle'): Angle {
  const status = statusFromStats(s);
  if (status === 'equilibrium') {
    throw new InvalidArgumentError(`${op}: y = g = 0 (an equilibrium that is a critical point): ψ is undefined and every SPD metric satisfies M g = y`);
  }
  if (status === 'zero-update' || status === 'zero-gradient-moving') throw new NoMetricError(op, status, NaN);
  const normY = Math.sqrt(s.yy), normG = Math.sqrt(s.gg);
  // ‖y ∧ g‖ = ‖y⊥‖ ‖g‖; normalising by the hypotenuse keeps sin² + cos² = 1 to rounding
  const wedge = Math.sqrt(s.perp2) * normG;
  const h = Math.hypot(wedge, s.yg);
  const sin = wedge / h, cos = s.yg / h;
  const psi = Math.atan2(wedge, s.yg);
  const oneMinusSin = cos * cos / (1 + sin);
  return { psi, psiDeg: psi * 180 / Math.PI, cos, sin, oneMinusSin, ratio: normY / normG, normY, normG,
    yg: s.yg, status, effective: status === 'effective' };
}

export interface PairClass {
  status: PairStatus;
  effective: boolean;
  explanation: string;
}

/** Classifies (y, g) without throwing: effective, equilibrium (any metric), or why no metric exists. */
export function classifyPair(y: ArrayLike<number>, g: ArrayLike<number>): PairClass {
  const s = pairStats(y, g, 'classifyPair');
  const status = statusFromStats(s);
  let explanation: string;
  if (status === 'equilibrium') explanation = 'y = g = 0: an equilibrium that is a critical point; every SPD metric works';
  else if (status === 'effective') explanation = 'yᵀg > 0: the update decreases the loss, so a metric exists';
  else explanation = explainNoMetric(status, status === 'not-descent' ? angleFromStats(s).psi : NaN);
  return { status, effective: status === 'effective', explanation };
}

/** ψ between y = −∇L and the update g (radians and degrees), cos ψ, sin ψ, r = ‖y‖/‖g‖ and the status. */
export function angle(y: ArrayLike<number>, g: ArrayLike<number>): Angle {
  return angleFromStats(pairStats(y, g, 'angle'));
}

export interface Effectiveness extends PairClass {
  /** yᵀg / (‖y‖‖g‖); NaN when y = 0 or g = 0 (then `status` says which). */
  cos: number;
}

/**
 * Instantaneous effectiveness (reference §1): dL/dt = −yᵀg < 0, tested as cos ψ > tol (tol ≥ 0 guards against
 * updates that are orthogonal to rounding). y = g = 0 is an equilibrium, where every SPD metric works.
 */
export function isEffective(y: ArrayLike<number>, g: ArrayLike<number>, tol = 0): Effectiveness {
  if (!(tol >= 0 && tol < 1)) throw new InvalidArgumentError(`isEffective: tol is ${tol}; it must be in [0, 1)`);
  const c = classifyPair(y, g);
  if (c.status !== 'effective' && c.status !== 'not-descent') return { ...c, cos: NaN };
  const a = angle(y, g);
  if (c.status === 'effective' && !(a.cos > tol)) {
    return { status: c.status, effective: false, cos: a.cos, explanation: `cos ψ = ${a.cos} ≤ tol = ${tol}: the update is (numerically) orthogonal to −∇L` };
  }
  return { ...c, cos: a.cos, explanation: c.effective ? `ψ = ${a.psiDeg.toPrecision(6)}° < 90°: the update decreases the loss, so a metric exists` : c.explanation };
}

/** Throws NoMetricError unless the pair admits a metric (ψ < 90°, both nonzero). Returns the angle. */
export function requireEffective(op: string, a: Angle): Angle {
  if (a.status === 'effective') return a;
  throw new NoMetricError(op, 'not-descent', a.psi);
}

/** κ_min(ψ) = (1 + sin ψ)/(1 − sin ψ), the smallest condition number of any metric with M g = y (reference §2.4). */
export function kappaMin(psi: number): number {
  if (!Number.isFinite(psi) || psi < 0) throw new InvalidArgumentError(`kappaMin: ψ = ${psi}; it must be a finite angle in [0, π/2) radians`);
  if (psi >= Math.PI / 2) {
    throw new NoMetricError('kappaMin', 'not-descent', psi);
  }
  const s = Math.sin(psi), c = Math.cos(psi);
  return kappaMinSinCos(s, c);
}

/** κ_min from sin ψ and cos ψ: (1 + sin ψ)² / cos² ψ, which avoids the cancellation in 1 − sin ψ. */
export function kappaMinSinCos(sin: number, cos: number): number {
  const t = (1 + sin) / cos;
  return t * t;
}

/** κ_min for ψ = π/2 − ε, to O(ε⁴): 4/ε² − 2/3 (reference §2.5). */
export function kappaMinAsymptotic(eps: number): number {
  if (!(eps > 0)) throw new InvalidArgumentError(`kappaMinAsymptotic: ε = ${eps}; it must be > 0 (ψ = π/2 − ε)`);
  return 4 / (eps * eps) - 2 / 3;
}

/** α* = ‖y‖²/(yᵀg), the family parameter of the minimum-condition-number metric (reference §2.4). */
export function alphaOpt(y: ArrayLike<number>, g: ArrayLike<number>): number {
  const s = pairStats(y, g, 'alphaOpt');
  requireEffective('alphaOpt', angleFromStats(s, 'alphaOpt'));
  return s.yy / s.yg;
}
