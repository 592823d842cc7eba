/**
 * The `learnscope run` config: parsing (YAML or JSON) and validation derived from the registries' ParamSpecs.
 * Errors are ConfigErrors naming the field path (`rule.betas[1]`, `rules[2].lr`, `schedule.then.tMax`) and what is
 * accepted; unknown keys are rejected with the list of accepted ones. The resolved config (defaults filled in) is
 * what output files echo, so a run can be reproduced from its output.
 *
 *   problem: { id: quadratic, A: [[3, 0.5], [0.5, 1]], b: [1, -1] }   # or { module: ./my-problem.mjs }
 *   init: [1.5, -0.5]          # optional: default the problem's seeded start
 *   rule: { id: adam, lr: 0.01 } # or rules: [ { id: sgd, lr: 0.1 }, adam, … ] (an id alone takes the defaults)
 *   steps: 200                 # default 100
 *   seed: 0                    # integer or string, default 0
 *   record: [theta, loss, grad, update]
 *   batchSize: 32              # data problems only
 *   schedule: { id: cosine, tMax: 200 }
 */
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.ts';
import { problems } from '../problems/index.ts';
import { resolveParams } from '../problems/params.ts';
import type { ProblemSpec } from '../problems/types.ts';
import { rules as ruleRegistry } from '../rules/index.ts';
import type { Rule, RuleSpec } from '../rules/types.ts';
import { resolveSchedule } from '../dynamics/schedules.ts';
import { DEFAULT_RECORD } from '../dynamics/runner.ts';
import { RECORD_KEYS, type RecordKey } from '../dynamics/trajectory.ts';
import { didYouMean } from './flags.ts';

export const CONFIG_KEYS = ['problem', 'init', 'rule', 'rules', 'steps', 'seed', 'record', 'batchSize', 'schedule'] as const;

export type ProblemConfig = ({ id: string } & Record<string, unknown>) | { module: string };

export interface RunConfig {
  problem: ProblemConfig;
  init?: number[];
  /** One entry per rule, hyperparameters resolved (defaults filled in). */
  rules: ({ id: string } & Record<string, unknown>)[];
  /** True when the config used `rules: [...]` (output then has `runs`). */
  multi: boolean;
  steps: number;
  seed: number | string;
  record: RecordKey[];
  batchSize?: number;
  schedule?: Record<string, unknown>;
}

export interface Registries {
  problems: readonly ProblemSpec[];
  rules: readonly RuleSpec[];
}

const defaultRegistries: Registries = { problems, rules: ruleRegistry };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** JSON.stringify shows NaN and ±Infinity as null; error messages must show what the user wrote. */
const show = (v: unknown): string => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v) ?? String(v));

/** NaN is never a valid setting (YAML `.nan`); reject it with its path before the per-field checks, which would print it as null. */
function rejectNaN(v: unknown, path: string): void {
  if (typeof v === 'number' && Number.isNaN(v)) throw new ConfigError(path, 'got NaN; expected a number (NaN is not accepted anywhere in a config)');
  if (Array.isArray(v)) v.forEach((x, i) => rejectNaN(x, `${path}[${i}]`));
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) rejectNaN(x, path === '' ? k : `${path}.${k}`);
}

/** Unknown hyperparameter keys, with the closest accepted one suggested (resolveParams would list them without a hint). */
function checkKeys(raw: Record<string, unknown>, names: readonly string[], path: string): void {
  for (const k of Object.keys(raw)) {
    if (k === 'id' || names.includes(k)) continue;
    throw new ConfigError(`${path}.${k}`, `unknown key${didYouMean(k, names)}; accepted keys are ${['id', ...names].join(', ')}`);
  }
}

