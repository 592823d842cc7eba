/**
 * SGD as a Langevin process (anchors-science §3.4; Mandt, Hoffman & Blei 2017; Jastrzębski et al. 2018): plain
 * minibatch SGD on L(θ) = (1/N)Σ (a/2)(θ − cₙ)² with real minibatches (S indices drawn with replacement), so the
 * gradient noise has variance σ²/S with σ² = a²·Var(c) exactly. The stationary variance of θ around θ* = mean(c) is
 * then exactly ησ²/(S·a·(2 − ηa)) (an AR(1) recursion), which tends to T/a with temperature T = ησ²/(2S) as ηa → 0.
 * Many independent chains run side by side; the error bar is the spread of the per-chain time averages.
 */
import { createRng } from '../random/index.ts';
import { dot, line, plot } from '../plot/index.ts';
import { checkClose, checkThat, type Check, type Experiment } from './types.ts';

export interface SgdTemperatureConfig {
  a: number;
  /** Target per-example gradient noise variance σ² (the data are drawn so that a²·Var(c) ≈ σ²; the exact empirical value is used). */
  sigma2: number;
  examples: number;
  lrs: number[];
  batchSizes: number[];
  chains: number;
  /** Samples per chain after burn-in, spaced one relaxation time 1/(ηa) apart at least. */
  samples: number;
  seed: number;
}

interface Cell { lr: number; batch: number; temperature: number; exact: number; tOverA: number; measured: number; se: number }

export const sgdTemperature: Experiment<SgdTemperatureConfig> = {
  id: 'sgd-temperature',
  summary: 'minibatch SGD on a quadratic: stationary variance vs ησ²/(S·a·(2−ηa)) across lr and batch size (SGD ≈ Langevin at T = ησ²/2S)',
  config: ({ quick, seed }) => ({
    a: 1, sigma2: 1, examples: 1000,
    lrs: quick ? [0.05, 0.5] : [0.01, 0.05, 0.2, 0.5, 1],
    batchSizes: quick ? [1, 10] : [1, 4, 16],
    chains: 1000, samples: quick ? 100 : 150, seed,
  }),
  run(cfg, ctx) {
    const root = createRng(cfg.seed);
    const data = root.fork('data').fillNormal(new Float64Array(cfg.examples), 0, Math.sqrt(cfg.sigma2) / cfg.a);
    let cbar = 0; for (const c of data) cbar += c; cbar /= cfg.examples;
    let vc = 0; for (const c of data) vc += (c - cbar) ** 2; vc /= cfg.examples;
    const sigma2 = cfg.a * cfg.a * vc; // exact per-example gradient variance of this data set (sampling with replacement)
    const cells: Cell[] = [];
    let done = 0;
    for (const lr of cfg.lrs) {
      for (const S of cfg.batchSizes) {
        const rng = root.fork(`sgd/${lr}/${S}`);
        const rate = lr * cfg.a;
        const gap = Math.max(1, Math.ceil(1 / rate)), burn = Math.ceil(8 / rate);
        const steps = burn + gap * cfg.samples;
        const theta = new Float64Array(cfg.chains).fill(cbar + 3 * Math.sqrt(sigma2 * lr / S)); // start off the minimum
        const acc = new Float64Array(cfg.chains);
        for (let t = 0; t < steps; t++) {
          for (let m = 0; m < cfg.chains; m++) {
            let sc = 0;
            for (let k = 0; k < S; k++) sc += data[rng.int(cfg.examples)]!;
            const g = cfg.a * (theta[m]! - sc / S); // minibatch gradient of the mean loss
            theta[m] = theta[m]! - lr * g;
          }
          if (t >= burn && (t - burn) % gap === gap - 1) for (let m = 0; m < cfg.chains; m++) acc[m] = acc[m]! + (theta[m]! - cbar) ** 2;
        }
        let mean = 0; for (const v of acc) mean += v / cfg.samples; mean /= cfg.chains;
        let sv = 0; for (const v of acc) sv += (v / cfg.samples - mean) ** 2; sv /= cfg.chains - 1;
        const T = (lr * sigma2) / (2 * S);
        cells.push({ lr, batch: S, temperature: T, exact: (lr * sigma2) / (S * cfg.a * (2 - lr * cfg.a)), tOverA: T / cfg.a, measured: mean, se: Math.sqrt(sv / cfg.chains) });
        ctx.progress(`lr ${lr}, S ${S}`, ++done / (cfg.lrs.length * cfg.batchSizes.length));
      }
    }
    const checks: Check[] = cells.map((c) => checkClose(`lr ${c.lr}, S ${c.batch}: Var(θ) = ησ²/(S·a·(2−ηa)) (4σ)`, c.exact, c.measured, 4 * c.se));
    const big = cells.filter((c) => c.lr * cfg.a >= 0.5);
    for (const c of big) {
      checks.push(checkThat(`lr ${c.lr}, S ${c.batch}: the (2 − ηa) factor is resolved (measured further than 4σ from T/a)`, `≠ ${c.tOverA.toPrecision(4)}`,
        c.measured.toPrecision(4), Math.abs(c.measured - c.tOverA) > 4 * c.se, '4σ'));
    }
    const xs = cells.map((c) => c.exact);
    const lo = Math.min(...xs), hi = Math.max(...xs);
    const fig = plot({
      title: 'SGD stationary variance: measured vs exact', x: { label: 'exact ησ²/(S·a·(2−ηa))', type: 'log' }, y: { label: 'measured Var(θ)', type: 'log' },
      marks: [
        line({ x: [lo, hi], y: [lo, hi] }, { label: 'measured = exact' }),
        dot({ x: xs, y: cells.map((c) => c.measured) }, { label: 'SGD chains' }),
        dot({ x: xs, y: cells.map((c) => c.tOverA) }, { label: 'Langevin T/a', symbol: 'cross' }),
      ],
    });
    return {
      name: 'sgd-temperature', config: cfg, results: { sigma2, thetaStar: cbar, cells }, checks,
      figures: [{ name: 'stationary-variance', svg: fig.svg, caption: 'Measured stationary variance of minibatch SGD vs the exact AR(1) value and the Langevin limit T/a' }],
      summary: `Minibatch SGD (sampling with replacement) on a 1-D quadratic with N = ${cfg.examples} examples, a = ${cfg.a}, per-example `
        + `gradient variance σ² = ${sigma2.toPrecision(5)}. The stationary variance follows ησ²/(S·a·(2 − ηa)) exactly; the Langevin `
        + 'temperature T = ησ²/(2S) gives its small-ηa limit T/a (equal η/S ⇒ equal T, Jastrzębski et al.).',
    };
  },
};
