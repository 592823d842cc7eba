/**
 * Discrete time (reference §2.9): a finite step θ → θ' that lowers the loss is exactly natural gradient descent
 * θ' = θ − M_k⁻¹ ∇̄L(θ, θ') for a discrete gradient ∇̄L, i.e. any map with the mean-value property
 * L(θ') − L(θ) = ∇̄L·(θ' − θ) and ∇̄L(θ, θ) = ∇L(θ). Offered: averaged vector field (AVF, Gauss–Legendre
 * quadrature of ∫₀¹ ∇L((1−s)θ + sθ') ds; McLachlan–Quispel–Robidoux 1999), Gonzalez 1996 midpoint, Itoh–Abe 1988
 * coordinate increments (loss values only), and the projected base-point variant. Then the metric of the step
 * with (y_k, g_k) = (−∇̄L, Δ/η), and the small-learning-rate limit η M_k → M_cont.
 */
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import { eigh } from '../linalg/index.ts';
import { classifyPair, angle, type Angle, type PairStatus } from './angle.ts';
import { metricOpt, type FamilyOperator } from './family.ts';
import { gaussLegendre } from './gauss-legendre.ts';
import { toF64 } from './vec.ts';

export type LossFn = (theta: Float64Array) => number;
export type GradFn = (theta: Float64Array) => Float64Array;

export type DiscreteGradientKind = 'avf' | 'gonzalez' | 'itoh-abe' | 'projected';
export const DISCRETE_GRADIENT_KINDS: readonly DiscreteGradientKind[] = ['avf', 'gonzalez', 'itoh-abe', 'projected'];

export interface DiscreteGradientOptions {
  /** Gauss–Legendre points for 'avf' (default 20; exact for polynomial losses of degree ≤ 2·order). */
  order?: number;
  /** Step of the central difference used by 'itoh-abe' for a coordinate that does not move when no grad is given. */
  fdStep?: number;
}

export interface DiscreteGradient {
  kind: DiscreteGradientKind;
  /** ∇̄L(x, x'). */
  grad: Float64Array;
  /** L(x), L(x'). */
  loss0: number;
  loss1: number;
  /** ∇̄L·(x' − x) − (L(x') − L(x)): 0 for an exact discrete gradient (AVF: the quadrature error). */
  residual: number;
  /** |residual| / max(|L(x)|, |L(x')|, |∇̄L·d|): the relative size of the mean-value defect. */
  relativeResidual: number;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function checkGrad(op: string, g: ArrayLike<number>, n: number): Float64Array {
  if (g.length !== n) throw new ShapeError(`${op}: grad returned ${g.length} entries for a ${n}-vector θ; it must return ∇L of the same length`);
  return toF64(g);
}

/** base + (d/‖d‖²)(ΔL − base·d): the correction that makes any vector satisfy the mean-value property exactly. */
function meanValueCorrect(base: Float64Array, d: Float64Array, dL: number): Float64Array {
  const dd = dot(d, d);
  if (dd === 0) return base;
  const k = (dL - dot(base, d)) / dd;
  const out = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) out[i] = base[i]! + k * d[i]!;
  return out;
}

