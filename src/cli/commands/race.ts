/**
 * `learnscope race`: several learning rules from one start on a 2-D surface — trajectories over the contour map
 * and loss per step, as SVG and PNG (logic in src/experiments/race.ts). Progress on stderr; --json prints the
 * per-rule results and trajectories to stdout.
 */
import { basename, dirname, extname, resolve } from 'node:path';
import type { Command } from '../command.ts';
import { didYouMean, parseFlags } from '../flags.ts';
import { problems } from '../../problems/index.ts';
import { rules as ruleRegistry } from '../../rules/index.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { raceFigure, runRace } from '../../experiments/race.ts';
import { writeFigure } from '../../plot/png-node.ts';

const DEFAULT_RULES = 'sgd,momentum,nesterov,adagrad,rmsprop,adam';
/** Most rule steps (steps × rules × lr candidates) a race may take. */
const RACE_LIMIT = 2e6;

const usage = `usage: learnscope race [--surface ID] [--rules R1,R2,…] [--steps N] [--out FILE|DIR] [--tune-lr]
                      [--start=X,Y] [--seed S] [--json]

Races learning rules from one start point on a 2-D surface and draws their trajectories over the surface's
contour map (log-spaced levels) beside the loss per step (log axis).
  --surface ID   2-D problem id (default rosenbrock)
  --rules LIST   rule ids, comma-separated (default ${DEFAULT_RULES})
  --steps N      steps per rule (default 500; at most 2e6 rule steps in all, steps × rules × 12 with --tune-lr)
  --out PATH     FILE.png or FILE.svg writes FILE.svg and FILE.png; anything else is a directory receiving
                 race.svg and race.png (default: the current directory)
  --tune-lr      pick each rule's lr from a log grid (1e-5…1) by final loss; the legend says "tuned"
  --start=X,Y    start point (default: the surface's canonical start; use = for negative numbers)
  --seed S       integer seed ≥ 0 (default 0)
  --json         print per-rule results and trajectories as JSON on stdout (the figure is still written)
Each rule runs with its default hyperparameters (learnscope list rules) unless --tune-lr is given.

Examples:
  learnscope race --out race.png
  learnscope race --surface beale --rules sgd,adam --steps 300 --tune-lr --out beale/
  learnscope race --surface himmelblau --start=-4,-4 --json > race.json`;

function parseStart(s: string): [number, number] {
  const parts = s.split(',').map((v) => Number(v.trim()));
  if (parts.length !== 2 || !parts.every((v) => Number.isFinite(v)) || s.trim() === '') {
    throw new InvalidArgumentError(`--start ${s}: expected two finite numbers "x,y", e.g. --start=-1.5,2`);
  }
  return parts as [number, number];
}

function parseCount(flag: string, s: string | undefined, dflt: number, min: number): number {
  if (s === undefined) return dflt;
  const v = s.trim() === '' ? NaN : Number(s); // Number('') is 0
  if (!Number.isSafeInteger(v) || v < min) throw new InvalidArgumentError(`${flag} ${s}: must be an integer ≥ ${min}`);
  return v;
}

export const race: Command = {
  name: 'race',
  summary: 'race learning rules on a 2-D surface: trajectories over contours + loss curves (SVG/PNG)',
  usage,
  async run(args, io) {
    const { values } = parseFlags({
      args, strict: true, allowPositionals: false,
      options: {
        surface: { type: 'string' }, rules: { type: 'string' }, steps: { type: 'string' }, out: { type: 'string' },
        'tune-lr': { type: 'boolean' }, start: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' },
      },
    });
    const rules = (values.rules ?? DEFAULT_RULES).split(',').map((r) => r.trim()).filter((r) => r.length > 0);
    if (rules.length === 0) throw new InvalidArgumentError(`--rules '${values.rules}': give at least one rule id, e.g. --rules sgd,adam`);
    const ruleIds = ruleRegistry.map((r) => r.id);
    for (const r of rules) {
      if (!ruleIds.includes(r)) throw new InvalidArgumentError(`--rules: unknown rule '${r}'${didYouMean(r, ruleIds)}; accepted: ${ruleIds.join(', ')} (see learnscope list rules)`);
    }
    const problemIds = problems.map((p) => p.id);
    if (values.surface !== undefined && !problemIds.includes(values.surface)) {
      throw new InvalidArgumentError(`--surface: unknown surface '${values.surface}'${didYouMean(values.surface, problemIds)}; 2-D surfaces include rosenbrock, beale, himmelblau, booth, six-hump-camel, saddle, rastrigin, ackley, muller-brown (see learnscope list problems)`);
    }
    const options = {
      surface: values.surface ?? 'rosenbrock', rules,
      steps: parseCount('--steps', values.steps, 500, 1), seed: parseCount('--seed', values.seed, 0, 0),
      tuneLr: values['tune-lr'] ?? false,
      ...(values.start !== undefined ? { start: parseStart(values.start) } : {}),
    };
    // Measured: ~15 µs per rule step, ~400 B per kept step (trajectory, SVG, PNG; lr candidates are not kept); 2e6 ≈ 30 s, 0.8 GB.
    const ruleSteps = options.steps * rules.length * (options.tuneLr ? 12 : 1);
    if (ruleSteps > RACE_LIMIT) {
      throw new InvalidArgumentError(`--steps ${options.steps}: ${options.steps} steps × ${rules.length} rules${options.tuneLr ? ' × 12 lr candidates' : ''} = ${ruleSteps.toExponential(1)} rule steps ` +
        `(roughly ${Math.round(ruleSteps * 15e-6)} s and ${(options.steps * rules.length * 400 / 1e9).toFixed(1)} GB), over the race limit of ${RACE_LIMIT.toExponential(0)}; use at most ${Math.floor(RACE_LIMIT / (rules.length * (options.tuneLr ? 12 : 1)))} steps or fewer rules`);
    }
    io.err(`race on ${options.surface}: ${rules.join(', ')}, ${options.steps} steps${options.tuneLr ? ', tuning lr' : ''}\n`);
    const result = runRace(options, (message) => io.err(`  ${message}\n`));
    const chart = raceFigure(result);
    for (const n of chart.notes) io.err(`  note: ${n}\n`);

    const target = resolve(io.cwd, values.out ?? '.');
    const ext = extname(target).toLowerCase();
    let written: string[];
    if (ext === '.svg' || ext === '.png') {
      const p = writeFigure(dirname(target), basename(target, extname(target)), chart.svg);
      written = [p.svg, p.png];
    } else {
      const p = writeFigure(target, 'race', chart.svg);
      written = [p.svg, p.png];
    }
    io.err(`  wrote ${written.join(', ')}\n`);
    if (values.json) {
      io.out(JSON.stringify({
        surface: result.surface, start: result.start, steps: result.steps, seed: result.seed, tuneLr: options.tuneLr,
        minLoss: result.minLoss, minima: result.minima, files: written,
        rules: result.entries.map((e) => ({
          rule: e.rule, label: e.label, lr: e.lr, tuned: e.tuned, finalLoss: Number.isFinite(e.finalLoss) ? e.finalLoss : null, divergedAt: e.divergedAt,
          final: [e.x[e.x.length - 1], e.y[e.y.length - 1]], trajectory: Array.from(e.x, (x, i) => [x, e.y[i]]), loss: Array.from(e.loss),
        })),
      }) + '\n');
    } else {
      const w = Math.max(...result.entries.map((e) => e.label.length));
      for (const e of result.entries) io.out(`${e.label.padEnd(w)}  final loss ${e.finalLoss.toPrecision(4)}\n`);
    }
    return 0;
  },
};
