/**
 * The metric of a recorded trajectory, step by step (reference §5.2–§5.3): for each update k, the pair
 * (y_k, g_k) — continuous view y = −∇L(θ_k), g = δ_k/η; or discrete view y = −∇̄L(θ_k, θ_{k+1}) with a discrete
 * gradient, g = δ_k/η — and ψ_k, κ_min, the spectrum of the chosen metric, effectiveness and residuals. O(D) per
 * step; steps where no metric exists are flagged (status), never NaN-filled silently.
 */
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import { angle, classifyPair, kappaMinSinCos, type PairStatus } from './angle.ts';
import { discreteGradient, type DiscreteGradientKind, type GradFn, type LossFn } from './discrete.ts';
import { metricAlpha, metricBfgs, metricDfp, metricOpt } from './family.ts';
import type { MetricOperator } from './operator.ts';

export type TrajectoryMetricKind = 'opt' | 'alpha' | 'bfgs' | 'dfp';
export const TRAJECTORY_METRIC_KINDS: readonly TrajectoryMetricKind[] = ['opt', 'alpha', 'bfgs', 'dfp'];

export interface TrajectoryInput {
  dim: number;
  /** Number of updates. */
  steps: number;
  /** Rows θ_0…θ_steps (needed for the discrete view and ellipses). */
  theta?: Float64Array;
  /** Rows ∇L(θ_0)…∇L(θ_steps) (needed for the continuous view). */
  grad?: Float64Array;
  /** Rows δ_0…δ_{steps−1} (else θ_{k+1} − θ_k). */
  update?: Float64Array;
  /** The learning rate η per step or constant (g = δ/η; default 1). */
  lr?: number | Float64Array;
}

export interface TrajectoryOptions {
  kind?: TrajectoryMetricKind;
  /** α for kind 'alpha'. */
  alpha?: number;
  /** The discrete view: needs the loss (and grad, except for 'itoh-abe') and recorded θ. */
  discrete?: { kind: DiscreteGradientKind; loss: LossFn; grad?: GradFn; order?: number };
}

export interface TrajectoryGeometry {
  kind: TrajectoryMetricKind;
  view: 'continuous' | DiscreteGradientKind;
  steps: number;
  /** Per step (NaN where the pair has no angle: g = 0 or y = 0). */
  psiDeg: Float64Array;
  /** κ_min(ψ_k) (NaN where no metric exists). */
  kappaMin: Float64Array;
  /** κ of the chosen metric, and its smallest and largest eigenvalues (NaN where no metric exists). */
  kappa: Float64Array;
  eigMin: Float64Array;
  eigMax: Float64Array;
  /** ‖M g − y‖/‖y‖ of the chosen metric. */
  residual: Float64Array;
  /** Discrete view: |∇̄L·Δ − ΔL| / scale of the discrete gradient (0 in the continuous view). */
  meanValueResidual: Float64Array;
  status: PairStatus[];
  /** The 2×2 metric per step when dim = 2 (row-major, NaN where none), for drawing ellipses. */
  metric2?: Float64Array;
  summary: { effective: number; notDescent: number; other: number; psiMin: number; psiMax: number; kappaMinMax: number; maxResidual: number };
}

function build(kind: TrajectoryMetricKind, y: Float64Array, g: Float64Array, alpha?: number): MetricOperator {
  switch (kind) {
    case 'opt': return metricOpt(y, g);
    case 'alpha': return metricAlpha(y, g, alpha!);
    case 'bfgs': return metricBfgs(y, g);
    case 'dfp': return metricDfp(y, g);
  }
}

