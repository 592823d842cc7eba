/**
 * ngd-invariance: natural gradient is invariant under (affine) reparametrisation, gradient descent is not
 * (Amari 1998; Martens 2020 §12). Logistic regression on seeded teacher data; the inputs are transformed x′ = Aᵀx
 * (A = rotation · diag(scales), so the model x′·θ′ = x·(Aθ′) is the same family with θ = Aθ′). Both rules run on the
 * original and on the transformed problem from corresponding starting points; the transformed iterates are
 * mapped back (θ = Aθ′) and compared step by step. NGD (undamped, exact Fisher, any lr) agrees to rounding;
 * the empirical-Fisher preconditioner is covariant too; GD (lr 1/L of each problem) follows a different path.
 */
import type { Problem } from '../problems/types.ts';
import { createProblem } from '../problems/index.ts';
import { bernoulli } from '../problems/predictive.ts';
import { linearPredictive, problemFromPredictive } from '../problems/predictive-models.ts';
import { randomOrthogonal } from '../problems/dense.ts';
import { createRng } from '../random/index.ts';
import { createRule } from '../rules/index.ts';
import { run } from '../dynamics/runner.ts';
import { eigvalsh, matrix } from '../linalg/index.ts';
import { line, panels, plot } from '../plot/index.ts';
import { checkThat, type Check, type Experiment, type Report } from './types.ts';

export interface NgdInvarianceConfig {
  examples: number;
  dim: number;
  /** Column scales of the transform (length dim); a rotation is applied first. */
  scales: number[];
  rotate: boolean;
  steps: number;
  /** NGD step size (≠ 1 shows invariance is not just Newton's one-step convergence). */
  lr: number;
  seed: number;
}

/** The logistic-regression problem on inputs X·A (θ′ = A⁻¹θ parametrises the same predictive). */
function transformed(X: Float64Array, y: Float64Array, n: number, d: number, A: Float64Array): Problem {
  const XA = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) { let s = 0; for (let k = 0; k < d; k++) s += X[i * d + k]! * A[k * d + j]!; XA[i * d + j] = s; }
  return problemFromPredictive('logistic-regression (transformed)', linearPredictive({ X: XA, Y: y, n, d, family: bernoulli, bias: false }), () => new Float64Array(d),
    { hooks: { X: XA, y, examples: n, features: d } });
}

function smoothness(p: Problem): number {
  const h = p.hooks as { X: Float64Array; examples: number; features: number }, n = h.examples, d = h.features;
  const G = new Float64Array(d * d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) G[a * d + b] = G[a * d + b]! + h.X[i * d + a]! * h.X[i * d + b]! / n;
  return eigvalsh(matrix(d, d, G))[d - 1]! / 4;
}

