/**
 * Minimum-nuclear-norm baseline of Arora, Cohen, Hu, Luo 2019 (their main.py::cvx_opt used cvxpy + SCS, which npm
 * lacks): minimise ‖X‖_* subject to X ∈ 𝒞, with 𝒞 = {X : |X_ij − M_ij| ≤ δ on Ω} (completion; δ = 0 is equality,
 * the reference used δ = 1e-3) or 𝒞 = {X : 𝒜(X) = y} (sensing). Solved by ADMM (Boyd et al. 2011, §3.4.1
 * residual balancing) on  min ‖Z‖_* + I_𝒞(X)  s.t. X = Z:
 *   X ← Π_𝒞(Z − U),   Z ← SVT_{1/ρ}(X + U),   U ← U + X − Z.
 * Certificate: λ = ρU is the multiplier; restricted to the constraint's range (Ω, or range 𝒜ᵀ) and scaled to
 * ‖Y‖_op ≤ 1 it is dual feasible for  max ⟨Y, M⟩_Ω − δ‖Y‖_1  (sensing: max νᵀy with Y = 𝒜ᵀν), so
 * gap = ‖X‖_* − dual ≥ 0 bounds the suboptimality of the feasible iterate X. We stop at gap ≤ tol·‖X‖_*.
 */
