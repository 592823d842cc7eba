/**
 * Optimizer race (Radford's 2014 animations, Dupont's d3 version, pytorch-optimizer's viz protocol): several rules
 * start from one point of a 2-D surface; their trajectories are drawn over the surface's contour map (log-spaced
 * levels) beside a loss-vs-step panel. With `tuneLr`, each rule's lr is picked from a log grid by final loss and
 * the legend says so, so the comparison is fair and the fact is disclosed.
 */
import { InvalidArgumentError } from '../errors.ts';
import { createProblem, problemSpec } from '../problems/index.ts';
import type { Problem } from '../problems/types.ts';
import { createRng } from '../random/index.ts';
import { createRule, getRule } from '../rules/index.ts';
import { run } from '../dynamics/runner.ts';
import { categorical, contour, dot, line, panels, plot, text, type Chart } from '../plot/index.ts';
import { num } from '../plot/format.ts';

export interface RaceOptions {
  /** A 2-D problem id from the problem registry (e.g. rosenbrock). */
  surface: string;
  /** Rule ids from the rule registry, in legend order. */
  rules: string[];
  steps: number;
  /** Start point (default: the surface's canonical start). */
  start?: [number, number];
  seed: number;
  /** Pick each rule's lr from `lrGrid` by final loss. */
  tuneLr?: boolean;
  /** Candidate learning rates for tuning (default 10⁻⁵ … 1 at 1, 3 per decade). */
  lrGrid?: number[];
  /** Per-rule hyperparameter overrides, e.g. { adam: { lr: 0.05 } }. */
  hyper?: Record<string, Record<string, unknown>>;
}

export interface RaceEntry {
  rule: string;
  label: string;
  lr: number;
  tuned: boolean;
  /** θ_0 … θ_steps; a run that diverges is cut where it blew up (see `divergedAt`). */
  x: Float64Array;
  y: Float64Array;
  loss: Float64Array;
  finalLoss: number;
  /** First step whose loss was non-finite or beyond DIVERGENCE_FACTOR × (1 + |f(θ_0)|), or null. */
  divergedAt: number | null;
}

/** A loss this many times above the start's counts as divergence (the run is cut there so the loss panel stays readable). */
export const DIVERGENCE_FACTOR = 1e8;

export interface RaceResult {
  surface: string;
  start: [number, number];
  steps: number;
  seed: number;
  window: [[number, number], [number, number]];
  /** Loss of the best known minimum (f*), or null when the surface declares none. */
  minLoss: number | null;
  minima: Array<[number, number]>;
  entries: RaceEntry[];
}

/** 10⁻⁵ … 1 with 1 and 3 per decade. */
export const defaultLrGrid: readonly number[] = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1];

function surfaceProblem(id: string, seed: number): Problem {
  const spec = problemSpec(id, 'surface');
  const p = createProblem({ id: spec.id }, createRng(seed));
  if (p.dim !== 2 || !p.window) {
    throw new InvalidArgumentError(`race: surface '${id}' has dimension ${p.dim}${p.window ? '' : ' and no plotting window'}; a race needs a 2-D surface with a window (e.g. rosenbrock, beale, himmelblau)`);
  }
  return p;
}

/** One rule's trajectory through the runner, cut at the first step that diverged (that row is kept, so the plot can show where). */
function simulate(problem: Problem, rule: string, hyper: Record<string, unknown>, start: [number, number], steps: number, seed: number): { x: Float64Array; y: Float64Array; loss: Float64Array; divergedAt: number | null } {
  const t = run({ problem, rule: createRule(rule, hyper), steps, seed, init: start, record: ['theta', 'loss'] });
  const loss = t.loss!, limit = DIVERGENCE_FACTOR * (1 + Math.abs(loss[0]!));
  let rows = t.completed + 1, divergedAt: number | null = null;
  for (let k = 0; k < rows; k++) {
    if (!Number.isFinite(loss[k]!) || loss[k]! > limit) { divergedAt = k; rows = k + 1; break; }
  }
  const x = new Float64Array(rows), y = new Float64Array(rows);
  for (let k = 0; k < rows; k++) { x[k] = t.theta![2 * k]!; y[k] = t.theta![2 * k + 1]!; }
  return { x, y, loss: loss.slice(0, rows), divergedAt };
}

