/**
 * The benchmark harness: argument parsing, timing (median after warm-up), running peer scripts with
 * /usr/bin/python3, ratios (> 1 means learnscope is faster) and the two output formats (table, JSON lines).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendName } from '../src/kernels/types.ts';
import type { BenchContext, TimingOptions, Workload } from './workload.ts';

export const PEERS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'peers');
/** Debian's python with numpy/scipy/torch; LEARNSCOPE_BENCH_PYTHON overrides it (e.g. to test the no-peer path). */
export const DEFAULT_PYTHON = '/usr/bin/python3';

export interface BenchArgs {
  json: boolean;
  quick: boolean;
  /** Substrings of workload names; a workload runs when its name contains any of them (repeat --filter to add). */
  filter?: string[];
  backend?: BackendName;
  list: boolean;
  help: boolean;
  /** Alternating learnscope/peer rounds (each a median of repeats); the reported values are medians over rounds. */
  rounds?: number;
}

export const USAGE = `usage: npm run bench -- [--json] [--quick] [--filter SUBSTR] [--backend native|portable] [--list]
  --json      one JSON object per workload on stdout: { workload, backend, learnscope, peer, peerName, unit, ratio }
  --quick     one round of fewer repeats (same sizes), for CI
  --rounds N  alternate learnscope and peer measurements N times and report medians (default 3; --quick: 1)
  --filter    run only workloads whose name contains SUBSTR (repeatable: any of them)
  --backend   run in a child process with LEARNSCOPE_BACKEND set to this backend
  --list      list the workloads and exit
ratio > 1 means learnscope is faster than the peer (NumPy/SciPy/PyTorch, run with ${DEFAULT_PYTHON} in the same run).`;

export class BenchArgError extends Error {}

export function parseArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = { json: false, quick: false, list: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new BenchArgError(`${a} needs a value`);
      return v;
    };
    if (a === '--json') out.json = true;
    else if (a === '--quick') out.quick = true;
    else if (a === '--list') out.list = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--filter') out.filter = [...(out.filter ?? []), value()];
    else if (a === '--rounds') {
      const v = value();
      const r = Number(v);
      if (!Number.isInteger(r) || r < 1) throw new BenchArgError(`--rounds ${v}: a positive integer is accepted`);
      out.rounds = r;
    }
    else if (a === '--backend') {
      const v = value();
      if (v !== 'native' && v !== 'portable') throw new BenchArgError(`--backend ${v}: accepted values are native, portable`);
      out.backend = v;
    } else throw new BenchArgError(`unknown argument ${a}`);
  }
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** A call slower than this (ms) in warm-up is measured with at most SLOW_REPS repeats and no further warm-up. */
export const SLOW_CALL_MS = 2000;
export const SLOW_REPS = 3;

export function makeContext(backend: BackendName, quick: boolean): BenchContext {
  const timing: TimingOptions = quick ? { warmup: 1, reps: 3 } : { warmup: 2, reps: 5 };
  return {
    quick, backend, timing,
    timeMs(fn, override = {}) {
      let { warmup, reps } = { ...timing, ...override };
      for (let i = 0; i < warmup; i++) {
        const t0 = performance.now();
        fn();
        // Slow workloads (e.g. portable decompositions of large matrices) get a smaller budget.
        if (performance.now() - t0 > SLOW_CALL_MS) { reps = Math.min(reps, SLOW_REPS); break; }
      }
      const ts: number[] = [];
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        fn();
        ts.push(performance.now() - t0);
      }
      return median(ts);
    },
  };
}

export interface PeerResult {
  value: number | null;
  name: string;
  /** Why the peer is unavailable, when value is null. */
  error?: string;
}

/**
 * Runs a peer script and reads its last stdout line as `{ "name": str, "value": number, "unit": str }`.
 * Any failure (no python, missing numpy, bad output, unit mismatch) yields value null with the reason.
 */
