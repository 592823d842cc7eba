/**
 * `learnscope doctor`: which kernel backend is active and why, the native addon's state (path, OpenBLAS kernel and
 * threads), the Node version, and a quick self-check of the active backend against closed forms and a naive loop.
 */
import { parseFlags } from '../flags.ts';
import type { Command } from '../command.ts';
import { backendInfo, kernels, type Kernels } from '../../kernels/index.ts';

interface CheckResult {
  name: string;
  maxError: number;
  tolerance: number;
  pass: boolean;
}

const entry = (i: number, j: number, seed: number) => Math.sin(1.3 * i + 0.7 * j + seed) + 0.1 * ((i * 7 + j * 3) % 5);

/** gemm with Aᵀ against a naive triple loop; error relative to max |C|. */
function checkGemm(k: Kernels): CheckResult {
  const m = 37, n = 29, kk = 23;
  const At = new Float64Array(kk * m), B = new Float64Array(kk * n), C = new Float64Array(m * n);
  for (let p = 0; p < kk; p++) for (let i = 0; i < m; i++) At[p * m + i] = entry(p, i, 1);
  for (let p = 0; p < kk; p++) for (let j = 0; j < n; j++) B[p * n + j] = entry(p, j, 2);
  for (let i = 0; i < C.length; i++) C[i] = entry(i, 0, 3);
  const ref = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < kk; p++) s += At[p * m + i]! * B[p * n + j]!;
    ref[i * n + j] = 1.5 * s - 0.5 * C[i * n + j]!;
  }
  k.gemm(true, false, m, n, kk, 1.5, At, B, -0.5, C);
  let err = 0, scale = 0;
  for (let i = 0; i < C.length; i++) { err = Math.max(err, Math.abs(C[i]! - ref[i]!)); scale = Math.max(scale, Math.abs(ref[i]!)); }
  const maxError = err / scale;
  return { name: 'gemm 37×23ᵀ·23×29 vs naive loop (relative)', maxError, tolerance: 1e-13, pass: maxError <= 1e-13 };
}

/** tridiag(−1, 2, −1) of size n: eigenvalues 2 − 2cos(jπ/(n+1)), j = 1…n (closed form). */
function tridiag(n: number): Float64Array {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    A[i * n + i] = 2;
    if (i > 0) { A[i * n + i - 1] = -1; A[(i - 1) * n + i] = -1; }
  }
  return A;
}

function checkEigh(k: Kernels): CheckResult {
  const n = 60, A = tridiag(n), w = new Float64Array(n);
  const info = k.syevd(n, A, w);
  let err = info === 0 ? 0 : Infinity;
  for (let j = 0; j < n; j++) err = Math.max(err, Math.abs(w[j]! - (2 - 2 * Math.cos(((j + 1) * Math.PI) / (n + 1)))));
  return { name: 'syevd of tridiag(−1,2,−1), n=60, vs 2−2cos(jπ/(n+1))', maxError: err, tolerance: 1e-12, pass: err <= 1e-12 };
}

function checkSvd(k: Kernels): CheckResult {
  // A = u·vᵀ (7×5) has one singular value |u|·|v| and the rest zero.
  const m = 7, n = 5, A = new Float64Array(m * n), s = new Float64Array(n);
  let uu = 0, vv = 0;
  for (let i = 0; i < m; i++) uu += (i + 1) ** 2;
  for (let j = 0; j < n; j++) vv += (j - 2.5) ** 2;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) A[i * n + j] = (i + 1) * (j - 2.5);
  const info = k.gesdd('N', m, n, A, s, new Float64Array(0), new Float64Array(0));
  const top = Math.sqrt(uu * vv);
  let err = info === 0 ? Math.abs(s[0]! - top) / top : Infinity;
  for (let j = 1; j < n; j++) err = Math.max(err, s[j]! / top);
  return { name: 'gesdd of a rank-one 7×5 u·vᵀ vs |u|·|v| (relative)', maxError: err, tolerance: 1e-13, pass: err <= 1e-13 };
}

function checkCholeskySolve(k: Kernels): CheckResult {
  // tridiag(−1,2,−1)·x = b with b built from a known x.
  const n = 40, A = tridiag(n), x = new Float64Array(n), b = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.cos(i);
  for (let i = 0; i < n; i++) b[i] = 2 * x[i]! - (i > 0 ? x[i - 1]! : 0) - (i < n - 1 ? x[i + 1]! : 0);
  const info = k.posv(n, 1, A, b);
  let err = info === 0 ? 0 : Infinity;
  for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(b[i]! - x[i]!));
  return { name: 'posv of tridiag(−1,2,−1), n=40, vs known x (κ≈660)', maxError: err, tolerance: 1e-11, pass: err <= 1e-11 };
}

export const doctor: Command = {
  name: 'doctor',
  summary: 'show the active numeric backend, why it was chosen, and a quick self-check',
  usage: [
    'usage: learnscope doctor [--json]',
    '',
    'Prints the active kernel backend (native OpenBLAS addon or portable TypeScript/wasm) and why, the native',
    'addon path and OpenBLAS threads, the Node version, and a self-check of the active backend (gemm vs a naive',
    'loop, eigenvalues/singular values/Cholesky solve vs closed forms). LEARNSCOPE_BACKEND=native|portable forces',
    'a backend. Exit code 1 when the requested backend is unavailable or a self-check fails.',
    '  --json   print one JSON object on stdout (default: a human-readable summary)',
    '',
    'Examples:',
    '  learnscope doctor',
    '  LEARNSCOPE_BACKEND=portable learnscope doctor --json',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseFlags({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
    const info = backendInfo();
    let checks: CheckResult[] = [];
    let error: string | undefined;
    try {
      const k = kernels();
      checks = [checkGemm(k), checkEigh(k), checkSvd(k), checkCholeskySolve(k)];
    } catch (e) {
      error = (e as Error).message;
    }
    const pass = error === undefined && checks.every((c) => c.pass);
    const report = {
      backend: info.ok ? info.name : null,
      ok: info.ok,
      reason: info.reason,
      requested: info.requested ?? null,
      nativePath: info.nativePath ?? null,
      nativeError: info.nativeError ?? null,
      openblasThreads: info.threads ?? null,
      openblasCore: info.corename ?? null,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      selfCheck: { pass, checks, ...(error !== undefined ? { error } : {}) },
    };
    if (values.json) {
      io.out(JSON.stringify(report) + '\n');
      return pass ? 0 : 1;
    }
    const lines = [
      `backend:          ${info.ok ? info.name : 'none (the requested backend is unavailable)'}`,
      `reason:           ${info.reason}`,
      ...(info.requested ? [`LEARNSCOPE_BACKEND: ${info.requested}`] : []),
      `native addon:     ${info.nativePath ?? '(no Node adapter)'}`,
      ...(info.nativeError ? [`native error:     ${info.nativeError}`] : []),
      ...(info.threads !== undefined ? [`OpenBLAS:         ${info.threads} thread(s), ${info.corename} kernels`] : []),
      `node:             ${process.versions.node} (${report.platform})`,
      'self-check:',
      ...checks.map((c) => `  ${c.pass ? 'ok  ' : 'FAIL'} ${c.name}: max error ${c.maxError.toExponential(2)} (tolerance ${c.tolerance.toExponential(0)})`),
      ...(error !== undefined ? [`  FAIL ${error}`] : []),
      pass ? 'all good' : 'problems found (see above)',
      '',
    ];
    io.out(lines.join('\n'));
    return pass ? 0 : 1;
  },
};
