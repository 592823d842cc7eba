/**
 * Welling & Teh (2011), Fig. 1: the bimodal posterior of a two-parameter Gaussian mixture, sampled by SGLD (the
 * registry's `sgld` rule through the runner, minibatch n = 1, step ε_t = a(b + t)^−γ with γ = 0.55 decaying from
 * 0.01 to 0.0001) and compared with the exact posterior on a grid (2-D quadrature). Model: θ₁ ~ N(0, 10),
 * θ₂ ~ N(0, 1), xᵢ ~ ½N(θ₁, 2) + ½N(θ₁ + θ₂, 2), 100 points drawn with θ₁ = 0, θ₂ = 1 (modes near (0, 1), (1, −1)).
 * Posterior expectations use the step-weighted estimate Σε_t f(θ_t)/Σε_t.
 */
import type { Problem } from '../problems/types.ts';
import { createRng } from '../random/index.ts';
import { createRule } from '../rules/index.ts';
import { run } from '../dynamics/runner.ts';
import { sgldStep } from '../rules/sgld.ts';
import { boltzmann2d } from '../analysis/boltzmann.ts';
import { linspace, totalVariation } from '../analysis/mcmc.ts';
import { contour, dot, plot } from '../plot/index.ts';
import { checkClose, checkThat, type Check, type Experiment } from './types.ts';

export interface SgldMixtureConfig {
  points: number;
  /** Sweeps over the data with minibatch 1 per chain (steps = sweeps · points). */
  sweeps: number;
  /** Independent chains pooled (the paper runs one; the quick run pools short chains so both modes are seen). */
  chains: number;
  /** Tolerances of the mean and mode-mass checks (wider for the short quick run). */
  tolMean: number;
  tolMass: number;
  epsStart: number;
  epsEnd: number;
  gamma: number;
  /** Posterior box [[θ₁], [θ₂]] for the grid and histograms, and bins per side. */
  box: [[number, number], [number, number]];
  bins: number;
  seed: number;
}

const VX = 2, V1 = 10, V2 = 1;

/** The model as a data Problem: loss = mean over the batch of −log p(xᵢ|θ) plus −log prior / N, so N·loss is U = −log posterior (up to a constant). */
export function mixtureProblem(x: Float64Array): Problem {
  const N = x.length;
  const nll = (t1: number, t2: number, xi: number, g?: Float64Array) => {
    const a = xi - t1, b = xi - t1 - t2;
    const ea = Math.exp(-a * a / (2 * VX)), eb = Math.exp(-b * b / (2 * VX));
    const s = ea + eb;
    if (g) { // ∂/∂θ of −log(ea + eb)
      const ra = ea / s, rb = eb / s;
      g[0] = g[0]! - (ra * a + rb * b) / VX;
      g[1] = g[1]! - (rb * b) / VX;
    }
    return -Math.log(0.5 * s / Math.sqrt(2 * Math.PI * VX));
  };
  const each = (batch: Int32Array | undefined, f: (i: number) => void) => { if (batch) for (const i of batch) f(i); else for (let i = 0; i < N; i++) f(i); };
  return {
    id: 'welling-teh-mixture', dim: 2, examples: N,
    init: () => Float64Array.of(0, 0),
    loss(th, batch) {
      let s = 0, n = 0;
      each(batch, (i) => { s += nll(th[0]!, th[1]!, x[i]!); n++; });
      return s / n + (th[0]! ** 2 / (2 * V1) + th[1]! ** 2 / (2 * V2)) / N;
    },
    grad(th, batch, out) {
      const g = out ?? new Float64Array(2);
      g[0] = 0; g[1] = 0;
      let n = 0;
      each(batch, (i) => { nll(th[0]!, th[1]!, x[i]!, g); n++; });
      g[0] = g[0]! / n + th[0]! / V1 / N;
      g[1] = g[1]! / n + th[1]! / V2 / N;
      return g;
    },
  };
}