export function runPeer(w: Workload, timing: TimingOptions, python = process.env['LEARNSCOPE_BENCH_PYTHON'] ?? DEFAULT_PYTHON): PeerResult {
  const spec = w.peer!;
  if (!existsSync(python)) return { value: null, name: spec.name, error: `${python} not found` };
  const script = join(PEERS_DIR, spec.script);
  const r = spawnSync(python, [script, ...spec.args, '--warmup', String(timing.warmup), '--reps', String(timing.reps)],
    { encoding: 'utf8', timeout: 600_000 });
  if (r.error) return { value: null, name: spec.name, error: r.error.message };
  if (r.status !== 0) {
    const last = (r.stderr || '').trim().split('\n').pop() ?? '';
    return { value: null, name: spec.name, error: `exit ${r.status}: ${last}` };
  }
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const o = JSON.parse(line) as { name?: unknown; value?: unknown; unit?: unknown };
    if (typeof o.value !== 'number' || !Number.isFinite(o.value) || o.value <= 0) throw new Error(`value ${String(o.value)}`);
    if (o.unit !== w.unit) throw new Error(`unit ${String(o.unit)}, expected ${w.unit}`);
    return { value: o.value, name: typeof o.name === 'string' ? o.name : spec.name };
  } catch (e) {
    return { value: null, name: spec.name, error: `unreadable peer output (${(e as Error).message}): ${line.slice(0, 200)}` };
  }
}

/** learnscope speed relative to the peer: > 1 means learnscope is faster; null without a peer value. */
export function ratio(w: Pick<Workload, 'higherIsBetter'>, learnscope: number, peer: number | null): number | null {
  if (peer === null || !(learnscope > 0)) return null;
  return w.higherIsBetter ? learnscope / peer : peer / learnscope;
}

export interface Row {
  workload: string;
  backend: BackendName;
  learnscope: number;
  peer: number | null;
  peerName: string | null;
  unit: string;
  ratio: number | null;
}

/** The JSON line of one row, with exactly the documented keys in the documented order. */
export function jsonLine(r: Row): string {
  const { workload, backend, learnscope, peer, peerName, unit, ratio: q } = r;
  return JSON.stringify({ workload, backend, learnscope, peer, peerName, unit, ratio: q });
}

const fmt = (x: number | null, digits = 3): string => (x === null ? '–' : x >= 100 ? x.toFixed(1) : x.toPrecision(digits));

/** Target column: `≥ 0.9× peer`, `time ≤ 1.2× peer`, `≥ 10 GFLOP/s`, with ✓/✗ (? without a peer) for the row. */
export function targetText(w: Workload, r: Row): string {
  const parts: string[] = [];
  if (w.target?.ratio !== undefined) {
    const ok = r.ratio === null ? '?' : r.ratio >= w.target.ratio ? '✓' : '✗';
    // Rates: ours ≥ q × peer; times: ours ≤ (1/q) × peer's time.
    parts.push(w.higherIsBetter ? `≥ ${w.target.ratio}× peer ${ok}` : `time ≤ ${+(1 / w.target.ratio).toFixed(3)}× peer ${ok}`);
  }
  if (w.target?.value !== undefined) {
    const ok = w.higherIsBetter ? r.learnscope >= w.target.value : r.learnscope <= w.target.value;
    parts.push(`${w.higherIsBetter ? '≥' : '≤'} ${w.target.value} ${w.unit} ${ok ? '✓' : '✗'}`);
  }
  return parts.join(', ');
}

export function table(rows: { w: Workload; r: Row }[]): string {
  const head = ['workload', 'backend', 'learnscope', 'peer', 'peer name', 'unit', 'ratio', 'target'];
  const body = rows.map(({ w, r }) => [r.workload, r.backend, fmt(r.learnscope), fmt(r.peer), r.peerName ?? '–', r.unit,
    r.ratio === null ? '–' : r.ratio.toFixed(2), targetText(w, r)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((n) => '-'.repeat(n))), ...body.map(line)].join('\n') + '\n' +
    'ratio > 1 means learnscope is faster than the peer (for GFLOP/s: ours / peer; for times: peer / ours).\n';
}
