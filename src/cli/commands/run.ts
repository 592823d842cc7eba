/**
 * `learnscope run <config.yaml|json> [--out FILE] [--format json|csv|table]`: runs each rule of the config on its
 * problem (same seed, same θ₀, same batches) and writes `{ config, trajectory }` (one rule) or
 * `{ config, runs: [{ rule, trajectory }] }` (rules: [...]) as JSON, a long-format CSV, or a summary table.
 * Data goes to stdout (or --out); progress of long runs and warnings go to stderr.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command, CliIO } from '../command.ts';
import { didYouMean, parseFlags } from '../flags.ts';
import { ConfigError, InvalidArgumentError } from '../../errors.ts';
import { buildRule, parseConfigText, validateConfig, type RunConfig } from '../config.ts';
import { createProblem } from '../../problems/index.ts';
import { loadModuleProblem } from '../../problems/module-node.ts';
import type { Problem } from '../../problems/types.ts';
import { createRng } from '../../random/index.ts';
import { run } from '../../dynamics/runner.ts';
import { createSchedule } from '../../dynamics/schedules.ts';
import { row, trajectoryToJSON, type Trajectory } from '../../dynamics/trajectory.ts';

const FORMATS = ['json', 'csv', 'table'] as const;
type Format = (typeof FORMATS)[number];

export interface RunResult {
  config: RunConfig;
  problem: Problem;
  runs: { rule: Record<string, unknown>; trajectory: Trajectory }[];
}

/** Builds the problem and runs every rule of a validated config; `baseDir` resolves module paths. */
export async function runConfig(config: RunConfig, baseDir: string, io: Pick<CliIO, 'err'>): Promise<RunResult> {
  const problem = 'module' in config.problem
    ? await loadModuleProblem((config.problem as { module: string }).module, baseDir, (m) => io.err(`warning: ${m}\n`))
    : createProblem(config.problem as { id: string }, createRng(config.seed).fork('problem'));
  if (config.init && config.init.length !== problem.dim) {
    throw new ConfigError('init', `has ${config.init.length} entries; problem ${problem.id} has dimension ${problem.dim}`);
  }
  if (config.batchSize !== undefined && problem.examples === undefined) {
    throw new ConfigError('batchSize', `problem ${problem.id} has no examples; batchSize applies to data problems (linear-regression, logistic-regression, softmax-regression, mlp)`);
  }
  const schedule = config.schedule ? createSchedule(config.schedule) : undefined;
  const runs: RunResult['runs'] = [];
  for (const [i, entry] of config.rules.entries()) {
    const rule = buildRule(entry, config.multi ? `rules[${i}]` : 'rule');
    const start = Date.now();
    let shown = false;
    const trajectory = run({
      problem, rule, steps: config.steps, seed: config.seed, record: config.record,
      ...(config.init ? { init: config.init } : {}),
      ...(config.batchSize !== undefined ? { batchSize: config.batchSize } : {}),
      ...(schedule ? { schedule } : {}),
      // Progress only for runs that take long enough to wonder about (> 1 s).
      onProgress: (p) => {
        if (!shown && Date.now() - start < 1000) return;
        shown = true;
        io.err(`\r${entry.id}: step ${p.step}/${p.steps}${p.loss !== undefined ? `  loss ${p.loss.toPrecision(6)}` : ''}   `);
      },
    });
    if (shown) io.err('\n');
    if (trajectory.diverged) io.err(`warning: ${entry.id} diverged at step ${trajectory.divergedAt} (non-finite loss or θ); the trajectory stops there\n`);
    runs.push({ rule: entry, trajectory });
  }
  return { config, problem, runs };
}

/** The resolved config as echoed in output files (without the internal `multi` flag). */
function echo(config: RunConfig): Record<string, unknown> {
  const { multi, rules, ...rest } = config;
  return multi ? { ...rest, rules } : { ...rest, rule: rules[0] };
}

export function toJSON(r: RunResult): string {
  const config = echo(r.config);
  const body = r.config.multi
    ? { config, runs: r.runs.map((x) => ({ rule: x.rule, trajectory: trajectoryToJSON(x.trajectory) })) }
    : { config, trajectory: trajectoryToJSON(r.runs[0]!.trajectory) };
  return JSON.stringify(body) + '\n';
}

const cell = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));

/** Long-format CSV: one line per (run, step) with loss, θ, ∇L, update and lr columns as recorded. */
export function toCSV(r: RunResult): string {
  const dim = r.problem.dim;
  const rec = r.config.record;
  const vec = (name: string) => Array.from({ length: dim }, (_, i) => `${name}_${i}`);
  const header = ['run', 'rule', 'step'];
  if (rec.includes('loss')) header.push('loss');
  if (rec.includes('theta')) header.push(...vec('theta'));
  if (rec.includes('grad')) header.push(...vec('grad'));
  if (rec.includes('update')) header.push(...vec('update'));
  if (rec.includes('lr')) header.push('lr');
  if (rec.includes('batchLoss')) header.push('batchLoss');
  const lines = [header.join(',')];
  r.runs.forEach(({ rule, trajectory: t }, j) => {
    for (let k = 0; k <= t.completed; k++) {
      const cells: string[] = [String(j), String(rule.id), String(k)];
      if (t.loss) cells.push(cell(t.loss[k]));
      if (t.theta) cells.push(...Array.from(row(t, 'theta', k), cell));
      if (t.grad) cells.push(...Array.from(row(t, 'grad', k), cell));
      if (t.update) cells.push(...(k < t.completed ? Array.from(row(t, 'update', k), cell) : new Array<string>(dim).fill('')));
      if (t.lr) cells.push(k < t.completed ? cell(t.lr[k]) : '');
      if (t.batchLoss) cells.push(k < t.completed ? cell(t.batchLoss[k]) : '');
      lines.push(cells.join(','));
    }
  });
  return lines.join('\n') + '\n';
}

