/**
 * Small dense helpers the problems need at build time (exact minimisers, seeded rotations): Cholesky solve and a
 * Haar-random orthogonal matrix. Row-major float64; meant for dimensions up to a few thousand.
 */
import { NotPositiveDefiniteError } from '../errors.ts';
import type { Rng } from '../random/types.ts';

/** Cholesky factor L (row-major, lower) of the SPD n×n matrix `a`, or null when `a` is not positive definite. */
export function choleskyOrNull(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! ** 2;
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Solves A x = b for SPD A (throws NotPositiveDefiniteError naming `what` otherwise). */
export function spdSolve(a: Float64Array, b: Float64Array, n: number, what: string): Float64Array {
  const l = choleskyOrNull(a, n);
  if (!l) throw new NotPositiveDefiniteError(`${what}: the matrix is not symmetric positive definite`);
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** y = A x for row-major m×n A. */
export function matvec(a: Float64Array, x: Float64Array, m: number, n: number, y: Float64Array = new Float64Array(m)): Float64Array {
  for (let i = 0; i < m; i++) {
    let s = 0;
    const o = i * n;
    for (let j = 0; j < n; j++) s += a[o + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

/** A Haar-distributed n×n orthogonal matrix (rows orthonormal): Gram–Schmidt (twice, for stability) on Gaussian rows. */
export function randomOrthogonal(n: number, rng: Rng): Float64Array {
  const q = rng.fillNormal(new Float64Array(n * n));
  for (let i = 0; i < n; i++) {
    const qi = q.subarray(i * n, (i + 1) * n);
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < i; k++) {
        const qk = q.subarray(k * n, (k + 1) * n);
        let d = 0;
        for (let j = 0; j < n; j++) d += qi[j]! * qk[j]!;
        for (let j = 0; j < n; j++) qi[j] = qi[j]! - d * qk[j]!;
      }
    }
    let norm = 0;
    for (let j = 0; j < n; j++) norm += qi[j]! ** 2;
    norm = Math.sqrt(norm);
    for (let j = 0; j < n; j++) qi[j] = qi[j]! / norm;
  }
  return q;
}

/**
 * Damped Newton from 0 (halving steps until the loss does not increase) for smooth convex problems; returns the
 * minimiser when ‖∇L‖∞ ≤ 1e-10 at convergence, [] otherwise (e.g. separable data, no finite minimiser).
 */
export function newtonMinimum(d: number, loss: (w: Float64Array) => number, grad: (w: Float64Array) => Float64Array,
  hessian: (w: Float64Array) => Float64Array): { theta: number[]; loss: number; global: boolean }[] {
  let w = new Float64Array(d);
  let f = loss(w);
  const done = () => {
    const g = grad(w);
    return g.every((v) => Math.abs(v) <= 1e-10) ? [{ theta: Array.from(w), loss: f, global: true }] : [];
  };
  for (let it = 0; it < 100; it++) {
    const g = grad(w);
    let step: Float64Array;
    try { step = spdSolve(hessian(w), g, d, 'Newton step'); } catch { return []; }
    let size = 0, scale = 1;
    for (let j = 0; j < d; j++) { size = Math.max(size, Math.abs(step[j]!)); scale = Math.max(scale, Math.abs(w[j]!)); }
    if (size <= 1e-15 * scale) return done();
    let t = 1, next = w, fNext = Infinity;
    for (let ls = 0; ls < 60; ls++, t /= 2) {
      next = w.map((wj, j) => wj - t * step[j]!);
      fNext = loss(next);
      if (fNext <= f + 1e-15 * Math.abs(f)) break;
    }
    if (!(fNext <= f + 1e-15 * Math.abs(f))) return done();
    w = next; f = fNext;
  }
  return done();
}
