/**
 * The trajectory of one run, columnar: one flat float64 array per recorded quantity (row-major, `dim` columns
 * for vectors). theta, loss and grad have `completed + 1` rows (row 0 = the initial point); update, lr and
 * batchLoss have `completed` rows (update[k] = θ_{k+1} − θ_k); state holds plain-data snapshots of the rule state
 * after each update. `completed < steps` only when the run diverged (a non-finite loss or θ stops it).
 * JSON form: vectors as arrays of rows, non-finite numbers as null.
 */
import { InvalidArgumentError } from '../errors.ts';

export const RECORD_KEYS = ['theta', 'loss', 'grad', 'update', 'lr', 'batchLoss', 'state'] as const;
export type RecordKey = (typeof RECORD_KEYS)[number];

export interface Trajectory {
  problem: string;
  rule: string;
  /** The rule's hyperparameters at the start (schedules change lr per step; see `lr`). */
  hyper: Record<string, unknown>;
  dim: number;
  seed: number | string;
  /** Updates requested. */
  steps: number;
  /** Updates applied (= steps unless diverged). */
  completed: number;
  record: RecordKey[];
  theta?: Float64Array;
  loss?: Float64Array;
  grad?: Float64Array;
  update?: Float64Array;
  lr?: Float64Array;
  batchLoss?: Float64Array;
  state?: unknown[];
  /** True when a non-finite loss or θ stopped the run. */
  diverged: boolean;
  /** The row (θ index) at which the loss or θ first became non-finite, else null. */
  divergedAt: number | null;
  /** Batch size and completed epochs for data problems run on minibatches. */
  batchSize?: number;
  epochs?: number;
}

const VECTOR_KEYS = new Set<RecordKey>(['theta', 'grad', 'update']);

/** Row `k` of a recorded vector quantity (a view, not a copy). */
export function row(t: Trajectory, key: 'theta' | 'grad' | 'update', k: number): Float64Array {
  const a = t[key];
  if (!a) throw new InvalidArgumentError(`trajectory: '${key}' was not recorded; recorded: ${t.record.join(', ')}`);
  const rows = a.length / t.dim;
  if (!Number.isInteger(k) || k < 0 || k >= rows) throw new InvalidArgumentError(`trajectory: ${key} row ${k} out of range 0…${rows - 1}`);
  return a.subarray(k * t.dim, (k + 1) * t.dim);
}

/** The last θ of the run (requires theta recorded). */
export function finalTheta(t: Trajectory): Float64Array {
  return row(t, 'theta', t.completed);
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

function rows(a: Float64Array, dim: number): (number | null)[][] {
  const out: (number | null)[][] = [];
  for (let k = 0; k < a.length / dim; k++) out.push(Array.from(a.subarray(k * dim, (k + 1) * dim), num));
  return out;
}

/** Plain JSON-able form: vectors as arrays of rows, non-finite numbers as null. */
export function trajectoryToJSON(t: Trajectory): Record<string, unknown> {
  const out: Record<string, unknown> = {
    problem: t.problem, rule: t.rule, hyper: t.hyper, dim: t.dim, seed: t.seed, steps: t.steps,
    completed: t.completed, record: t.record, diverged: t.diverged, divergedAt: t.divergedAt,
  };
  if (t.batchSize !== undefined) { out.batchSize = t.batchSize; out.epochs = t.epochs; }
  for (const key of t.record) {
    const v = t[key];
    if (v === undefined) continue;
    if (key === 'state') out.state = v;
    else out[key] = VECTOR_KEYS.has(key) ? rows(v as Float64Array, t.dim) : Array.from(v as Float64Array, num);
  }
  return out;
}

/** Inverse of `trajectoryToJSON` (null → NaN). */
export function trajectoryFromJSON(j: Record<string, unknown>): Trajectory {
  const t = { ...j } as unknown as Trajectory;
  const back = (v: unknown): Float64Array => Float64Array.from((v as (number | null)[][] | (number | null)[]).flat(), (x) => (x === null ? NaN : x));
  for (const key of t.record) {
    if (key !== 'state' && j[key] !== undefined) (t as unknown as Record<string, unknown>)[key] = back(j[key]);
  }
  return t;
}

/** A deep plain-data copy of a rule state (typed arrays → number arrays) for the `state` record. */
export function snapshot(state: unknown): unknown {
  if (state === null || typeof state !== 'object') return state;
  if (ArrayBuffer.isView(state)) return Array.from(state as unknown as ArrayLike<number>);
  if (Array.isArray(state)) return state.map(snapshot);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) out[k] = snapshot(v);
  return out;
}
