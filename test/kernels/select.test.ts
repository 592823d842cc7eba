/**
 * Backend selection (src/kernels/index.ts) and `learnscope doctor --json`, each in a fresh process because the
 * choice is made once at load: LEARNSCOPE_BACKEND=portable|native|<bad>, and a forced native backend whose addon
 * is missing (LEARNSCOPE_NATIVE_ADDON points nowhere) must fail loudly with the fix, never fall back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { backendInfo, kernels, nativeKernels, portableKernels } from '../../src/kernels/index.ts';
import { nativeAddonBuilt } from '../../src/kernels/native/load-node.ts';

function doctor(env: Record<string, string>): { status: number | null; report: Record<string, unknown> } {
  const base = { ...process.env };
  delete base['LEARNSCOPE_BACKEND'];
  delete base['LEARNSCOPE_NATIVE_ADDON'];
  const r = spawnSync(process.execPath, ['bin/learnscope.mjs', 'doctor', '--json'], { env: { ...base, ...env }, encoding: 'utf8' });
  assert.equal(r.stdout.trim().split('\n').length, 1, `doctor --json prints one line of JSON; stderr: ${r.stderr}`);
  return { status: r.status, report: JSON.parse(r.stdout) as Record<string, unknown> };
}

test('in-process: kernels() matches backendInfo(), and the accessors are stable', () => {
  const info = backendInfo();
  if (info.ok) assert.equal(kernels().name, info.name);
  else assert.throws(() => kernels(), { name: 'BackendUnavailableError' });
  assert.equal(portableKernels.name, 'portable');
  assert.equal(nativeKernels(), nativeKernels());
});

test('LEARNSCOPE_BACKEND=portable forces the portable backend; self-check passes', () => {
  const { status, report } = doctor({ LEARNSCOPE_BACKEND: 'portable' });
  assert.equal(status, 0);
  assert.equal(report['backend'], 'portable');
  assert.match(String(report['reason']), /forced by LEARNSCOPE_BACKEND=portable/);
  assert.equal((report['selfCheck'] as { pass: boolean }).pass, true);
});

test('default selection: native when the addon is built, else portable with the reason', () => {
  const { status, report } = doctor({});
  assert.equal(status, 0);
  if (nativeAddonBuilt()) {
    assert.equal(report['backend'], 'native');
    assert.ok(Number(report['openblasThreads']) >= 1, `openblasThreads = ${report['openblasThreads']}`);
  } else {
    assert.equal(report['backend'], 'portable');
    assert.match(String(report['reason']), /apt-get install libopenblas-dev liblapacke-dev && npm run build:native/);
  }
});

test('LEARNSCOPE_BACKEND=native with the addon missing fails loudly with the load error and the fix', () => {
  const { status, report } = doctor({ LEARNSCOPE_BACKEND: 'native', LEARNSCOPE_NATIVE_ADDON: '/nonexistent/learnscope_native.node' });
  assert.equal(status, 1);
  assert.equal(report['backend'], null);
  assert.equal(report['ok'], false);
  assert.match(String(report['nativeError']), /not built \(no \/nonexistent\/learnscope_native\.node\)/);
  assert.match(String(report['reason']), /LEARNSCOPE_BACKEND=native was requested .*apt-get install libopenblas-dev liblapacke-dev && npm run build:native/);
  assert.equal((report['selfCheck'] as { pass: boolean }).pass, false);
});

test('missing addon without forcing falls back to portable', () => {
  const { status, report } = doctor({ LEARNSCOPE_NATIVE_ADDON: '/nonexistent/learnscope_native.node' });
  assert.equal(status, 0);
  assert.equal(report['backend'], 'portable');
  assert.match(String(report['nativeError']), /not built/);
});

test('an unknown LEARNSCOPE_BACKEND is an error listing the accepted values', () => {
  const { status, report } = doctor({ LEARNSCOPE_BACKEND: 'gpu' });
  assert.equal(status, 1);
  assert.match(String(report['reason']), /LEARNSCOPE_BACKEND=gpu is not a backend; accepted: native, portable/);
});
