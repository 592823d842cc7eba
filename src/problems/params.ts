/**
 * Validation of options against `ParamSpec` lists (problems and rules alike), so the CLI, the config loader and
 * the docs all derive from the registries. Errors are `ConfigError`s that name the field path (e.g.
 * `rule.betas[1]`) and what is accepted; nothing is clamped.
 */
import { ConfigError } from '../errors.ts';
import type { ParamSpec } from './types.ts';

function describe(spec: ParamSpec): string {
  const range = spec.min !== undefined || spec.max !== undefined
    ? ` in ${spec.minExclusive ? '(' : '['}${spec.min ?? '-∞'}, ${spec.max ?? '∞'}${spec.maxExclusive ? ')' : ']'}`
    : '';
  switch (spec.kind) {
    case 'number': return `a finite number${range}`;
    case 'integer': return `an integer${range}`;
    case 'boolean': return 'true or false';
    case 'string': return 'a string';
    case 'enum': return `one of ${(spec.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'number[]': return `an array of ${spec.length !== undefined ? `${spec.length} ` : ''}finite numbers${range}`;
    case 'matrix': return 'a square or rectangular array of equal-length rows of finite numbers';
  }
}

function checkNumber(spec: ParamSpec, v: unknown, path: string, integer: boolean): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new ConfigError(path, `got ${JSON.stringify(v)}; expected ${describe(spec)}`);
  }
  const lowOk = spec.min === undefined || (spec.minExclusive ? v > spec.min : v >= spec.min);
  const highOk = spec.max === undefined || (spec.maxExclusive ? v < spec.max : v <= spec.max);
  if (!lowOk || !highOk) throw new ConfigError(path, `got ${v}; expected ${describe(spec)}`);
  return v;
}

/** Checks one value against its spec; returns it (arrays copied as plain number arrays). */
export function checkParam(spec: ParamSpec, v: unknown, path: string): unknown {
  switch (spec.kind) {
    case 'number': return checkNumber(spec, v, path, false);
    case 'integer': return checkNumber(spec, v, path, true);
    case 'boolean':
      if (typeof v !== 'boolean') throw new ConfigError(path, `got ${JSON.stringify(v)}; expected true or false`);
      return v;
    case 'string':
      if (typeof v !== 'string') throw new ConfigError(path, `got ${JSON.stringify(v)}; expected a string`);
      return v;
    case 'enum':
      if (typeof v !== 'string' || !(spec.values ?? []).includes(v)) {
        throw new ConfigError(path, `got ${JSON.stringify(v)}; expected ${describe(spec)}`);
      }
      return v;
    case 'number[]': {
      if (!Array.isArray(v)) throw new ConfigError(path, `got ${JSON.stringify(v)}; expected ${describe(spec)}`);
      if (spec.length !== undefined && v.length !== spec.length) {
        throw new ConfigError(path, `has ${v.length} entries; expected ${describe(spec)}`);
      }
      return v.map((x, i) => checkNumber({ ...spec, kind: 'number' }, x, `${path}[${i}]`, false));
    }
    case 'matrix': {
      if (!Array.isArray(v) || v.length === 0 || !v.every((r) => Array.isArray(r))) {
        throw new ConfigError(path, `got ${JSON.stringify(v)}; expected ${describe(spec)}`);
      }
      const cols = (v[0] as unknown[]).length;
      return v.map((row: unknown[], i) => {
        if (row.length !== cols) throw new ConfigError(`${path}[${i}]`, `has ${row.length} entries but row 0 has ${cols}; rows must have equal length`);
        return row.map((x, j) => checkNumber({ ...spec, kind: 'number' }, x, `${path}[${i}][${j}]`, false));
      });
    }
  }
}

/**
 * Resolves `options` (an object from a config, `id` and other `reserved` keys excluded) against `specs`:
 * unknown keys are rejected with the list of accepted ones, values are checked, defaults filled in.
 */
export function resolveParams(specs: readonly ParamSpec[], options: Record<string, unknown>, path: string,
  reserved: readonly string[] = ['id']): Record<string, unknown> {
  const names = specs.map((s) => s.name);
  for (const key of Object.keys(options)) {
    if (reserved.includes(key)) continue;
    if (!names.includes(key)) {
      throw new ConfigError(`${path}.${key}`, `unknown key; accepted keys are ${[...reserved, ...names].join(', ')}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const v = options[spec.name];
    if (v === undefined || v === null) {
      if (spec.required) throw new ConfigError(`${path}.${spec.name}`, `is required (${describe(spec)}: ${spec.doc})`);
      if (spec.default !== undefined) out[spec.name] = spec.default;
      continue;
    }
    out[spec.name] = checkParam(spec, v, `${path}.${spec.name}`);
  }
  return out;
}

/** One line per parameter for `learnscope list` and docs: `name (kind, default X, range): doc`. */
export function describeParam(spec: ParamSpec): string {
  const def = spec.required ? 'required' : spec.default === undefined ? 'optional' : `default ${JSON.stringify(spec.default)}`;
  return `${spec.name}: ${describe(spec)}, ${def} — ${spec.doc}`;
}
