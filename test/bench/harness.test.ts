// The benchmark harness without timing anything: argument parsing, ratio direction, the exact JSON line, and
// peers that are missing, broken or well-behaved (fake python executables in a temp directory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BenchArgError, PEERS_DIR, jsonLine, median, parseArgs, ratio, runPeer, table } from '../../bench/harness.ts';
import { workloads } from '../../bench/workloads/index.ts';
import type { Workload } from '../../bench/workload.ts';

const fakeWorkload: Workload = {
  name: 'fake', summary: 'fake', unit: 'ms', higherIsBetter: false, target: { ratio: 1 / 1.2 },
  run: () => 1, peer: { script: 'linalg.py', args: [], name: 'numpy' },
};

test('parseArgs accepts the documented flags and rejects the rest', () => {
  assert.deepEqual(parseArgs(['--json', '--quick', '--filter', 'eigh', '--backend', 'portable']),
    { json: true, quick: true, list: false, help: false, filter: ['eigh'], backend: 'portable' });
  assert.deepEqual(parseArgs(['--filter', 'a', '--filter', 'b']).filter, ['a', 'b']);
  assert.throws(() => parseArgs(['--rounds', '0']), /--rounds 0: a positive integer is accepted/);
  assert.throws(() => parseArgs(['--backend', 'gpu']), (e: unknown) => e instanceof BenchArgError && /accepted values are native, portable/.test(e.message));
  assert.throws(() => parseArgs(['--filter']), /--filter needs a value/);
  assert.throws(() => parseArgs(['--fast']), /unknown argument --fast/);
});

test('median and ratio direction (> 1 means learnscope is faster)', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(ratio({ higherIsBetter: true }, 90, 100), 0.9); // GFLOP/s: ours / peer
  assert.equal(ratio({ higherIsBetter: false }, 50, 100), 2); // ms: peer / ours
  assert.equal(ratio({ higherIsBetter: false }, 50, null), null);
});

test('JSON line has exactly the documented keys in order', () => {
  const row = { workload: 'w', backend: 'native' as const, learnscope: 2, peer: null, peerName: 'numpy', unit: 'ms', ratio: null };
  const o = JSON.parse(jsonLine({ ...row, extra: 1 } as typeof row));
  assert.deepEqual(Object.keys(o), ['workload', 'backend', 'learnscope', 'peer', 'peerName', 'unit', 'ratio']);
  assert.match(table([{ w: fakeWorkload, r: { ...row, peer: 3, ratio: 1.5 } }]), /time ≤ 1\.2× peer ✓/);
});

test('peers: missing python, failing script and valid output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'learnscope-bench-'));
  try {
    const fake = (name: string, body: string): string => {
      const p = join(dir, name);
      writeFileSync(p, `#!/bin/sh\n${body}\n`);
      chmodSync(p, 0o755);
      return p;
    };
    const timing = { warmup: 0, reps: 1 };
    const missing = runPeer(fakeWorkload, timing, join(dir, 'no-python'));
    assert.equal(missing.value, null);
    assert.match(missing.error!, /not found/);
    const noNumpy = runPeer(fakeWorkload, timing, fake('py-no-numpy', `echo "ModuleNotFoundError: No module named 'numpy'" >&2; exit 1`));
    assert.equal(noNumpy.value, null);
    assert.match(noNumpy.error!, /exit 1: ModuleNotFoundError/);
    const ok = runPeer(fakeWorkload, timing, fake('py-ok', `echo progress; echo '{"name": "scipy", "value": 12.5, "unit": "ms"}'`));
    assert.deepEqual(ok, { value: 12.5, name: 'scipy' });
    const wrongUnit = runPeer(fakeWorkload, timing, fake('py-unit', `echo '{"name": "numpy", "value": 1, "unit": "GFLOP/s"}'`));
    assert.equal(wrongUnit.value, null);
    assert.match(wrongUnit.error!, /unit GFLOP\/s, expected ms/);
    const garbage = runPeer(fakeWorkload, timing, fake('py-garbage', 'echo hello'));
    assert.equal(garbage.value, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('registry: unique names, peers exist, and the runner lists them and rejects bad flags', () => {
  const names = workloads.map((w) => w.name);
  assert.equal(new Set(names).size, names.length);
  for (const w of workloads) if (w.peer) assert.ok(existsSync(join(PEERS_DIR, w.peer.script)), `${w.name}: peer ${w.peer.script}`);
  for (const n of ['gemm-1024', 'gemm-1024-portable', 'eigh-500', 'svd-300', 'cholesky-solve-2000']) assert.ok(names.includes(n), n);
  const list = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--list'], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  for (const n of names) assert.match(list.stdout, new RegExp(`^${n} `, 'm'));
  const bad = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--backend', 'gpu'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /--backend gpu: accepted values are native, portable/);
});
