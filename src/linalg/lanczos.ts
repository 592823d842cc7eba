/**
 * Lanczos (1950) with full reorthogonalisation for the k largest or smallest eigenpairs of a symmetric operator
 * v ↦ A·v of dimension n. Ritz pairs come from eigh of the tridiagonal T_j; a pair counts as converged when its
 * residual ‖A·y − θ·y‖ = |β_j·s_ji| ≤ tol · max|θ| (max over all Ritz values, an estimate of ‖A‖).
 * On an invariant subspace (β ≈ 0) the iteration restarts from a fresh random vector orthogonal to the basis.
 * Memory: n·(maxIter + 1) floats for the basis.
 * Limitation (single-vector Krylov): an eigenvalue of exact multiplicity > 1 may be found only once unless an
 * invariant subspace is reached; use dense `eigh` for small, highly degenerate spectra.
 */
import type { Rng } from '../random/types.ts';
import { InvalidArgumentError, LearnscopeError, ResourceError } from '../errors.ts';
import { checkPositiveInt, checkTolerance, checkVector } from './checks.ts';
import type { LinearOperator } from './cg.ts';
import { kernels } from '../kernels/index.ts';
import { eigh } from './eigh.ts';
import { norm2, type Matrix } from './matrix.ts';

export interface LanczosOptions {
  /** Which end of the spectrum (default 'largest'). */
  which?: 'largest' | 'smallest';
  /** Source of the random start vector (required: there is no global RNG). */
  rng: Rng;
  /** Relative residual tolerance (default 1e-10). */
  tol?: number;
  /** Maximum Krylov dimension (default min(n, max(4k, k + 60))). */
  maxIter?: number;
  /** Also return the Ritz vectors (default true). */
  vectors?: boolean;
}

export interface LanczosResult {
  /** The k eigenvalue estimates, most extreme first (descending for 'largest', ascending for 'smallest'). */
  values: Float64Array;
  /** n×k matrix whose column i is the unit Ritz vector of values[i] (when requested). */
  vectors?: Matrix;
  /** ‖A·y_i − θ_i·y_i‖ for each returned pair. */
  residualNorms: Float64Array;
  /** Krylov dimension used (number of operator applications). */
  iterations: number;
  converged: boolean;
}

/** Largest basis accepted without asking (n·(maxIter+1) floats ≈ 2 GB). */
const MAX_BASIS_ENTRIES = 2.5e8;

export function lanczos(applyA: LinearOperator, n: number, k: number, opts: LanczosOptions): LanczosResult {
  const op = 'lanczos';
  if (typeof applyA !== 'function') throw new InvalidArgumentError(`${op}: applyA must be a function v ↦ A·v`);
  checkPositiveInt(op, 'n', n);
  checkPositiveInt(op, 'k', k);
  if (k > n) throw new InvalidArgumentError(`${op}: k = ${k} eigenpairs requested but the operator has dimension n = ${n}; 1 ≤ k ≤ n is accepted`);
  const which = opts?.which ?? 'largest';
  if (which !== 'largest' && which !== 'smallest') throw new InvalidArgumentError(`${op}: which is ${String(which)}; 'largest' or 'smallest' is accepted`);
  const rng = opts?.rng;
  if (!rng || typeof rng.fillNormal !== 'function') throw new InvalidArgumentError(`${op}: opts.rng must be an Rng (learnscope has no global random generator)`);
  const tol = opts.tol ?? 1e-10;
  checkTolerance(op, 'tol', tol);
  const m = opts.maxIter ?? Math.min(n, Math.max(4 * k, k + 60));
  checkPositiveInt(op, 'maxIter', m, k);
  if (m > n) throw new InvalidArgumentError(`${op}: maxIter = ${m} exceeds the dimension n = ${n}; k ≤ maxIter ≤ n is accepted`);
  if (n * (m + 1) > MAX_BASIS_ENTRIES) {
    throw new ResourceError(`${op}: the basis would hold n·(maxIter+1) = ${n * (m + 1)} floats (${(n * (m + 1) * 8 / 1e9).toFixed(1)} GB); lower maxIter`);
  }

  const Q = new Float64Array(n * (m + 1)); // row j = basis vector q_j
  const alpha = new Float64Array(m);
  const beta = new Float64Array(m);
  const restartTol = 1e-12; // β below this (relative to ‖T‖) means the Krylov space is invariant
  let anorm = 0;
  if (!newStartVector(Q, 0, n, rng)) throw new LearnscopeError(`${op}: could not draw a nonzero start vector`);

  let best: { theta: Float64Array; S: Float64Array; j: number; idx: number[]; res: Float64Array } | null = null;
  let converged = false;
  let steps = 0;
  for (let j = 0; j < m; j++) {
    const q = Q.subarray(j * n, (j + 1) * n);
    const w = applyA(q);
    checkVector(op, 'applyA(v)', w, n);
    const r = w.slice();
    alpha[j] = dot(q, r);
    orthogonalise(Q, j + 1, n, r); // full reorthogonalisation against q_0 … q_j
    steps = j + 1;
    let b = norm2(r);
    anorm = Math.max(anorm, Math.abs(alpha[j]!) + b + (j > 0 ? beta[j - 1]! : 0));
    const breakdown = b <= restartTol * Math.max(anorm, Number.MIN_VALUE);
    if (breakdown) b = 0;
    beta[j] = b;
    const complete = steps === n;
    if (steps >= k && (!breakdown || complete) && (complete || steps === m || shouldCheck(steps, k))) {
      best = ritz(alpha, beta, steps, k, which);
      const ok = allConverged(best, tol);
      if (ok || complete) { converged = ok; break; }
    }
    if (j === m - 1) break;
    if (breakdown) {
      if (!newStartVector(Q, j + 1, n, rng)) break;
    } else {
      const next = Q.subarray((j + 1) * n, (j + 2) * n);
      for (let t = 0; t < n; t++) next[t] = r[t]! / b;
    }
  }
  if (best === null || best.j !== steps) best = ritz(alpha, beta, steps, k, which);
  if (!converged) converged = allConverged(best, tol);

  const kk = best.idx.length;
  const values = new Float64Array(kk);
  for (let i = 0; i < kk; i++) values[i] = best.theta[best.idx[i]!]!;
  const result: LanczosResult = { values, residualNorms: best.res, iterations: steps, converged };
  if (opts.vectors !== false) {
    // Y = Q_jᵀ · S[:, idx]: the Ritz vectors in the original space.
    const js = best.j;
    const Ssel = new Float64Array(js * kk);
    for (let l = 0; l < js; l++) for (let i = 0; i < kk; i++) Ssel[l * kk + i] = best.S[l * js + best.idx[i]!]!;
    const Y = new Float64Array(n * kk);
    kernels().gemm(true, false, n, kk, js, 1, Q.subarray(0, js * n), Ssel, 0, Y);
    result.vectors = { rows: n, cols: kk, data: Y };
  }
  return result;
}