/** Lower is better; non-finite losses (divergence) rank last. */
function score(loss: number): number {
  return Number.isFinite(loss) ? loss : Infinity;
}

export function runRace(options: RaceOptions, progress: (message: string, fraction?: number) => void = () => {}): RaceResult {
  if (!Number.isInteger(options.steps) || options.steps < 1) throw new InvalidArgumentError(`race: steps=${options.steps} must be a positive integer`);
  if (options.rules.length === 0) throw new InvalidArgumentError('race: give at least one rule');
  for (const r of options.rules) getRule(r); // unknown ids fail before any work, naming the known ones
  const problem = surfaceProblem(options.surface, options.seed);
  const start: [number, number] = options.start ?? [...problem.init(createRng(options.seed))] as [number, number];
  if (!start.every(Number.isFinite)) throw new InvalidArgumentError(`race: start (${start}) must be two finite numbers`);
  const grid = options.lrGrid ?? defaultLrGrid;
  const entries: RaceEntry[] = [];
  options.rules.forEach((rule, k) => {
    const hyper = options.hyper?.[rule] ?? {};
    let lr: number, tuned = false;
    if (options.tuneLr) {
      let best = Infinity;
      lr = grid[0]!;
      for (const cand of grid) {
        const run = simulate(problem, rule, { ...hyper, lr: cand }, start, options.steps, options.seed);
        const s = run.divergedAt === null ? score(run.loss[run.loss.length - 1]!) : Infinity;
        if (s < best) { best = s; lr = cand; }
      }
      tuned = true;
    } else {
      lr = (hyper.lr as number | undefined) ?? (getRule(rule).params.find((p) => p.name === 'lr')?.default as number);
    }
    const run = simulate(problem, rule, { ...hyper, lr }, start, options.steps, options.seed);
    const finalLoss = run.divergedAt === null ? run.loss[run.loss.length - 1]! : Infinity;
    const label = `${rule} (lr ${num(lr, 3)}${tuned ? ', tuned' : ''}${run.divergedAt === null ? '' : `, diverged at step ${run.divergedAt}`})`;
    entries.push({ rule, label, lr, tuned, ...run, finalLoss });
    progress(`${label}: final loss ${num(finalLoss, 4)}`, (k + 1) / options.rules.length);
  });
  const minima = (problem.minima ?? []).map((m) => [m.theta[0]!, m.theta[1]!] as [number, number]);
  const global = (problem.minima ?? []).filter((m) => m.global).map((m) => m.loss);
  return {
    surface: problem.id, start, steps: options.steps, seed: options.seed, window: problem.window!,
    minLoss: global.length ? Math.min(...global) : null, minima, entries,
  };
}

/**
 * Where the "start" label goes: of the four diagonal placements around the start point, the one that the
 * trajectories' lines cross least (sampled along each segment, in window-normalised coordinates), so the label
 * does not sit on the paths leaving the start, nor leave the map. Ties keep the upper right.
 */