/** The discrete gradient ∇̄L(x, x') of the given kind, with its mean-value residual. `grad` is optional only for 'itoh-abe'. */
export function discreteGradient(kind: DiscreteGradientKind, loss: LossFn, grad: GradFn | undefined, x: ArrayLike<number>, xNext: ArrayLike<number>,
  opts: DiscreteGradientOptions = {}): DiscreteGradient {
  const op = `discreteGradient(${kind})`;
  if (x.length !== xNext.length) throw new ShapeError(`${op}: x has length ${x.length} but x' has ${xNext.length}; they must be equal`);
  if (!DISCRETE_GRADIENT_KINDS.includes(kind)) throw new InvalidArgumentError(`discreteGradient: kind '${kind}' is unknown; accepted: ${DISCRETE_GRADIENT_KINDS.join(', ')}`);
  if (kind !== 'itoh-abe' && !grad) throw new InvalidArgumentError(`${op}: needs grad(θ); only 'itoh-abe' works from loss values alone`);
  const x0 = Float64Array.from(x), x1 = Float64Array.from(xNext), n = x0.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = x1[i]! - x0[i]!;
  const loss0 = loss(x0.slice()), loss1 = loss(x1.slice());
  const dL = loss1 - loss0;
  let out: Float64Array;
  switch (kind) {
    case 'avf': {
      const q = gaussLegendre(opts.order ?? 20);
      out = new Float64Array(n);
      const p = new Float64Array(n);
      for (let k = 0; k < q.nodes.length; k++) {
        const s = q.nodes[k]!, w = q.weights[k]!;
        for (let i = 0; i < n; i++) p[i] = x0[i]! + s * d[i]!;
        const gk = checkGrad(op, grad!(p.slice()), n);
        for (let i = 0; i < n; i++) out[i] = out[i]! + w * gk[i]!;
      }
      break;
    }
    case 'gonzalez': {
      const m = new Float64Array(n);
      for (let i = 0; i < n; i++) m[i] = (x0[i]! + x1[i]!) / 2;
      out = meanValueCorrect(checkGrad(op, grad!(m), n), d, dL);
      break;
    }
    case 'projected':
      out = meanValueCorrect(checkGrad(op, grad!(x0.slice()), n), d, dL);
      break;
    case 'itoh-abe': {
      out = new Float64Array(n);
      const z = x0.slice();
      let prev = loss0;
      for (let i = 0; i < n; i++) {
        if (d[i] !== 0) {
          z[i] = x1[i]!;
          const cur = i === n - 1 ? loss1 : loss(z.slice());
          out[i] = (cur - prev) / d[i]!;
          prev = cur;
        } else if (grad) {
          out[i] = checkGrad(op, grad(z.slice()), n)[i]!; // ∂_i L at the intermediate point (contributes 0 to the mean value)
        } else {
          const h = opts.fdStep ?? 1e-6 * Math.max(1, Math.abs(z[i]!));
          const zp = z.slice(), zm = z.slice();
          zp[i] = z[i]! + h; zm[i] = z[i]! - h;
          out[i] = (loss(zp) - loss(zm)) / (2 * h);
        }
      }
      break;
    }
  }
  const gd = dot(out, d);
  const residual = gd - dL;
  const scale = Math.max(Math.abs(loss0), Math.abs(loss1), Math.abs(gd));
  return { kind, grad: out, loss0, loss1, residual, relativeResidual: scale > 0 ? Math.abs(residual) / scale : 0 };
}

export interface StepAnalysis {
  /** y_k = −∇̄L(θ_k, θ_{k+1}). */
  y: Float64Array;
  /** g_k = Δ_k/η (η = 1 unless given). */
  g: Float64Array;
  lossBefore: number;
  lossAfter: number;
  /** L(θ_{k+1}) < L(θ_k). */
  decreased: boolean;
  status: PairStatus;
  /** The angle between y_k and g_k (absent when either is 0). */
  angle?: Angle;
  /** M_k with M_k g_k = y_k (the optimal one), present when the step lowered the loss. */
  metric?: FamilyOperator;
  discrete: DiscreteGradient;
  explanation: string;
}

/**
 * The metric of a finite step θ → θ' (reference §2.9): with y = −∇̄L and g = (θ' − θ)/η, yᵀg = (L(θ) − L(θ'))/η,
 * so a metric exists exactly when the step lowered the loss; M_opt(y, g) is returned then.
 */
export function stepMetric(loss: LossFn, grad: GradFn | undefined, theta: ArrayLike<number>, thetaNext: ArrayLike<number>,
  opts: DiscreteGradientOptions & { kind?: DiscreteGradientKind; eta?: number } = {}): StepAnalysis {
  const eta = opts.eta ?? 1;
  if (!(eta > 0 && Number.isFinite(eta))) throw new InvalidArgumentError(`stepMetric: η = ${eta}; it must be finite and > 0`);
  const dg = discreteGradient(opts.kind ?? 'gonzalez', loss, grad, theta, thetaNext, opts);
  const n = dg.grad.length;
  const y = new Float64Array(n), g = new Float64Array(n);
  for (let i = 0; i < n; i++) { y[i] = -dg.grad[i]!; g[i] = (thetaNext[i]! - theta[i]!) / eta; }
  const c = classifyPair(y, g);
  const res: StepAnalysis = { y, g, lossBefore: dg.loss0, lossAfter: dg.loss1, decreased: dg.loss1 < dg.loss0, status: c.status, discrete: dg,
    explanation: c.status === 'not-descent' ? 'the step did not lower the loss, so no metric represents it (yᵀg = (L(θ) − L(θ\'))/η ≤ 0)' : c.explanation };
  if (c.status === 'effective' || c.status === 'not-descent') res.angle = angle(y, g);
  if (c.status === 'effective') res.metric = metricOpt(y, g);
  return res;
}