export const ngdInvariance: Experiment<NgdInvarianceConfig> = {
  id: 'ngd-invariance',
  summary: 'rescale/rotate the input features: NGD iterates (mapped back) are unchanged, GD iterates change',
  config: ({ quick, seed }) => ({ examples: 200, dim: 3, scales: [1, 30, 0.1], rotate: true, steps: quick ? 15 : 40, lr: 0.5, seed }),
  run(cfg): Report {
    const d = cfg.dim, base = createProblem({ id: 'logistic-regression', examples: cfg.examples, dim: d }, createRng(cfg.seed));
    const h = base.hooks as { X: Float64Array; y: Float64Array };
    const R = cfg.rotate ? randomOrthogonal(d, createRng(cfg.seed).fork('rotation')) : Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0));
    const A = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) A[i * d + j] = R[i * d + j]! * cfg.scales[j]!;
    const tp = transformed(h.X, h.y, cfg.examples, d, A);
    // a common non-zero start: θ₀ on the original problem, θ′₀ = A⁻¹θ₀ (A = R·S, so A⁻¹ = S⁻¹Rᵀ)
    const theta0 = Float64Array.from({ length: d }, (_, j) => 0.5 * Math.cos(j + 1));
    const theta0t = new Float64Array(d);
    for (let j = 0; j < d; j++) { let s = 0; for (let k = 0; k < d; k++) s += R[k * d + j]! * theta0[k]!; theta0t[j] = s / cfg.scales[j]!; }
    const back = (tt: Float64Array, k: number) => {
      const out = new Float64Array(d);
      for (let i = 0; i < d; i++) { let s = 0; for (let j = 0; j < d; j++) s += A[i * d + j]! * tt[k * d + j]!; out[i] = s; }
      return out;
    };
    const methods = [
      { key: 'ngd', label: 'NGD', rule: 'natural-gradient', hyper: () => ({ lr: cfg.lr, damping: 0 }) },
      { key: 'ef', label: 'EF', rule: 'natural-gradient', hyper: () => ({ lr: cfg.lr, damping: 0, fisher: 'empirical' }) },
      { key: 'gd', label: 'GD (lr 1/L)', rule: 'gd', hyper: (p: Problem) => ({ lr: 1 / smoothness(p) }) },
    ];
    const results: Record<string, unknown> = { transform: Array.from(A) };
    const dev: Record<string, Float64Array> = {}, losses: Record<string, [Float64Array, Float64Array]> = {};
    for (const m of methods) {
      const a = run({ problem: base, rule: createRule(m.rule, m.hyper(base)), steps: cfg.steps, seed: cfg.seed, init: theta0, record: ['theta', 'loss'] });
      const b = run({ problem: tp, rule: createRule(m.rule, m.hyper(tp)), steps: cfg.steps, seed: cfg.seed, init: theta0t, record: ['theta', 'loss'] });
      const n = Math.min(a.completed, b.completed) + 1, e = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const mb = back(b.theta!, k);
        let s = 0, nrm = 0;
        for (let i = 0; i < d; i++) { s = Math.max(s, Math.abs(mb[i]! - a.theta![k * d + i]!)); nrm = Math.max(nrm, Math.abs(a.theta![k * d + i]!)); }
        e[k] = s / Math.max(1, nrm);
      }
      dev[m.key] = e;
      losses[m.key] = [a.loss!.slice(0, n), b.loss!.slice(0, n)];
      results[m.key] = { maxRelativeDeviation: Math.max(...e), finalLossOriginal: a.loss![n - 1], finalLossTransformed: b.loss![n - 1] };
    }
    const maxDev = (k: string) => Math.max(...dev[k]!);
    const checks: Check[] = [
      checkThat('NGD: transformed iterates mapped back equal the original ones', '≤ 1e-9 (relative, max over steps)', maxDev('ngd').toExponential(2), maxDev('ngd') <= 1e-9),
      checkThat('EF preconditioning is covariant under linear reparametrisation too', '≤ 1e-9', maxDev('ef').toExponential(2), maxDev('ef') <= 1e-9),
      checkThat('GD: iterates change under the reparametrisation', '≥ 1e-2', maxDev('gd').toExponential(2), maxDev('gd') >= 1e-2),
    ];
    const lstar = base.minima![0]!.loss;
    const colors: Record<string, string> = { ngd: '#1f77b4', ef: '#2ca02c', gd: '#d62728' };
    const steps = (n: number) => Array.from({ length: n }, (_, k) => k);
    const figures = [{
      name: 'invariance',
      caption: `Original vs transformed features (A = rotation·diag(${cfg.scales.join(', ')})): loss per step (solid original, dashed transformed) and the distance between the original iterates and the transformed ones mapped back`,
      svg: panels([
        plot({ width: 460, height: 320, title: 'loss gap (solid: original, dashed: transformed)', legend: 'right', x: { label: 'step' }, y: { label: 'L(θ) − L*', type: 'log' },
          marks: methods.flatMap((m) => [
            line({ x: steps(losses[m.key]![0].length), y: losses[m.key]![0].map((v) => Math.max(v - lstar, 1e-16)) }, { label: `${m.label}`, stroke: colors[m.key] }),
            line({ x: steps(losses[m.key]![1].length), y: losses[m.key]![1].map((v) => Math.max(v - lstar, 1e-16)) }, { stroke: colors[m.key], dash: '5 4' }),
          ]) }),
        plot({ width: 460, height: 320, title: '‖Aθ′_k − θ_k‖∞ / max(1, ‖θ_k‖∞)', legend: 'right', x: { label: 'step' }, y: { label: 'relative deviation', type: 'log' },
          marks: methods.map((m) => line({ x: steps(dev[m.key]!.length), y: dev[m.key]!.map((v) => Math.max(v, 1e-17)) }, { label: m.label, stroke: colors[m.key] })) }),
      ]).svg,
    }];
    const summary = `Features transformed by A = R·diag(${cfg.scales.join(', ')}). Over ${cfg.steps} steps the NGD iterates mapped back differ from the originals by at most ` +
      `${maxDev('ngd').toExponential(1)} (relative), the empirical-Fisher ones by ${maxDev('ef').toExponential(1)}, GD's by ${maxDev('gd').toExponential(1)}.`;
    return { name: 'ngd-invariance', config: cfg, results, checks, figures, summary };
  },
};