export function startLabelPlacement(result: RaceResult, wx: [number, number], wy: [number, number]): { dx: number; dy: number; anchor: 'start' | 'end' } {
  const u = (x: number): number => (x - wx[0]) / (wx[1] - wx[0]);
  const v = (y: number): number => (y - wy[0]) / (wy[1] - wy[0]);
  const u0 = u(result.start[0]), v0 = v(result.start[1]);
  // Label boxes in normalised units (≈ 40 × 20 px on a 470 × 460 map), beside the start dot.
  const boxes = [
    { sx: 1, sy: 1, placement: { dx: 8, dy: -8, anchor: 'start' as const } },
    { sx: -1, sy: 1, placement: { dx: -8, dy: -8, anchor: 'end' as const } },
    { sx: 1, sy: -1, placement: { dx: 8, dy: 8, anchor: 'start' as const } },
    { sx: -1, sy: -1, placement: { dx: -8, dy: 8, anchor: 'end' as const } },
  ];
  // A box that would leave the map is never chosen over one that fits.
  const counts = boxes.map((b) => {
    const uFar = u0 + b.sx * 0.11, vFar = v0 + b.sy * 0.06;
    return uFar < 0 || uFar > 1 || vFar < 0 || vFar > 1 ? Number.MAX_SAFE_INTEGER / 2 : 0;
  });
  for (const e of result.entries) {
    const n = Math.min(e.x.length, e.divergedAt ?? e.x.length);
    for (let i = 1; i < n; i++) {
      for (let s = 0; s <= 8; s++) {
        const t = s / 8;
        const du = u(e.x[i - 1]! + t * (e.x[i]! - e.x[i - 1]!)) - u0, dv = v(e.y[i - 1]! + t * (e.y[i]! - e.y[i - 1]!)) - v0;
        boxes.forEach((b, k) => {
          const a = du * b.sx, c = dv * b.sy;
          if (a > 0.005 && a < 0.11 && c > 0 && c < 0.06) counts[k]!++;
        });
      }
    }
  }
  let best = 0;
  for (let k = 1; k < boxes.length; k++) if (counts[k]! < counts[best]!) best = k;
  return boxes[best]!.placement;
}

/** Trajectories over log-spaced contours (left) and loss, or loss − f*, per step on a log axis (right). */
export function raceFigure(result: RaceResult, options: { width?: number; height?: number; resolution?: number } = {}): Chart {
  const problem = surfaceProblem(result.surface, result.seed);
  const f = (x: number, y: number): number => problem.loss(Float64Array.of(x, y));
  // Pad the window by 4% so a start or minimum on its edge is drawn whole.
  const pad = (w: [number, number]): [number, number] => [w[0] - 0.04 * (w[1] - w[0]), w[1] + 0.04 * (w[1] - w[0])];
  const wx = pad(result.window[0]), wy = pad(result.window[1]);
  const height = options.height ?? 460, width = options.width ?? 1040, mapWidth = Math.round(width * 0.47);
  const map = plot({
    width: mapWidth, height, title: `${result.surface}: ${result.steps} steps`,
    x: { label: 'θ₁', domain: wx }, y: { label: 'θ₂', domain: wy },
    marks: [
      contour(f, { x: wx, y: wy, levels: 14, spacing: 'log', resolution: options.resolution ?? 100 }),
      ...result.entries.map((e, k) => line({ x: e.x, y: e.y }, { stroke: categorical(k), strokeWidth: 1.6 })),
      ...result.entries.map((e, k) => {
        const last = e.divergedAt === null ? e.x.length - 1 : Math.max(0, e.divergedAt - 1);
        return dot([[e.x[last]!, e.y[last]!]], { fill: categorical(k), r: 4, stroke: 'white', strokeWidth: 0.8, ...(e.divergedAt === null ? {} : { symbol: 'cross' as const }) });
      }),
      dot([result.start], { fill: 'black', r: 4, stroke: 'white' }),
      text(result.start[0], result.start[1], 'start', startLabelPlacement(result, wx, wy)),
      ...(result.minima.length ? [dot(result.minima, { fill: 'black', symbol: 'star', r: 5, stroke: 'white', strokeWidth: 0.6 })] : []),
    ],
    legend: false,
  });
  const shift = result.minLoss ?? 0;
  const positive = result.entries.every((e) => Array.from(e.loss).every((v) => !Number.isFinite(v) || v - shift > 0));
  const loss = plot({
    width: width - mapWidth - 8, height, title: 'loss',
    x: { label: 'step', domain: [0, result.steps] }, y: { label: result.minLoss ? 'f(θ) − f*' : 'f(θ)', type: positive || result.minLoss !== null ? 'log' : 'linear' },
    marks: result.entries.map((e, k) => {
      const shown = e.divergedAt === null ? e.loss : e.loss.subarray(0, e.divergedAt);
      return line(result.minLoss ? Array.from(shown, (v) => v - shift) : shown, { label: e.label, stroke: categorical(k), strokeWidth: 1.4 });
    }),
    legend: 'right',
  });
  return panels([map, loss], { gap: 8 });
}
