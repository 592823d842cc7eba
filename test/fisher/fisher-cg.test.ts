// geometry/fisher-cg's dampedCg (kernel-level vector updates) against a textbook CG written with scalar loops
// (Hestenes–Stiefel, Nocedal & Wright Alg. 5.2 on M + λI), iterate for iterate, and against a dense solve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dampedCg } from '../../src/geometry/fisher-cg.ts';
import { spdSolve } from '../../src/problems/dense.ts';
import { createRng } from '../../src/random/index.ts';

function maxAbs(a: ArrayLike<number>): number { let s = 0; for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]!)); return s; }
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number { let s = 0; for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]! - b[i]!)); return s; }

/** A random PSD n×n matrix GᵀG/n of rank ≤ r (singular for r < n, as a Fisher is), and M·v. */
function psd(n: number, r: number, seed: number): { M: Float64Array; mul: (v: Float64Array) => Float64Array } {
  const G = createRng(seed).fillNormal(new Float64Array(r * n)), M = new Float64Array(n * n);
  for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[i * n + j] = M[i * n + j]! + G[k * n + i]! * G[k * n + j]! / n;
  const mul = (v: Float64Array) => {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += M[i * n + j]! * v[j]!; y[i] = s; }
    return y;
  };
  return { M, mul };
}

/** Textbook CG on (M + λI)x = b from x0, exactly `iters` iterations (or until r = 0). */
function referenceCg(mul: (v: Float64Array) => Float64Array, b: Float64Array, lam: number, iters: number, x0?: Float64Array): Float64Array {
  const n = b.length, x = x0 ? Float64Array.from(x0) : new Float64Array(n);
  const A = (v: Float64Array) => { const y = mul(v); for (let i = 0; i < n; i++) y[i] = y[i]! + lam * v[i]!; return y; };
  const Ax = A(x), r = b.map((bi, i) => bi - Ax[i]!), p = Float64Array.from(r);
  let rr = r.reduce((s, v) => s + v * v, 0);
  for (let it = 0; it < iters && rr > 0; it++) {
    const Ap = A(p), alpha = rr / p.reduce((s, v, i) => s + v * Ap[i]!, 0);
    for (let i = 0; i < n; i++) { x[i] = x[i]! + alpha * p[i]!; r[i] = r[i]! - alpha * Ap[i]!; }
    const rrNew = r.reduce((s, v) => s + v * v, 0);
    for (let i = 0; i < n; i++) p[i] = r[i]! + (rrNew / rr) * p[i]!;
    rr = rrNew;
  }
  return x;
}

test('dampedCg equals textbook CG iterate for iterate (cold and warm start, λ > 0 and λ = 0)', () => {
  const n = 40, { mul } = psd(n, 25, 1), b = createRng(2).fillNormal(new Float64Array(n)), x0 = createRng(3).fillNormal(new Float64Array(n));
  for (const lam of [1e-2, 0]) {
    for (const iters of [1, 3, 7]) {
      for (const start of [undefined, x0]) {
        // λ = 0 with a rank-25 M: stay below 25 iterations so CG stays on the range where M is definite
        const got = dampedCg((v, out) => { const y = mul(v); if (out) { out.set(y); return out; } return y; }, b, { damping: lam, maxIter: iters, x0: start });
        const want = referenceCg(mul, b, lam, iters, start);
        assert.equal(got.iterations, iters, `λ ${lam}, ${iters} its: ran ${got.iterations}`);
        assert.ok(maxDiff(got.x, want) <= 1e-11 * Math.max(1, maxAbs(want)), `λ ${lam}, ${iters} its, warm ${!!start}: ${maxDiff(got.x, want)}`);
      }
    }
  }
});

test('dampedCg converges to the dense damped solve and stops at the tolerance', () => {
  const n = 30, { M, mul } = psd(n, 12, 4), b = createRng(5).fillNormal(new Float64Array(n)), lam = 0.1;
  const A = M.slice();
  for (let i = 0; i < n; i++) A[i * n + i] = A[i * n + i]! + lam;
  const exact = spdSolve(A, b, n, 'test');
  const r = dampedCg((v) => mul(v), b, { damping: lam, maxIter: 200, tol: 1e-13 });
  assert.ok(maxDiff(r.x, exact) <= 1e-10 * maxAbs(exact), `solution off by ${maxDiff(r.x, exact)}`);
  assert.ok(r.iterations < 200 && r.residualNorm <= 1e-13 * Math.sqrt(b.reduce((s, v) => s + v * v, 0)), `stopped after ${r.iterations} its at ‖r‖ ${r.residualNorm}`);
  assert.throws(() => dampedCg((v) => v.map((x) => -x), b, { damping: 0, maxIter: 3 }), /positive definite/);
  assert.throws(() => dampedCg(mul, b, { damping: -1, maxIter: 3 }), /damping/);
});