export const sgldMixture: Experiment<SgldMixtureConfig> = {
  id: 'sgld-mixture',
  summary: "Welling–Teh's bimodal mixture posterior: SGLD (minibatch 1, ε_t = a(b+t)^−0.55) vs the exact grid posterior",
  config: ({ quick, seed }) => ({
    points: 100, sweeps: quick ? 1000 : 10_000, chains: quick ? 3 : 1, tolMean: quick ? 0.25 : 0.15, tolMass: quick ? 0.2 : 0.15, epsStart: 0.01, epsEnd: 1e-4, gamma: 0.55,
    box: [[-1.5, 2.5], [-3, 3]], bins: 16, seed,
  }),
  run(cfg, ctx) {
    const root = createRng(cfg.seed);
    const drng = root.fork('data');
    const x = Float64Array.from({ length: cfg.points }, () => (drng.uniform() < 0.5 ? 0 : 1) + Math.sqrt(VX) * drng.normal());
    const problem = mixtureProblem(x);
    const N = cfg.points, steps = cfg.sweeps * N;
    // ε_t = a(b + t)^−γ with ε₀ = epsStart and ε_{steps} = epsEnd.
    const b = steps / (Math.pow(cfg.epsStart / cfg.epsEnd, 1 / cfg.gamma) - 1);
    const a = cfg.epsStart * Math.pow(b, cfg.gamma);
    const th = new Float64Array(2);
    const U = (t1: number, t2: number) => { th[0] = t1; th[1] = t2; return N * problem.loss(th); };
    const exact = boltzmann2d(U, 1, cfg.box, 240);
    const k = cfg.bins;
    const xe = linspace(cfg.box[0][0], cfg.box[0][1], k + 1), ye = linspace(cfg.box[1][0], cfg.box[1][1], k + 1);
    const pi = exact.binProbabilities(xe, ye, 6);
    // Step-weighted histogram and moments (weight ε_t for θ_t, Welling–Teh), pooled over the chains.
    const hist = new Float64Array(k * k);
    let W = 0, m1 = 0, m2 = 0, upper = 0;
    const thin = Math.max(1, Math.floor((steps * cfg.chains) / 3000));
    const pts: Array<[number, number]> = [];
    for (let c = 0; c < cfg.chains; c++) {
      ctx.progress(`SGLD chain ${c + 1}/${cfg.chains}: ${steps} steps`, c / cfg.chains);
      const traj = run({
        problem, rule: createRule('sgld', { lr: a, b, gamma: cfg.gamma, temperature: 1, dataScale: N }), steps,
        seed: cfg.chains === 1 ? cfg.seed : `${cfg.seed}/chain/${c}`, init: [0, 0], batchSize: 1, record: ['theta'],
      });
      const T = traj.theta!;
      for (let t = 0; t < steps; t++) {
        const w = sgldStep(a, b, cfg.gamma, t), t1 = T[2 * t]!, t2 = T[2 * t + 1]!;
        W += w; m1 += w * t1; m2 += w * t2;
        if (t2 > 0) upper += w;
        const i = Math.floor(((t1 - xe[0]!) / (xe[k]! - xe[0]!)) * k), j = Math.floor(((t2 - ye[0]!) / (ye[k]! - ye[0]!)) * k);
        if (i >= 0 && i < k && j >= 0 && j < k) hist[j * k + i]! += w;
        if ((c * steps + t) % thin === 0) pts.push([t1, t2]);
      }
    }
    const tv = totalVariation(hist, pi, W);
    let exactUpper = 0;
    for (let j = 0; j < k; j++) for (let i = 0; i < k; i++) if (ye[j]! >= 0) exactUpper += pi[j * k + i]!;
    const zeroIn = ye.includes(0);
    const checks: Check[] = [
      checkClose('weighted posterior mean θ₁ vs exact (SGLD bias + autocorrelated chain)', exact.mean[0], m1 / W, cfg.tolMean),
      checkClose('weighted posterior mean θ₂ vs exact (mode switches between θ₂ ≈ ±1 are rare: the widest error)', exact.mean[1], m2 / W, cfg.tolMean + 0.1),
      checkClose('posterior mass of the θ₂ > 0 mode vs exact', zeroIn ? exactUpper : NaN, upper / W, cfg.tolMass),
      checkThat('histogram TV to the exact grid posterior (16×16 bins) ≤ 0.25', '≤ 0.25', tv.toFixed(4), tv <= 0.25, '0.25'),
      checkThat('both modes visited (each holds ≥ 10 % of the weighted mass)', 'both ≥ 0.1', `${(upper / W).toFixed(3)}, ${(1 - upper / W).toFixed(3)}`,
        upper / W >= 0.1 && 1 - upper / W >= 0.1),
    ];
    let peak = 0;
    for (const u of linspace(cfg.box[0][0], cfg.box[0][1], 120)) for (const v of linspace(cfg.box[1][0], cfg.box[1][1], 120)) peak = Math.max(peak, exact.density(u, v));
    const fig = plot({
      title: 'Welling–Teh mixture: SGLD samples over the exact posterior', x: { label: 'θ₁' }, y: { label: 'θ₂' },
      marks: [
        contour((u, v) => -Math.log(exact.density(u, v) / peak), { x: cfg.box[0], y: cfg.box[1], levels: [0.5, 1, 2, 3, 4, 6, 8] }),
        dot(pts, { r: 1, label: 'SGLD (thinned)' }),
      ],
    });
    return {
      name: 'sgld-mixture', config: cfg,
      results: { data: Array.from(x), a, b, steps, weightedMean: [m1 / W, m2 / W], exactMean: exact.mean, exactCov: exact.cov, upperMass: upper / W, exactUpperMass: exactUpper, tv },
      checks,
      figures: [{ name: 'posterior', svg: fig.svg, caption: 'SGLD samples (thinned) over contours of the exact log posterior (levels of −log π/π_max)' }],
      summary: `SGLD with minibatch 1 over ${cfg.sweeps} sweeps (×${cfg.chains} chain(s)) of ${N} points, ε_t = a(b + t)^−${cfg.gamma} from ${cfg.epsStart} to ${cfg.epsEnd} `
        + '(the registry\'s sgld rule through the runner). The exact posterior is integrated on a grid; SGLD estimates are step-weighted.',
    };
  },
};