import { InvalidArgumentError, LearnscopeError, ShapeError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';

/** The feasible set: projection onto it, and the dual value of a multiplier (restricted and scaled to ‖·‖_op ≤ 1). */
export interface ConstraintSet {
  /** Π_𝒞(V) in place. */
  project(V: Float64Array): void;
  /** The multiplier restricted to the constraint's range (Y ⊥ the free directions). */
  restrict(lambda: Float64Array): Float64Array;
  /** Dual objective of a restricted multiplier Y (already scaled so ‖Y‖_op ≤ 1). */
  dualValue(Y: Float64Array): number;
  /** max violation of the constraints at V (0 when feasible). */
  violation(V: Float64Array): number;
}

/** Observed entries (flat index i·cols + j) with values, within ±delta. */
export function completionConstraint(index: Int32Array, values: Float64Array, delta = 0): ConstraintSet {
  if (index.length !== values.length) throw new ShapeError(`completionConstraint: ${index.length} indices but ${values.length} values`);
  if (!(delta >= 0)) throw new InvalidArgumentError(`completionConstraint: delta = ${delta}; expected ≥ 0`);
  return {
    project(V) {
      for (let k = 0; k < index.length; k++) {
        const p = index[k]!, lo = values[k]! - delta, hi = values[k]! + delta;
        V[p] = Math.min(hi, Math.max(lo, V[p]!));
      }
    },
    restrict(lambda) {
      const Y = new Float64Array(lambda.length);
      for (let k = 0; k < index.length; k++) Y[index[k]!] = lambda[index[k]!]!;
      return Y;
    },
    dualValue(Y) {
      let v = 0;
      for (let k = 0; k < index.length; k++) { const y = Y[index[k]!]!; v += y * values[k]! - delta * Math.abs(y); }
      return v;
    },
    violation(V) {
      let w = 0;
      for (let k = 0; k < index.length; k++) w = Math.max(w, Math.abs(V[index[k]!]! - values[k]!) - delta);
      return Math.max(0, w);
    },
  };
}

/** Linear measurements 𝒜(X) = y, 𝒜 given as an m×d row-major matrix (rows = vec A_k); needs 𝒜 of full row rank. */
export function sensingConstraint(A: Float64Array, y: Float64Array, d: number): ConstraintSet {
  const m = y.length, k = kernels();
  if (A.length !== m * d) throw new ShapeError(`sensingConstraint: 𝒜 has ${A.length} entries; expected ${m}·${d}`);
  const L = new Float64Array(m * m);
  k.syrk(false, m, d, 1, A, 0, L); // 𝒜𝒜ᵀ
  if (k.potrf(m, L) !== 0) throw new LearnscopeError('sensingConstraint: 𝒜𝒜ᵀ is not positive definite (the measurements are linearly dependent)');
  // ν = (𝒜𝒜ᵀ)⁻¹ r by two triangular solves with the Cholesky factor (lower, row-major).
  const solve = (r: Float64Array): Float64Array => {
    const z = Float64Array.from(r);
    for (let i = 0; i < m; i++) { let s = z[i]!; for (let j = 0; j < i; j++) s -= L[i * m + j]! * z[j]!; z[i] = s / L[i * m + i]!; }
    for (let i = m - 1; i >= 0; i--) { let s = z[i]!; for (let j = i + 1; j < m; j++) s -= L[j * m + i]! * z[j]!; z[i] = s / L[i * m + i]!; }
    return z;
  };
  const apply = (V: Float64Array) => { const r = new Float64Array(m); k.gemm(false, false, m, 1, d, 1, A, V, 0, r); return r; };
  let lastNu: Float64Array = new Float64Array(m);
  return {
    project(V) {
      const r = apply(V);
      for (let i = 0; i < m; i++) r[i] = r[i]! - y[i]!;
      k.gemm(true, false, d, 1, m, -1, A, solve(r), 1, V); // V − 𝒜ᵀ(𝒜𝒜ᵀ)⁻¹(𝒜V − y)
    },
    restrict(lambda) {
      lastNu = solve(apply(lambda));
      const Y = new Float64Array(d);
      k.gemm(true, false, d, 1, m, 1, A, lastNu, 0, Y);
      return Y;
    },
    dualValue(Y) {
      // Y = c·𝒜ᵀν for the ν of the last restrict; recover c from one coordinate-free ratio ⟨Y, 𝒜ᵀν⟩/‖𝒜ᵀν‖².
      const Z = new Float64Array(d);
      k.gemm(true, false, d, 1, m, 1, A, lastNu, 0, Z);
      const zz = k.dot(d, Z, Z);
      const c = zz === 0 ? 0 : k.dot(d, Y, Z) / zz;
      return c * k.dot(m, lastNu, y);
    },
    violation(V) {
      const r = apply(V);
      let w = 0;
      for (let i = 0; i < m; i++) w = Math.max(w, Math.abs(r[i]! - y[i]!));
      return w;
    },
  };
}

export interface NuclearNormOptions {
  /** Relative duality gap to stop at (default 1e-6). */
  tol?: number;
  maxIter?: number;
  /** Initial penalty ρ (default 1/‖Π_𝒞(0)‖_F-scaled heuristic). */
  rho?: number;
  /** Check the certificate every k iterations (two SVDs each; default 10). */
  checkEvery?: number;
  onProgress?: (iter: number, relGap: number) => void;
}

export interface NuclearNormResult {
  /** The feasible iterate X ∈ 𝒞 (rows×cols). */
  X: Float64Array;
  /** The low-rank iterate Z = SVT(·) (≈ X; its violation is reported). */
  Z: Float64Array;
  nuclearNorm: number;
  dualValue: number;
  gap: number;
  relativeGap: number;
  /** max constraint violation of Z (X is feasible by construction). */
  violationZ: number;
  /** ‖X − Z‖_F. */
  primalResidual: number;
  iterations: number;
  converged: boolean;
  rank: number;
}

function svdFull(V: Float64Array, r: number, c: number) {
  const q = Math.min(r, c);
  const s = new Float64Array(q), U = new Float64Array(r * q), VT = new Float64Array(q * c);
  const info = kernels().gesdd('S', r, c, V.slice(), s, U, VT);
  if (info !== 0) throw new LearnscopeError(`nuclear-norm ADMM: SVD did not converge (info ${info})`);
  return { s, U, VT, q };
}

function sv(V: Float64Array, r: number, c: number): Float64Array {
  const s = new Float64Array(Math.min(r, c));
  const info = kernels().gesdd('N', r, c, V.slice(), s, new Float64Array(0), new Float64Array(0));
  if (info !== 0) throw new LearnscopeError(`nuclear-norm ADMM: SVD did not converge (info ${info})`);
  return s;
}

/** Singular value thresholding: out = U·max(σ − τ, 0)·Vᵀ; returns the kept rank. */
export function svt(V: Float64Array, rows: number, cols: number, tau: number, out: Float64Array): number {
  const { s, U, VT, q } = svdFull(V, rows, cols);
  let k = 0;
  while (k < q && s[k]! > tau) k++;
  if (k === 0) { out.fill(0); return 0; }
  const Us = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) for (let j = 0; j < k; j++) Us[i * k + j] = U[i * q + j]! * (s[j]! - tau);
  kernels().gemm(false, false, rows, cols, k, 1, Us, VT, 0, out);
  return k;
}