/** Per-step geometry of a trajectory in the continuous or a discrete view. */
export function analyzeTrajectory(t: TrajectoryInput, opts: TrajectoryOptions = {}): TrajectoryGeometry {
  const op = 'analyzeTrajectory';
  const kind = opts.kind ?? 'opt';
  if (!TRAJECTORY_METRIC_KINDS.includes(kind)) throw new InvalidArgumentError(`${op}: kind '${kind}' is unknown; accepted: ${TRAJECTORY_METRIC_KINDS.join(', ')}`);
  if (kind === 'alpha' && !(opts.alpha !== undefined && opts.alpha > 0)) throw new InvalidArgumentError(`${op}: kind 'alpha' needs alpha > 0`);
  const { dim: D, steps: n } = t;
  const need = (name: string, a: Float64Array | undefined, rows: number): Float64Array => {
    if (!a) throw new InvalidArgumentError(`${op}: the ${opts.discrete ? `discrete (${opts.discrete.kind})` : 'continuous'} view needs '${name}' recorded`);
    if (a.length < rows * D) throw new ShapeError(`${op}: '${name}' has ${a.length / D} rows; ${rows} expected`);
    return a;
  };
  const grad = opts.discrete ? undefined : need('grad', t.grad, n);
  const theta = opts.discrete || !t.update ? need('theta', t.theta, n + 1) : t.theta;
  const lrAt = (k: number) => (t.lr === undefined ? 1 : typeof t.lr === 'number' ? t.lr : t.lr[k]!);
  const cols = () => new Float64Array(n).fill(NaN);
  const out: TrajectoryGeometry = {
    kind, view: opts.discrete ? opts.discrete.kind : 'continuous', steps: n, psiDeg: cols(), kappaMin: cols(), kappa: cols(), eigMin: cols(), eigMax: cols(),
    residual: cols(), meanValueResidual: new Float64Array(n), status: [],
    summary: { effective: 0, notDescent: 0, other: 0, psiMin: Infinity, psiMax: -Infinity, kappaMinMax: 0, maxResidual: 0 },
  };
  if (D === 2) out.metric2 = new Float64Array(4 * n).fill(NaN);
  const y = new Float64Array(D), g = new Float64Array(D);
  for (let k = 0; k < n; k++) {
    const eta = lrAt(k);
    if (!(eta > 0)) throw new InvalidArgumentError(`${op}: learning rate at step ${k} is ${eta}; g = δ/η needs η > 0`);
    for (let i = 0; i < D; i++) g[i] = (t.update ? t.update[k * D + i]! : theta![(k + 1) * D + i]! - theta![k * D + i]!) / eta;
    if (opts.discrete) {
      const x0 = theta!.subarray(k * D, (k + 1) * D), x1 = theta!.subarray((k + 1) * D, (k + 2) * D);
      const dg = discreteGradient(opts.discrete.kind, opts.discrete.loss, opts.discrete.grad, x0, x1, opts.discrete.order ? { order: opts.discrete.order } : {});
      for (let i = 0; i < D; i++) y[i] = -dg.grad[i]!;
      out.meanValueResidual[k] = dg.relativeResidual;
    } else {
      for (let i = 0; i < D; i++) y[i] = -grad![k * D + i]!;
    }
    const c = classifyPair(y, g);
    out.status.push(c.status);
    if (c.status === 'effective' || c.status === 'not-descent') {
      const a = angle(y, g);
      out.psiDeg[k] = a.psiDeg;
      out.summary.psiMin = Math.min(out.summary.psiMin, a.psiDeg); out.summary.psiMax = Math.max(out.summary.psiMax, a.psiDeg);
      if (a.effective) {
        out.kappaMin[k] = kappaMinSinCos(a.sin, a.cos);
        const M = build(kind, y, g, opts.alpha);
        const ev = M.eigenvalues();
        out.eigMin[k] = ev[0]!.value; out.eigMax[k] = ev[ev.length - 1]!.value; out.kappa[k] = M.conditionNumber();
        const Mg = M.apply(g);
        let r = 0, yn = 0;
        for (let i = 0; i < D; i++) { r += (Mg[i]! - y[i]!) ** 2; yn += y[i]! ** 2; }
        out.residual[k] = Math.sqrt(r / yn);
        out.summary.kappaMinMax = Math.max(out.summary.kappaMinMax, out.kappaMin[k]!);
        out.summary.maxResidual = Math.max(out.summary.maxResidual, out.residual[k]!);
        if (out.metric2) out.metric2.set(M.dense(), 4 * k);
      }
    }
    if (c.status === 'effective') out.summary.effective++;
    else if (c.status === 'not-descent') out.summary.notDescent++;
    else out.summary.other++;
  }
  return out;
}
