/**
 * Temperature (annealing) schedules, one registry: T(t) for the 0-based update index t, given the base
 * temperature T₀ of the sampler. Conventions (k = t + 1 is the 1-based step of Hajek 1988):
 *   constant     T₀
 *   logarithmic  c / log(k + 1)  — Hajek: reaches the global minima with probability → 1 iff c ≥ d* (critical depth)
 *   geometric    T₀·α^t          — the usual fast "exponential cooling" (no guarantee)
 *   linear       T₀ + (T_end − T₀)·t/duration for t < duration, then T_end
 *   list         values[⌊t/every⌋], holding the last value after the list ends
 */
import { ConfigError } from '../errors.ts';
import type { ParamSpec } from '../problems/types.ts';
import { resolveParams } from '../problems/params.ts';

export type TemperatureSchedule = (t: number, baseT: number) => number;

export interface TemperatureScheduleSpec {
  id: string;
  summary: string;
  params: ParamSpec[];
  create(options: Record<string, unknown>, path: string): TemperatureSchedule;
}

const constant: TemperatureScheduleSpec = {
  id: 'constant', summary: 'the base temperature T₀ at every step', params: [],
  create: () => (_t, T) => T,
};

const logarithmic: TemperatureScheduleSpec = {
  id: 'logarithmic', summary: 'Hajek cooling c/log(k + 1), k = t + 1 (converges to the global minima iff c ≥ d*)',
  params: [{ name: 'c', kind: 'number', required: true, min: 0, minExclusive: true, doc: 'cooling constant c (compare with the critical depth d*)' }],
  create: (o) => { const c = o.c as number; return (t) => c / Math.log(t + 2); },
};

const geometric: TemperatureScheduleSpec = {
  id: 'geometric', summary: 'exponential cooling T₀·alpha^t',
  params: [{ name: 'alpha', kind: 'number', required: true, min: 0, max: 1, minExclusive: true, doc: 'decay per step α ∈ (0, 1]' }],
  create: (o) => { const a = o.alpha as number; return (t, T) => T * Math.pow(a, t); },
};

const linear: TemperatureScheduleSpec = {
  id: 'linear', summary: 'T₀ → end linearly over `duration` steps, then end',
  params: [
    { name: 'end', kind: 'number', required: true, min: 0, doc: 'final temperature' },
    { name: 'duration', kind: 'integer', required: true, min: 1, doc: 'steps of the ramp' },
  ],
  create: (o) => {
    const end = o.end as number, n = o.duration as number;
    return (t, T) => (t < n ? T + (end - T) * (t / n) : end);
  },
};

const list: TemperatureScheduleSpec = {
  id: 'list', summary: 'a user list: values[⌊t/every⌋], holding the last value',
  params: [
    { name: 'values', kind: 'number[]', required: true, min: 0, doc: 'temperatures, each held for `every` steps' },
    { name: 'every', kind: 'integer', default: 1, min: 1, doc: 'steps per value' },
  ],
  create: (o, path) => {
    const v = o.values as number[], every = o.every as number;
    if (v.length === 0) throw new ConfigError(`${path}.values`, 'is empty; expected at least one temperature');
    return (t) => v[Math.min(v.length - 1, Math.floor(t / every))]!;
  },
};

export const temperatureSchedules: readonly TemperatureScheduleSpec[] = [constant, logarithmic, geometric, linear, list];

/** Validates `{ id, ...params }` against the registry and builds the schedule. */
export function createTemperatureSchedule(options: Record<string, unknown>, path = 'schedule'): TemperatureSchedule {
  const ids = temperatureSchedules.map((s) => s.id);
  const spec = temperatureSchedules.find((s) => s.id === options.id);
  if (!spec) throw new ConfigError(`${path}.id`, `${options.id === undefined ? 'is missing' : `unknown temperature schedule ${JSON.stringify(options.id)}`}; accepted: ${ids.join(', ')}`);
  return spec.create(resolveParams(spec.params, options, path), path);
}
