/**
 * Stochastic rules (reference §2.10): θ' = θ + η g(θ, ξ). Only the averaged update ḡ = E_ξ g is natural gradient
 * descent: ḡ = −M⁻¹∇L when yᵀḡ > 0, and θ' = θ − η M⁻¹∇L + η ζ with zero-mean noise ζ = g − ḡ. This module
 * estimates ḡ from samples in one streaming pass (Welford; O(D) memory), states effectiveness with a confidence
 * interval on yᵀḡ, and counts the individual updates that are not descent directions.
 */
import { InvalidArgumentError, ShapeError, NonFiniteError } from '../errors.ts';
import { classifyPair, angle, type Angle } from './angle.ts';
import { metricOpt, type FamilyOperator } from './family.ts';
import { toF64 } from './vec.ts';

/**
 * 'per-example': the samples are the whole population (e.g. every example of a dataset), so ḡ is exact and the
 * interval has zero width. 'draws': i.i.d. draws, ḡ is an estimate and the interval is mean ± z·s/√n (normal
 * approximation for the mean of the scalars yᵀg_i).
 */
export type AveragingMode = 'per-example' | 'draws';

export interface AveragedUpdateOptions {
  mode?: AveragingMode;
  /** Two-sided confidence level of the interval on yᵀḡ (default 0.95). */
  confidence?: number;
}

export interface AveragedUpdate {
  mode: AveragingMode;
  n: number;
  /** ḡ, the sample mean of the updates. */
  mean: Float64Array;
  /** yᵀḡ and its standard error (0 for 'per-example'). */
  dot: number;
  dotStdErr: number;
  confidence: number;
  /** Interval on yᵀḡ at `confidence`. */
  interval: [number, number];
  /** 'yes' when the interval lies above 0, 'no' when below, 'undetermined' when it contains 0. */
  effective: 'yes' | 'no' | 'undetermined';
  /** Fraction of samples with yᵀg_i ≤ 0 (individually not descent directions). */
  nonDescentFraction: number;
  /** (1/(n−1)) Σ ‖g_i − ḡ‖², the trace of the update covariance (0 when n = 1). */
  noiseTrace: number;
  /** ψ between y and ḡ, when both are nonzero. */
  angle?: Angle;
  /** M_opt(y, ḡ), when yᵀḡ > 0. */
  metric?: FamilyOperator;
  explanation: string;
}

/** Φ⁻¹(p) by Acklam's rational approximation (relative error < 1.2e-9), enough for a confidence interval. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new InvalidArgumentError(`normalQuantile: p = ${p}; it must be in (0, 1)`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.383577518672690e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo || p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(p < lo ? p : 1 - p));
    const x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
    return p < lo ? x : -x;
  }
  const q = p - 0.5, r = q * q;
  return (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * The averaged update ḡ of n samples g_i = sample(i) at one θ, with y = −∇L(θ): a streaming pass that keeps
 * only ḡ and scalars. `sample` may return a reused buffer (it is read before the next call).
 */
export function averagedUpdate(y: ArrayLike<number>, n: number, sample: (i: number) => ArrayLike<number>, opts: AveragedUpdateOptions = {}): AveragedUpdate {
  const op = 'averagedUpdate';
  const mode = opts.mode ?? 'draws';
  if (mode !== 'per-example' && mode !== 'draws') throw new InvalidArgumentError(`${op}: mode '${String(mode)}' is unknown; accepted: per-example, draws`);
  const conf = opts.confidence ?? 0.95;
  if (!(conf > 0 && conf < 1)) throw new InvalidArgumentError(`${op}: confidence = ${conf}; it must be in (0, 1)`);
  if (!(Number.isInteger(n) && n >= 1)) throw new InvalidArgumentError(`${op}: n = ${n}; an integer ≥ 1 is required`);
  if (mode === 'draws' && n < 2) throw new InvalidArgumentError(`${op}: 'draws' needs n ≥ 2 samples to estimate the spread`);
  const yf = toF64(y), D = yf.length;
  const mean = new Float64Array(D);
  let m2 = 0, dotMean = 0, dotM2 = 0, nonDescent = 0;
  for (let k = 0; k < n; k++) {
    const gi = sample(k);
    if (gi.length !== D) throw new ShapeError(`${op}: sample ${k} has length ${gi.length}; y has length ${D}`);
    let di = 0, step = 0;
    for (let j = 0; j < D; j++) {
      const v = gi[j]!;
      if (!Number.isFinite(v)) throw new NonFiniteError(`${op}: sample ${k}[${j}] is ${v}; only finite numbers are accepted`);
      di += yf[j]! * v;
      // Welford on vectors: m2 += (g − mean_old)·(g − mean_new)
      const delta = v - mean[j]!;
      mean[j] = mean[j]! + delta / (k + 1);
      step += delta * (v - mean[j]!);
    }
    m2 += step;
    if (!(di > 0)) nonDescent++;
    const dd = di - dotMean;
    dotMean += dd / (k + 1);
    dotM2 += dd * (di - dotMean);
  }
  let dot = 0;
  for (let j = 0; j < D; j++) dot += yf[j]! * mean[j]!;
  const stdErr = mode === 'draws' ? Math.sqrt(dotM2 / (n - 1) / n) : 0;
  const z = normalQuantile(0.5 + conf / 2);
  const interval: [number, number] = [dot - z * stdErr, dot + z * stdErr];
  const effective = interval[0] > 0 ? 'yes' : interval[1] <= 0 ? 'no' : 'undetermined';
  const res: AveragedUpdate = { mode, n, mean, dot, dotStdErr: stdErr, confidence: conf, interval, effective, nonDescentFraction: nonDescent / n,
    noiseTrace: n > 1 ? m2 / (n - 1) : 0, explanation: '' };
  const c = classifyPair(yf, mean);
  if (c.status === 'effective' || c.status === 'not-descent') res.angle = angle(yf, mean);
  if (c.status === 'effective') res.metric = metricOpt(yf, mean);
  const pct = (100 * conf).toPrecision(3);
  res.explanation = effective === 'yes'
    ? `the averaged update is a descent direction: yᵀḡ ∈ [${interval[0].toPrecision(4)}, ${interval[1].toPrecision(4)}] (${pct}%), so the rule is stochastic NGD here`
    : effective === 'no'
      ? `the averaged update is not a descent direction: yᵀḡ ∈ [${interval[0].toPrecision(4)}, ${interval[1].toPrecision(4)}] (${pct}%)`
      : `undetermined: the ${pct}% interval [${interval[0].toPrecision(4)}, ${interval[1].toPrecision(4)}] on yᵀḡ contains 0; draw more samples`;
  return res;
}