/** Summary table: per rule its lr, steps run, final loss, final ‖∇L‖ and distance to the nearest known minimum. */
export function toTable(r: RunResult): string {
  const head = ['rule', 'lr', 'steps', 'final loss', '‖∇L‖', 'dist to min', 'status'];
  const minima = r.problem.minima ?? [];
  const body = r.runs.map(({ rule, trajectory: t }) => {
    const k = t.completed;
    const loss = t.loss?.[k];
    let gnorm: number | undefined, dist: number | undefined;
    if (t.grad) gnorm = Math.hypot(...row(t, 'grad', k));
    if (t.theta && minima.length) {
      const th = row(t, 'theta', k);
      dist = Math.min(...minima.map((m) => Math.hypot(...m.theta.map((v, i) => th[i]! - v))));
    }
    const fmt = (v: number | undefined) => (v === undefined ? '–' : v.toPrecision(6));
    return [String(rule.id), String(rule.lr ?? '–'), String(k), fmt(loss), fmt(gnorm), fmt(dist),
      t.diverged ? `diverged at ${t.divergedAt}` : 'ok'];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    `problem ${r.problem.id} (dim ${r.problem.dim}), ${r.config.steps} steps, seed ${r.config.seed}`,
    line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), '',
  ].join('\n');
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run learning rules on a problem from a config file and output the trajectories',
  usage: [
    'usage: learnscope run <config.yaml|json> [--out FILE] [--format json|csv|table] [--json]',
    '',
    '  Runs rule (or each of rules) on problem for steps updates from the same θ₀, seed and batches.',
    '  --out FILE      write the output there instead of stdout (format from the extension unless --format)',
    '  --format F      json (default): { config, trajectory } or { config, runs: [{ rule, trajectory }] };',
    '                  csv: one line per step; table: a summary per rule',
    '  --json          same as --format json (the convention of every data command)',
    '',
    'Examples:',
    '  learnscope run race.yaml --format table',
    '  learnscope run race.yaml --out runs.csv      # CSV because of the extension',
    '  learnscope run race.yaml --json > run.json && learnscope geometry run.json',
    '',
    'Config (YAML or JSON); see `learnscope list problems|rules|schedules` for ids and parameters:',
    '  problem: { id: quadratic, A: [[3, 0.5], [0.5, 1]], b: [1, -1] }   # or { module: ./my-problem.mjs }',
    '  init: [1.5, -0.5]            # optional',
    '  rule: { id: adam, lr: 0.01 }  # or rules: [ { id: sgd, lr: 0.1 }, adam ]',
    '  steps: 200',
    '  seed: 0',
    '  record: [theta, loss, grad, update]   # also lr, batchLoss, state',
    '  batchSize: 32                # data problems',
    '  schedule: { id: cosine, tMax: 200 }',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseFlags({
      args, allowPositionals: true,
      options: { out: { type: 'string' }, format: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (positionals.length !== 1) throw new InvalidArgumentError(`expected one config file, got ${positionals.length ? positionals.join(' ') : 'none'}; usage: learnscope run <config.yaml|json> [--out FILE] [--format json|csv|table]`);
    let format: Format = 'json';
    if (values.json && values.format !== undefined && values.format !== 'json') throw new InvalidArgumentError(`--json and --format ${values.format} contradict each other; give one`);
    if (values.format !== undefined) {
      if (!(FORMATS as readonly string[]).includes(values.format)) throw new InvalidArgumentError(`--format ${values.format}: unknown format${didYouMean(values.format, FORMATS)}; accepted: ${FORMATS.join(', ')}`);
      format = values.format as Format;
    } else if (values.json) format = 'json';
    else if (values.out?.endsWith('.csv')) format = 'csv';
    else if (values.out?.endsWith('.txt')) format = 'table';
    const file = resolve(io.cwd, positionals[0]!);
    if (!existsSync(file)) throw new InvalidArgumentError(`config file ${positionals[0]} not found (looked at ${file})`);
    let text0: string;
    try { text0 = readFileSync(file, 'utf8'); } catch (e) { throw new InvalidArgumentError(`cannot read config file ${positionals[0]}: ${(e as Error).message}`); }
    const config = validateConfig(parseConfigText(text0, file));
    const result = await runConfig(config, dirname(file), io);
    const text = format === 'json' ? toJSON(result) : format === 'csv' ? toCSV(result) : toTable(result);
    if (values.out !== undefined) {
      const outFile = resolve(io.cwd, values.out);
      mkdirSync(dirname(outFile), { recursive: true });
      writeFileSync(outFile, text);
      io.err(`wrote ${values.out} (${format}, ${result.runs.length} run${result.runs.length > 1 ? 's' : ''})\n`);
    } else {
      io.out(text);
    }
    return 0;
  },
};