/** Checks convergence often early on and about every 5 % of the Krylov dimension later (eigh of T costs j³). */
function shouldCheck(steps: number, k: number): boolean {
  const stride = Math.max(1, Math.floor(steps / 20));
  return (steps - k) % stride === 0;
}

/** Every wanted residual ≤ tol · ‖T‖ (‖T‖ = max |θ| estimates ‖A‖, so eigenvalues near 0 can converge too). */
function allConverged(r: { theta: Float64Array; res: Float64Array }, tol: number): boolean {
  let scale = Number.MIN_VALUE;
  for (const t of r.theta) scale = Math.max(scale, Math.abs(t));
  return r.res.every((e) => e <= tol * scale);
}

/** Ritz values of the j×j tridiagonal T, the k wanted ones (indices into theta), and their residual bounds. */
function ritz(alpha: Float64Array, beta: Float64Array, j: number, k: number, which: 'largest' | 'smallest') {
  const T = new Float64Array(j * j);
  for (let i = 0; i < j; i++) {
    T[i * j + i] = alpha[i]!;
    if (i + 1 < j) { T[i * j + i + 1] = beta[i]!; T[(i + 1) * j + i] = beta[i]!; }
  }
  const { values: theta, vectors } = eigh({ rows: j, cols: j, data: T });
  const S = vectors.data;
  const kk = Math.min(k, j);
  const idx: number[] = [];
  for (let i = 0; i < kk; i++) idx.push(which === 'largest' ? j - 1 - i : i);
  const res = new Float64Array(kk);
  for (let i = 0; i < kk; i++) res[i] = Math.abs(beta[j - 1]! * S[(j - 1) * j + idx[i]!]!);
  return { theta, S, j, idx, res };
}

/** Writes a random unit vector orthogonal to rows 0…j−1 of Q into row j; false if none could be found. */
function newStartVector(Q: Float64Array, j: number, n: number, rng: Rng): boolean {
  const v = Q.subarray(j * n, (j + 1) * n);
  for (let attempt = 0; attempt < 5; attempt++) {
    rng.fillNormal(v);
    const before = norm2(v);
    orthogonalise(Q, j, n, v);
    const after = norm2(v);
    if (after > 1e-8 * before) {
      for (let t = 0; t < n; t++) v[t]! /= after;
      return true;
    }
  }
  v.fill(0);
  return false;
}

/**
 * v ← v − Qᵀ(Q·v) twice for the first `count` rows of Q (classical Gram–Schmidt, repeated: "twice is enough",
 * Giraud et al. 2005), as two gemv-shaped gemm calls per pass so the native backend does the O(n·j) work.
 */
function orthogonalise(Q: Float64Array, count: number, n: number, v: Float64Array): void {
  if (count === 0) return;
  const K = kernels();
  const basis = Q.subarray(0, count * n);
  const c = new Float64Array(count);
  for (let pass = 0; pass < 2; pass++) {
    K.gemm(false, false, count, 1, n, 1, basis, v, 0, c); // c = Q·v
    K.gemm(true, false, n, 1, count, -1, basis, c, 1, v); // v −= Qᵀ·c
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
