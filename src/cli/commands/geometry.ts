/**
 * `learnscope geometry RUN.json`: the metric of a recorded run (output of `learnscope run`), step by step —
 * ψ, κ_min, the chosen metric's spectrum, effectiveness and residuals (arXiv 2409.16422; analysis in
 * src/geometry/trajectory.ts). Prints a summary table (or --json per-step data) and, with --out, draws ψ(t), κ(t),
 * loss(t) and, for 2-D problems, the metric balls {Δ : ΔᵀMΔ < ε} along the path beside the Euclidean ball.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from '../command.ts';
import { didYouMean, parseFlags } from '../flags.ts';
import { ConfigError, InvalidArgumentError } from '../../errors.ts';
import { createProblem } from '../../problems/index.ts';
import { loadModuleProblem } from '../../problems/module-node.ts';
import type { Problem } from '../../problems/types.ts';
import { createRng } from '../../random/index.ts';
import { trajectoryFromJSON, type Trajectory } from '../../dynamics/trajectory.ts';
import { analyzeTrajectory, TRAJECTORY_METRIC_KINDS, type TrajectoryGeometry, type TrajectoryMetricKind } from '../../geometry/trajectory.ts';
import { DISCRETE_GRADIENT_KINDS, type DiscreteGradientKind } from '../../geometry/discrete.ts';
import { contour, ellipse, line, panels, plot, ruleY, sampleGrid, arrow, type Chart } from '../../plot/index.ts';
import { writeFigure } from '../../plot/png-node.ts';

const usage = `usage: learnscope geometry RUN.json [--kind ${TRAJECTORY_METRIC_KINDS.join('|')}] [--alpha A]
                          [--discrete ${DISCRETE_GRADIENT_KINDS.join('|')}] [--out DIR] [--json]

The metric of every step of a recorded run (the JSON written by \`learnscope run\`): the update g = δ/lr is natural
gradient descent g = −M⁻¹∇L with an SPD M wherever the angle ψ between g and −∇L is < 90° (arXiv 2409.16422).
  --kind K        the metric per step: opt (minimum condition number, default), alpha (needs --alpha), bfgs, dfp
  --alpha A       family parameter α > 0 for --kind alpha
  --discrete D    the exact finite-step view: y = −∇̄L(θ_k, θ_{k+1}) with a discrete gradient (needs theta recorded;
                  the problem is rebuilt from the run's config); default: the continuous view y = −∇L(θ_k)
  --out DIR       write figures: ψ, κ and loss per step, and for 2-D problems the metric balls along the path
                  (default: no figures)
  --json          per-step data on stdout (default: a summary table per rule)
Needs 'grad' and 'update' recorded for the continuous view (or 'theta' for --discrete); learnscope run records
theta, loss, grad and update by default.

Examples:
  learnscope run config.yaml --out run.json && learnscope geometry run.json
  learnscope geometry run.json --kind alpha --alpha 2 --out figs/
  learnscope geometry run.json --discrete ${DISCRETE_GRADIENT_KINDS[0]} --json > geometry.json`;

interface RunEntry { rule: string; trajectory: Trajectory }

function readRuns(text: string, file: string): { config: Record<string, unknown>; runs: RunEntry[] } {
  let j: Record<string, unknown>;
  try { j = JSON.parse(text) as Record<string, unknown>; } catch (e) {
    throw new InvalidArgumentError(`${file} is not valid JSON (${(e as Error).message}); expected the output of learnscope run`);
  }
  if (j === null || typeof j !== 'object' || Array.isArray(j)) throw new InvalidArgumentError(`${file}: no 'trajectory' or 'runs' field; expected the JSON output of learnscope run`);
  const config = (j.config ?? {}) as Record<string, unknown>;
  // A hand-edited or foreign file would otherwise fail deep inside trajectoryFromJSON with a TypeError.
  const parse = (raw: unknown, where: string): Trajectory => {
    try { return trajectoryFromJSON(raw as Record<string, unknown>); } catch (e) {
      throw new InvalidArgumentError(`${file}: ${where} is not a learnscope trajectory (${(e as Error).message}); expected the JSON output of learnscope run`);
    }
  };
  if (j !== null && typeof j === 'object' && !Array.isArray(j) && j.trajectory !== undefined) {
    const t = parse(j.trajectory, 'trajectory');
    return { config, runs: [{ rule: t.rule, trajectory: t }] };
  }
  if (j !== null && typeof j === 'object' && Array.isArray(j.runs)) {
    return { config, runs: (j.runs as Array<{ trajectory?: unknown }>).map((r, i) => { const t = parse(r?.trajectory, `runs[${i}].trajectory`); return { rule: t.rule, trajectory: t }; }) };
  }
  throw new InvalidArgumentError(`${file}: no 'trajectory' or 'runs' field; expected the JSON output of learnscope run`);
}

async function rebuildProblem(config: Record<string, unknown>, baseDir: string, warn: (m: string) => void): Promise<Problem> {
  const p = config.problem as ({ id: string } & Record<string, unknown>) | { module: string } | undefined;
  if (!p) throw new ConfigError('problem', 'the run file has no config.problem, so the loss cannot be rebuilt for --discrete');
  const seed = (config.seed ?? 0) as number;
  // the same construction as `learnscope run` (seed fork 'problem'), so data problems get the same data
  return 'module' in p ? loadModuleProblem(p.module as string, baseDir, warn) : createProblem(p, createRng(seed).fork('problem'));
}

const fmt = (v: number, d = 4) => (Number.isFinite(v) ? v.toPrecision(d) : '–');

function summaryTable(rows: Array<{ rule: string; g: TrajectoryGeometry }>): string {
  const head = ['rule', 'view', 'metric', 'steps', 'effective', 'not descent', 'other', 'ψ min°', 'ψ max°', 'max κ_min', 'max ‖Mg−y‖/‖y‖', 'max mean-value res.'];
  const body = rows.map(({ rule, g }) => [rule, g.view, g.kind, String(g.steps), String(g.summary.effective), String(g.summary.notDescent), String(g.summary.other),
    fmt(g.summary.psiMin), fmt(g.summary.psiMax), fmt(g.summary.kappaMinMax), g.summary.effective ? g.summary.maxResidual.toExponential(1) : '–',
    g.view === 'continuous' ? '–' : Math.max(...g.meanValueResidual).toExponential(1)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(w[i]!)).join('  ').trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...body.map(line), ''].join('\n');
}

function seriesFigure(rule: string, g: TrajectoryGeometry, loss: Float64Array | undefined): Chart {
  const k = Float64Array.from({ length: g.steps }, (_, i) => i);
  const ks = [...g.kappa, ...g.kappaMin].filter(Number.isFinite);
  const klo = ks.length ? Math.min(...ks) : 1, khi = ks.length ? Math.max(...ks) : 1;
  // a constant κ (e.g. plain GD: κ = 1 throughout) needs an explicit log domain
  const kDomain: [number, number] | undefined = khi <= klo * 1.01 ? [klo / 2, khi * 2] : undefined;
  const charts = [
    plot({ width: 420, height: 300, title: 'ψ(step)', x: { label: 'step' }, y: { label: 'ψ (degrees)' }, marks: [line({ x: k, y: g.psiDeg }), ruleY(90, { dash: '4 3' })] }),
    plot({ width: 420, height: 300, title: `κ (${g.kind}) and κ_min`, x: { label: 'step' }, y: { label: 'κ', type: 'log', ...(kDomain ? { domain: kDomain } : {}) }, legend: 'inside',
      marks: [line({ x: k, y: g.kappa }, { label: `κ(M_${g.kind})` }), line({ x: k, y: g.kappaMin }, { label: 'κ_min(ψ)', dash: '4 3' })] }),
  ];
  if (loss) charts.push(plot({ width: 420, height: 300, title: 'loss', x: { label: 'step' }, y: { label: 'loss', type: loss.every((v) => v > 0) ? 'log' : 'linear' }, marks: [line(loss)] }));
  return panels(charts, { columns: charts.length, title: `${rule}: metric per step (${g.view} view)` });
}

/** The 2-D path over the loss contours with metric balls (major semi-axis r) and Euclidean balls of radius r. */
function ellipseFigure(rule: string, t: Trajectory, g: TrajectoryGeometry, problem: Problem | undefined): Chart {
  const th = t.theta!, n = g.steps;
  const xs = Float64Array.from({ length: n + 1 }, (_, k) => th[2 * k]!), ys = Float64Array.from({ length: n + 1 }, (_, k) => th[2 * k + 1]!);
  const finite = (a: Float64Array) => Array.from(a).filter(Number.isFinite);
  let [xlo, xhi, ylo, yhi] = [Math.min(...finite(xs)), Math.max(...finite(xs)), Math.min(...finite(ys)), Math.max(...finite(ys))];
  const span = Math.max(xhi - xlo, yhi - ylo, 1e-9) * 1.3, cx = (xlo + xhi) / 2, cy = (ylo + yhi) / 2;
  [xlo, xhi, ylo, yhi] = [cx - span / 2, cx + span / 2, cy - span / 2, cy + span / 2];
  const marks = [];
  if (problem) {
    const f = (a: number, b: number) => problem.loss(Float64Array.of(a, b));
    const grid = sampleGrid(f, [xlo, xhi], [ylo, yhi], 40);
    const positive = Array.from(grid.values).every((v) => v > 0);
    marks.push(contour(f, { x: [xlo, xhi], y: [ylo, yhi], levels: 12, spacing: positive ? 'log' : 'linear', resolution: 80 }));
  }
  marks.push(line({ x: xs, y: ys }, { stroke: '#555555', label: 'path' }));
  const r = span / 14;
  // four balls at equal step spacing plus four at equal arc-length spacing: either alone bunches them (where the
  // rule crawls along a valley, or where it takes its few long early steps)
  const arc = new Float64Array(n);
  for (let k = 1; k < n; k++) { const d = Math.hypot(xs[k]! - xs[k - 1]!, ys[k]! - ys[k - 1]!); arc[k] = arc[k - 1]! + (Number.isFinite(d) ? d : 0); }
  const byStep = Array.from({ length: 4 }, (_, i) => Math.round(i * (n - 1) / 3));
  const byArc = Array.from({ length: 4 }, (_, i) => arc.findIndex((a) => a >= ((i + 0.5) / 4) * arc[n - 1]!));
  const picks = [...byStep, ...byArc].filter((k, i, a) => k >= 0 && a.indexOf(k) === i).sort((a, b) => a - b);
  let first = true;
  for (const k of picks) {
    const m = g.metric2!.subarray(4 * k, 4 * k + 4);
    if (!m.every(Number.isFinite)) continue;
    const c: [number, number] = [xs[k]!, ys[k]!];
    const lmin = g.eigMin[k]!;
    marks.push(ellipse(c, [m[0]!, (m[1]! + m[2]!) / 2, (m[1]! + m[2]!) / 2, m[3]!], { eps: r * r * lmin, stroke: '#1f77b4', ...(first ? { label: 'metric ball' } : {}) }));
    marks.push(ellipse(c, [1, 0, 0, 1], { eps: r * r, stroke: '#999999', dash: '4 3', ...(first ? { label: 'Euclidean ball' } : {}) }));
    const dx = xs[k + 1]! - c[0], dy = ys[k + 1]! - c[1], dn = Math.hypot(dx, dy);
    if (dn > 0) marks.push(arrow(c, [c[0] + r * dx / dn, c[1] + r * dy / dn], { stroke: '#d62728' }));
    first = false;
  }
  return plot({ width: 600, height: 600, title: `${rule}: metric balls {Δ : ΔᵀMΔ < ε} along the path`, legend: 'inside',
    x: { label: 'θ₁', domain: [xlo, xhi], nice: false }, y: { label: 'θ₂', domain: [ylo, yhi], nice: false }, marks });
}