/** min ‖X‖_* over X ∈ 𝒞 (rows×cols) by ADMM with a duality-gap certificate (see the module comment). */
export function minNuclearNorm(rows: number, cols: number, C: ConstraintSet, opts: NuclearNormOptions = {}): NuclearNormResult {
  const tol = opts.tol ?? 1e-6, maxIter = opts.maxIter ?? 20000, checkEvery = opts.checkEvery ?? 10;
  if (!(tol > 0)) throw new InvalidArgumentError(`minNuclearNorm: tol = ${tol}; expected > 0`);
  const d = rows * cols;
  const X = new Float64Array(d), Z = new Float64Array(d), U = new Float64Array(d), T = new Float64Array(d), Zold = new Float64Array(d);
  C.project(X);
  let fro = 0;
  for (let i = 0; i < d; i++) fro += X[i]! * X[i]!;
  let rho = opts.rho ?? (fro > 0 ? Math.sqrt(Math.min(rows, cols)) / Math.sqrt(fro) : 1);
  let it = 0, converged = false, rank = 0;
  let last = { nuc: NaN, dual: -Infinity, gap: Infinity, rel: Infinity };
  for (it = 1; it <= maxIter; it++) {
    for (let i = 0; i < d; i++) X[i] = Z[i]! - U[i]!;
    C.project(X);
    for (let i = 0; i < d; i++) T[i] = X[i]! + U[i]!;
    Zold.set(Z);
    rank = svt(T, rows, cols, 1 / rho, Z);
    let r2 = 0, s2 = 0, x2 = 0, z2 = 0, u2 = 0;
    for (let i = 0; i < d; i++) {
      const r = X[i]! - Z[i]!, s = Z[i]! - Zold[i]!;
      U[i] = U[i]! + r;
      r2 += r * r; s2 += s * s; x2 += X[i]! * X[i]!; z2 += Z[i]! * Z[i]!; u2 += U[i]! * U[i]!;
    }
    if (it % checkEvery === 0 || it === maxIter) {
      const nuc = sv(X, rows, cols).reduce((a, x) => a + x, 0);
      const lambda = U.map((u) => rho * u);
      const Y = C.restrict(lambda);
      const op = sv(Y, rows, cols)[0] ?? 0;
      if (op > 1) for (let i = 0; i < d; i++) Y[i] = Y[i]! / op;
      const dual = C.dualValue(Y);
      const gap = nuc - dual, rel = gap / Math.max(nuc, 1e-300);
      last = { nuc, dual, gap, rel };
      opts.onProgress?.(it, rel);
      if (rel <= tol) { converged = true; break; }
      // Residual balancing (Boyd et al. 2011 eq. 3.13, μ = 10, τ = 2): rescale U = λ/ρ with ρ.
      const rp = Math.sqrt(r2) / Math.max(Math.sqrt(x2), Math.sqrt(z2), 1e-300);
      const rd = rho * Math.sqrt(s2) / Math.max(rho * Math.sqrt(u2), 1e-300);
      if (rp > 10 * rd) { rho *= 2; for (let i = 0; i < d; i++) U[i] = U[i]! / 2; }
      else if (rd > 10 * rp) { rho /= 2; for (let i = 0; i < d; i++) U[i] = U[i]! * 2; }
    }
  }
  let xz = 0;
  for (let i = 0; i < d; i++) xz += (X[i]! - Z[i]!) ** 2;
  return {
    X, Z, nuclearNorm: last.nuc, dualValue: last.dual, gap: last.gap, relativeGap: last.rel,
    violationZ: C.violation(Z), primalResidual: Math.sqrt(xz), iterations: Math.min(it, maxIter), converged, rank,
  };
}

/** ‖X‖_* of a rows×cols array. */
export function nuclearNormOf(X: Float64Array, rows: number, cols: number): number {
  return sv(X, rows, cols).reduce((a, x) => a + x, 0);
}