/** Parses config text: JSON for `.json` files, YAML otherwise (YAML is a superset of JSON). */
export function parseConfigText(text: string, filename = 'config'): unknown {
  try {
    return filename.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError('(file)', `${filename} is not valid ${filename.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
}

function validateProblem(raw: unknown, reg: Registries): ProblemConfig {
  const ids = reg.problems.map((p) => p.id);
  if (typeof raw === 'string') raw = { id: raw };
  if (!isObject(raw)) throw new ConfigError('problem', `is ${raw === undefined ? 'missing' : JSON.stringify(raw)}; expected { id, … } with id one of ${ids.join(', ')}, or { module: "./file.mjs" }`);
  if ('module' in raw) {
    const extra = Object.keys(raw).filter((k) => k !== 'module');
    if (extra.length) throw new ConfigError(`problem.${extra[0]}`, 'unknown key; a module problem accepts only module');
    if (typeof raw.module !== 'string' || raw.module === '') throw new ConfigError('problem.module', `got ${JSON.stringify(raw.module)}; expected a path to an ES module`);
    return { module: raw.module };
  }
  const spec = reg.problems.find((p) => p.id === raw.id);
  if (!spec) throw new ConfigError('problem.id', `${raw.id === undefined ? 'is missing' : `unknown problem ${show(raw.id)}${didYouMean(String(raw.id), ids)}`}; accepted: ${ids.join(', ')} (or module)`);
  checkKeys(raw, spec.params.map((p) => p.name), 'problem');
  return { id: spec.id, ...resolveParams(spec.params, raw, 'problem') };
}

function validateRule(raw: unknown, path: string, reg: Registries): { id: string } & Record<string, unknown> {
  const ids = reg.rules.map((r) => r.id);
  if (typeof raw === 'string') raw = { id: raw };
  if (!isObject(raw)) throw new ConfigError(path, `got ${JSON.stringify(raw)}; expected { id, …hyperparameters } with id one of ${ids.join(', ')}`);
  const spec = reg.rules.find((r) => r.id === raw.id);
  if (!spec) throw new ConfigError(`${path}.id`, `${raw.id === undefined ? 'is missing' : `unknown rule ${show(raw.id)}${didYouMean(String(raw.id), ids)}`}; accepted: ${ids.join(', ')}`);
  checkKeys(raw, spec.params.map((p) => p.name), path);
  const resolved = { id: spec.id, ...resolveParams(spec.params, raw, path) };
  buildRule(resolved, path, reg); // runs the rule's own cross-parameter checks now, with this path
  return resolved;
}

/** Builds the rule from a validated entry; a rule's own ConfigError (path `ruleId.name`) is re-pathed to `path.name`. */
export function buildRule(entry: { id: string } & Record<string, unknown>, path: string, reg: Registries = defaultRegistries): Rule {
  const spec = reg.rules.find((r) => r.id === entry.id)!;
  const { id: _id, ...hyper } = entry;
  try {
    return spec.create(hyper);
  } catch (e) {
    if (e instanceof ConfigError) {
      const message = e.message.replace(`config ${e.path}: `, '');
      const name = e.path.startsWith(`${entry.id}.`) ? e.path.slice(entry.id.length + 1) : e.path;
      throw new ConfigError(`${path}.${name}`, message);
    }
    throw e;
  }
}

function checkInteger(v: unknown, path: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ConfigError(path, `got ${show(v)}; expected an integer ≥ ${min}`);
  return v;
}

/** Validates a parsed config object against the registries and fills in defaults. */
export function validateConfig(raw: unknown, reg: Registries = defaultRegistries): RunConfig {
  if (!isObject(raw)) throw new ConfigError('(root)', `expected a mapping with keys ${CONFIG_KEYS.join(', ')}; got ${JSON.stringify(raw)}`);
  for (const k of Object.keys(raw)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(k)) throw new ConfigError(k, `unknown key${didYouMean(k, CONFIG_KEYS)}; accepted keys are ${CONFIG_KEYS.join(', ')}`);
  }
  rejectNaN(raw, '');
  const problem = validateProblem(raw.problem, reg);
  if (raw.rule !== undefined && raw.rules !== undefined) throw new ConfigError('rules', 'give either rule or rules, not both');
  let ruleList: ({ id: string } & Record<string, unknown>)[];
  if (raw.rules !== undefined) {
    if (!Array.isArray(raw.rules) || raw.rules.length === 0) throw new ConfigError('rules', `got ${JSON.stringify(raw.rules)}; expected a non-empty list of rules`);
    ruleList = raw.rules.map((r, i) => validateRule(r, `rules[${i}]`, reg));
  } else if (raw.rule !== undefined) {
    ruleList = [validateRule(raw.rule, 'rule', reg)];
  } else {
    throw new ConfigError('rule', `is missing; give rule: { id, … } or rules: [ … ] with ids from ${reg.rules.map((r) => r.id).join(', ')}`);
  }
  const out: RunConfig = {
    problem,
    rules: ruleList,
    multi: raw.rules !== undefined,
    steps: raw.steps === undefined ? 100 : checkInteger(raw.steps, 'steps', 0),
    seed: 0,
    record: [...DEFAULT_RECORD],
  };
  if (raw.seed !== undefined) {
    if (!(typeof raw.seed === 'string' || (typeof raw.seed === 'number' && Number.isInteger(raw.seed) && raw.seed >= 0))) {
      throw new ConfigError('seed', `got ${show(raw.seed)}; expected an integer ≥ 0 or a string`);
    }
    out.seed = raw.seed;
  }
  if (raw.init !== undefined) {
    if (!Array.isArray(raw.init) || raw.init.length === 0) throw new ConfigError('init', `got ${JSON.stringify(raw.init)}; expected a list of finite numbers (θ₀)`);
    out.init = raw.init.map((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(`init[${i}]`, `got ${show(v)}; expected a finite number`);
      return v;
    });
  }
  if (raw.record !== undefined) {
    if (!Array.isArray(raw.record)) throw new ConfigError('record', `got ${JSON.stringify(raw.record)}; expected a list of ${RECORD_KEYS.join(', ')}`);
    out.record = raw.record.map((v, i) => {
      if (!(RECORD_KEYS as readonly unknown[]).includes(v)) throw new ConfigError(`record[${i}]`, `got ${JSON.stringify(v)}; accepted: ${RECORD_KEYS.join(', ')}`);
      return v as RecordKey;
    });
  }
  if (raw.batchSize !== undefined) out.batchSize = checkInteger(raw.batchSize, 'batchSize', 1);
  if (raw.schedule !== undefined) {
    out.schedule = resolveSchedule(raw.schedule, 'schedule');
  }
  return out;
}