export const geometry: Command = {
  name: 'geometry',
  summary: 'the metric of every step of a recorded run: ψ, κ_min, spectrum, effectiveness; figures incl. metric ellipses',
  usage,
  async run(args, io) {
    const { values, positionals } = parseFlags({
      args, strict: true, allowPositionals: true,
      options: { kind: { type: 'string' }, alpha: { type: 'string' }, discrete: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (positionals.length !== 1) throw new InvalidArgumentError(`expected one run file (the JSON output of learnscope run); got ${positionals.length}`);
    const kind = (values.kind ?? 'opt') as TrajectoryMetricKind;
    if (!TRAJECTORY_METRIC_KINDS.includes(kind)) throw new InvalidArgumentError(`--kind ${values.kind}: unknown${didYouMean(String(values.kind), TRAJECTORY_METRIC_KINDS)}; accepted: ${TRAJECTORY_METRIC_KINDS.join(', ')}`);
    let alpha: number | undefined;
    if (values.alpha !== undefined) {
      alpha = Number(values.alpha);
      if (!(alpha > 0 && Number.isFinite(alpha))) throw new InvalidArgumentError(`--alpha ${values.alpha}: must be a number > 0`);
    }
    if (alpha !== undefined && kind !== 'alpha') throw new InvalidArgumentError(`--alpha only applies to --kind alpha (got --kind ${kind})`);
    if (kind === 'alpha' && alpha === undefined) throw new InvalidArgumentError('--kind alpha needs --alpha A (a number > 0)');
    const disc = values.discrete as DiscreteGradientKind | undefined;
    if (disc !== undefined && !DISCRETE_GRADIENT_KINDS.includes(disc)) throw new InvalidArgumentError(`--discrete ${disc}: unknown${didYouMean(disc, DISCRETE_GRADIENT_KINDS)}; accepted: ${DISCRETE_GRADIENT_KINDS.join(', ')}`);
    const file = resolve(io.cwd, positionals[0]!);
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch (e) { throw new InvalidArgumentError(`cannot read ${positionals[0]}: ${(e as Error).message}`); }
    const { config, runs } = readRuns(text, positionals[0]!);
    let problem: Problem | undefined;
    const needProblem = disc !== undefined || (values.out !== undefined && runs.some((r) => r.trajectory.dim === 2));
    if (needProblem) {
      try { problem = await rebuildProblem(config, dirname(file), (m) => io.err(`warning: ${m}\n`)); } catch (e) {
        if (disc !== undefined) throw e;
        io.err(`warning: no loss contours (${(e as Error).message})\n`);
      }
    }
    const results: Array<{ rule: string; g: TrajectoryGeometry; t: Trajectory }> = [];
    for (const { rule, trajectory: t } of runs) {
      const need = disc !== undefined ? (['theta'] as const) : (['grad', 'update'] as const);
      const missing = need.filter((k) => t[k] === undefined);
      if (missing.length) {
        throw new InvalidArgumentError(`${positionals[0]}: run '${rule}': the ${disc !== undefined ? 'discrete' : 'continuous'} view needs ${missing.map((k) => `'${k}'`).join(' and ')} recorded; re-run learnscope run with record: [theta, loss, grad, update] (the default)`);
      }
      const lr = t.lr ?? (typeof t.hyper.lr === 'number' ? t.hyper.lr : 1);
      const g = analyzeTrajectory({ dim: t.dim, steps: t.completed, ...(t.theta ? { theta: t.theta } : {}), ...(t.grad ? { grad: t.grad } : {}),
        ...(t.update ? { update: t.update } : {}), lr }, {
        kind, ...(alpha !== undefined ? { alpha } : {}),
        ...(disc ? { discrete: { kind: disc, loss: (x: Float64Array) => problem!.loss(x), grad: (x: Float64Array) => problem!.grad(x) } } : {}),
      });
      results.push({ rule, g, t });
    }
    if (values.out !== undefined) {
      const dir = resolve(io.cwd, values.out);
      for (const { rule, g, t } of results) {
        const stem = `geometry-${rule}`.replace(/[^A-Za-z0-9._-]/g, '_');
        const p = writeFigure(dir, stem, seriesFigure(rule, g, t.loss).svg);
        io.err(`wrote ${p.svg} and .png\n`);
        if (t.dim === 2 && t.theta && g.metric2) {
          const q = writeFigure(dir, `${stem}-ellipses`, ellipseFigure(rule, t, g, problem).svg);
          io.err(`wrote ${q.svg} and .png\n`);
        }
      }
    }
    if (values.json) {
      const arr = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
      io.out(JSON.stringify({ runs: results.map(({ rule, g }) => ({ rule, kind: g.kind, view: g.view, steps: g.steps, summary: g.summary, status: g.status,
        psiDeg: arr(g.psiDeg), kappaMin: arr(g.kappaMin), kappa: arr(g.kappa), eigMin: arr(g.eigMin), eigMax: arr(g.eigMax), residual: arr(g.residual),
        meanValueResidual: arr(g.meanValueResidual) })) }) + '\n');
    } else {
      io.out(summaryTable(results));
    }
    return 0;
  },
};