export interface SmallLrRow {
  eta: number;
  /** ‖∇̄L(θ, θ + ηg) − ∇L(θ)‖ / ‖∇L(θ)‖: O(η). */
  gradError: number;
  /** ‖η M_k − M_cont‖₂ / ‖M_cont‖₂ for the optimal metrics: O(η). */
  metricError: number;
  /** ψ of the finite step minus the continuous ψ. */
  psiError: number;
}

/**
 * The small-learning-rate limit (reference §2.9): for θ' = θ + ηg, ∇̄L → ∇L and η M_k → M_cont(y, g) as η → 0.
 * Both are optimal metrics, α(I + ŷŷᵀ − ĝĝᵀ): they differ by a multiple of I − ĝĝᵀ plus rank 2, so the spectral
 * norm of the difference is exact from the 3×3 block on span{g, y, y_k} and the scalar on its complement.
 */
export function smallLrLimit(loss: LossFn, grad: GradFn, theta: ArrayLike<number>, g: ArrayLike<number>, etas: number[],
  opts: DiscreteGradientOptions & { kind?: DiscreteGradientKind } = {}): SmallLrRow[] {
  const th = toF64(theta), gf = toF64(g), n = th.length;
  const grad0 = grad(th.slice());
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = -grad0[i]!;
  const Mc = metricOpt(y, gf);
  const a0 = angle(y, gf);
  return etas.map((eta) => {
    if (!(eta > 0)) throw new InvalidArgumentError(`smallLrLimit: η = ${eta}; every η must be > 0`);
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) next[i] = th[i]! + eta * gf[i]!;
    const st = stepMetric(loss, grad, th, next, { ...opts, eta });
    let ge = 0, gn = 0;
    for (let i = 0; i < n; i++) { ge += (st.y[i]! - y[i]!) ** 2; gn += y[i]! ** 2; }
    let metricError = NaN;
    if (st.metric) {
      // η M_k is M_opt(y_k, Δ/η) = M_opt(y_k, g) since the metric scales as 1/η
      const Mk = metricOpt(st.y, st.g);
      metricError = diffNorm(Mk, Mc, [gf, y, st.y], Mk.alpha - Mc.alpha) / Mc.eigenvalues().at(-1)!.value;
    }
    return { eta, gradError: Math.sqrt(ge / gn), metricError, psiError: st.angle ? st.angle.psi - a0.psi : NaN };
  });
}

/** ‖A − B‖₂ for two operators that differ by `offDiff`·I off span(vectors): the 3×3 (or smaller) block plus that scalar. */
function diffNorm(A: FamilyOperator, B: FamilyOperator, vectors: Float64Array[], offDiff: number): number {
  const basis: Float64Array[] = [];
  for (const v0 of vectors) {
    const v = v0.slice();
    for (let pass = 0; pass < 2; pass++) for (const b of basis) { const k = dot(v, b); for (let i = 0; i < v.length; i++) v[i] = v[i]! - k * b[i]!; }
    const nv = Math.sqrt(dot(v, v)), n0 = Math.sqrt(dot(v0, v0));
    if (nv > 1e-10 * n0) { for (let i = 0; i < v.length; i++) v[i] = v[i]! / nv; basis.push(v); }
  }
  const k = basis.length, blk = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const a = A.apply(basis[j]!), b = B.apply(basis[j]!);
    for (let i = 0; i < k; i++) blk[i * k + j] = dot(basis[i]!, a) - dot(basis[i]!, b);
  }
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) { const s = (blk[i * k + j]! + blk[j * k + i]!) / 2; blk[i * k + j] = s; blk[j * k + i] = s; }
  const ev = eigh({ rows: k, cols: k, data: blk }).values;
  const onSpan = Math.max(Math.abs(ev[0]!), Math.abs(ev[k - 1]!));
  return basis.length < A.dim ? Math.max(onSpan, Math.abs(offDiff)) : onSpan;
}
