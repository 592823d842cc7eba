/**
 * Learning-rate schedules, one registry. A schedule maps the 0-based update index t and the rule's base lr to the
 * lr used by update t; the runner writes it into `ctx.hyper.lr` before each step (so rule state is kept).
 * Closed forms follow torch.optim.lr_scheduler (1.13) where one exists, stepping once per update as torch's
 * `scheduler.step()` after `optimizer.step()`:
 *   constant     lr
 *   step         StepLR:            lr·γ^⌊t/stepSize⌋
 *   exponential  ExponentialLR:     lr·γ^t
 *   cosine       CosineAnnealingLR: ηmin + (lr − ηmin)(1 + cos(π t/tMax))/2   (the closed form, periodic past tMax)
 *   inverse-time (TF InverseTimeDecay; torch has none): lr/(1 + decayRate·t/decaySteps), t/decaySteps floored if staircase
 *   warmup       LinearLR(startFactor, 1, steps) for t < steps, then `then` (default constant) at t − steps,
 *                as SequentialLR([LinearLR, then], milestones=[steps])
 */
import { ConfigError } from '../errors.ts';
import type { ParamSpec } from '../problems/types.ts';
import { resolveParams } from '../problems/params.ts';

export type Schedule = (t: number, baseLr: number) => number;

export interface ScheduleSpec {
  id: string;
  summary: string;
  params: ParamSpec[];
  /** Keys holding nested schedules (validated recursively), e.g. warmup's `then`. */
  nested?: string[];
  create(options: Record<string, unknown>, path: string): Schedule;
}

const constant: ScheduleSpec = {
  id: 'constant', summary: 'the base lr at every step', params: [],
  create: () => (_t, lr) => lr,
};

const step: ScheduleSpec = {
  id: 'step', summary: 'torch StepLR: lr·gamma^⌊t/stepSize⌋',
  params: [
    { name: 'stepSize', kind: 'integer', required: true, min: 1, doc: 'updates between decays' },
    { name: 'gamma', kind: 'number', default: 0.1, min: 0, doc: 'multiplicative decay' },
  ],
  create: (o) => {
    const s = o.stepSize as number, g = o.gamma as number;
    return (t, lr) => lr * g ** Math.floor(t / s);
  },
};

const exponential: ScheduleSpec = {
  id: 'exponential', summary: 'torch ExponentialLR: lr·gamma^t',
  params: [{ name: 'gamma', kind: 'number', required: true, min: 0, doc: 'multiplicative decay per update' }],
  create: (o) => {
    const g = o.gamma as number;
    return (t, lr) => lr * g ** t;
  },
};

const cosine: ScheduleSpec = {
  id: 'cosine', summary: 'torch CosineAnnealingLR (closed form): etaMin + (lr − etaMin)(1 + cos(π t/tMax))/2',
  params: [
    { name: 'tMax', kind: 'integer', required: true, min: 1, doc: 'half-period in updates (torch T_max)' },
    { name: 'etaMin', kind: 'number', default: 0, min: 0, doc: 'minimum lr (torch eta_min)' },
  ],
  create: (o) => {
    const T = o.tMax as number, eta = o.etaMin as number;
    return (t, lr) => eta + (lr - eta) * (1 + Math.cos(Math.PI * t / T)) / 2;
  },
};

const inverseTime: ScheduleSpec = {
  id: 'inverse-time', summary: 'TF InverseTimeDecay: lr/(1 + decayRate·t/decaySteps)',
  params: [
    { name: 'decayRate', kind: 'number', required: true, min: 0, doc: 'decay rate' },
    { name: 'decaySteps', kind: 'number', default: 1, min: 0, minExclusive: true, doc: 'updates per unit of decay' },
    { name: 'staircase', kind: 'boolean', default: false, doc: 'floor t/decaySteps (decay in discrete stairs)' },
  ],
  create: (o) => {
    const r = o.decayRate as number, s = o.decaySteps as number, stair = o.staircase as boolean;
    return (t, lr) => lr / (1 + r * (stair ? Math.floor(t / s) : t / s));
  },
};

const warmup: ScheduleSpec = {
  id: 'warmup',
  summary: 'torch LinearLR warm-up from startFactor·lr to lr over `steps`, then the `then` schedule (SequentialLR)',
  params: [
    { name: 'steps', kind: 'integer', required: true, min: 1, doc: 'warm-up length (torch total_iters, the SequentialLR milestone)' },
    { name: 'startFactor', kind: 'number', default: 1 / 3, min: 0, max: 1, minExclusive: true, doc: 'initial lr factor (torch LinearLR start_factor, in (0, 1])' },
  ],
  nested: ['then'],
  create: (o, path) => {
    const m = o.steps as number, f0 = o.startFactor as number;
    const then = o.then === undefined ? constant.create({}, path) : createSchedule(o.then, `${path}.then`);
    return (t, lr) => (t < m ? lr * (f0 + (1 - f0) * t / m) : then(t - m, lr));
  },
};

export const schedules: readonly ScheduleSpec[] = [constant, step, exponential, cosine, inverseTime, warmup];

/** Validates a schedule config (`{ id, ...params }` or an id string) and returns it with defaults filled in (nested too). */
export function resolveSchedule(options: unknown, path = 'schedule'): Record<string, unknown> {
  const o = typeof options === 'string' ? { id: options } : options;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new ConfigError(path, `got ${JSON.stringify(options)}; expected { id, … } with id one of ${schedules.map((s) => s.id).join(', ')}`);
  }
  const rec = o as Record<string, unknown>;
  const spec = schedules.find((s) => s.id === rec.id);
  if (!spec) throw new ConfigError(`${path}.id`, `unknown schedule ${JSON.stringify(rec.id)}; accepted: ${schedules.map((s) => s.id).join(', ')}`);
  const resolved: Record<string, unknown> = { id: spec.id, ...resolveParams(spec.params, rec, path, ['id', ...(spec.nested ?? [])]) };
  for (const k of spec.nested ?? []) if (rec[k] !== undefined) resolved[k] = resolveSchedule(rec[k], `${path}.${k}`);
  return resolved;
}

/** Validates a schedule config and builds it; errors name `path`. */
export function createSchedule(options: unknown, path = 'schedule'): Schedule {
  const resolved = resolveSchedule(options, path);
  return schedules.find((s) => s.id === resolved.id)!.create(resolved, path);
}
