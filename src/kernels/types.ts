/**
 * The kernel layer: the handful of dense BLAS/LAPACK operations the numeric core is built on.
 *
 * Conventions (both backends, tested for parity):
 * - All matrices are dense, row-major Float64Array; an m×n matrix A has A[i*n + j] = A_ij (leading dimension = n).
 * - Operations work in place on the arrays they are given, with no copies across the JS/native boundary, and
 *   return a LAPACK-style `info` (0 = success) where LAPACK does; callers in `src/linalg` turn info into typed errors.
 * - Kernels validate nothing beyond what is needed for memory safety (array lengths): `src/linalg` is the checked API.
 */

export type BackendName = 'native' | 'portable';

export interface Kernels {
  readonly name: BackendName;

  /** C ← α·op(A)·op(B) + β·C, op(X) = X or Xᵀ. C is m×n; op(A) is m×k; op(B) is k×n. When β = 0, C is not read. */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number,
    alpha: number, A: Float64Array, B: Float64Array, beta: number, C: Float64Array): void;

  /** C ← α·A·Aᵀ + β·C (trans=false, A is n×k) or α·AᵀA + β·C (trans=true, A is k×n). Full symmetric C (n×n) is written. */
  syrk(trans: boolean, n: number, k: number, alpha: number, A: Float64Array, beta: number, C: Float64Array): void;

  /** y ← α·x + y over the first n entries. */
  axpy(n: number, alpha: number, x: Float64Array, y: Float64Array): void;
  /** x ← α·x over the first n entries. */
  scal(n: number, alpha: number, x: Float64Array): void;
  /** Σ x_i y_i over the first n entries. */
  dot(n: number, x: Float64Array, y: Float64Array): number;

  /**
   * Several dot products in one streaming pass (the X·Yᵀ block of a Gram matrix): out[i·ys.length + j] = Σ_{t<n}
   * xs[i][t]·ys[j][t]. Pass the same array object for a vector that appears twice: each distinct array is read once
   * and each unordered pair {a, b} is summed once, so ⟨a, b⟩ and ⟨b, a⟩ are bit-identical. 1…8 vectors per side.
   */
  dots(n: number, xs: readonly Float64Array[], ys: readonly Float64Array[], out: Float64Array): void;
  /**
   * Several linear combinations of k = xs.length vectors in one streaming pass: for each row r < m = outs.length,
   * z_r = Σ_i coef[r·k + i]·xs[i] over the first n entries (coef is m×k row-major); z_r is stored in outs[r] unless
   * that is null, and norms[r] = ‖z_r‖² for every row. A zero coefficient skips its input (as gemm's β = 0 skips C:
   * ∞/NaN there do not leak in), so each row costs only its nonzero terms. An output may be one of the inputs (in
   * place), not a partial overlap of one. Terms group as (c₀x₀ + c₁x₁) + (c₂x₂ + c₃x₃), then += the next four, on
   * both backends, so the stored rows are bit-identical between them. 1…8 inputs and rows.
   */
  combine(n: number, xs: readonly Float64Array[], coef: Float64Array, outs: readonly (Float64Array | null)[], norms: Float64Array): void;

  /**
   * Symmetric eigendecomposition A = V·diag(w)·Vᵀ. Reads the lower triangle of the n×n matrix `A`; on return `A`
   * holds the orthonormal eigenvectors in its columns (row-major: V_ij = A[i*n + j]) and `w` the eigenvalues in
   * ascending order. Returns info (> 0: failed to converge).
   */
  syevd(n: number, A: Float64Array, w: Float64Array): number;

  /**
   * SVD A = U·diag(s)·Vᵀ of an m×n matrix (A is destroyed). s has min(m,n) entries, descending.
   * job 'A': U is m×m, VT is n×n; 'S': U is m×min, VT is min×n; 'N': U and VT are not touched (pass empty arrays).
   * Returns info.
   */
  gesdd(job: 'A' | 'S' | 'N', m: number, n: number, A: Float64Array, s: Float64Array, U: Float64Array, VT: Float64Array): number;

  /** Cholesky A = L·Lᵀ in place on the lower triangle of A (the strict upper triangle is zeroed). info > 0: not SPD at that (1-based) column. */
  potrf(n: number, A: Float64Array): number;
  /** Solves A·X = B for SPD A (n×n, destroyed: holds L) and B (n×nrhs, overwritten by X). Returns info as potrf. */
  posv(n: number, nrhs: number, A: Float64Array, B: Float64Array): number;
  /**
   * SPD inverse from the Cholesky factor (LAPACK dpotri): A holds L as potrf leaves it (lower, row-major); on return
   * the full symmetric (L·Lᵀ)⁻¹. About n³ flops, against 7n³/3 for posv on the identity. info > 0: L(info−1, info−1) = 0.
   */
  potri(n: number, A: Float64Array): number;
  /** LU with partial pivoting P·A = L·U in place (unit L below the diagonal, U on and above). ipiv is 0-based row swaps. info > 0: U(info-1, info-1) = 0. */
  getrf(n: number, A: Float64Array, ipiv: Int32Array): number;
  /** Solves A·X = B (A n×n destroyed, B n×nrhs overwritten by X) by LU with partial pivoting. Returns info as getrf. */
  gesv(n: number, nrhs: number, A: Float64Array, B: Float64Array): number;

  /**
   * The fused Adam/AdamW update of src/rules/adam.ts over the first n entries, in one pass (both backends
   * bit-identical: no fused multiply-add). coef = [β₁, 1 − β₁, β₂, 1 − β₂, l2, −lr/(1 − β₁ᵗ), 1 − β₂ᵗ,
   * √(1 − β₂ᵗ), eps, lr·λ_decoupled]; flags (ADAM_FLAGS): MAXIMIZE negates g; AMSGRAD keeps vmax (required);
   * INSIDE puts eps inside the square root; THETA reads θ for the weight decays l2 and shrink (used only then);
   * APPLY moves θ in place, θ ← θ + δ, and writes θ_new − θ_old into d when d is given; without APPLY, d ← δ
   * (required). m, v (and vmax) are updated in place. Written arrays must not share memory with any other.
   */
  adamStep(n: number, flags: number, coef: Float64Array, g: Float64Array, theta: Float64Array, m: Float64Array,
    v: Float64Array, vmax: Float64Array | null, d: Float64Array | null): void;
  /**
   * The diagonal quadratic ½ Σ λᵢ(θᵢ − cᵢ)² over the first n entries, returned; when `grad` is given it receives the
   * gradient λᵢ(θᵢ − cᵢ). The sum keeps four partial sums (i mod 4), then the tail: bit-identical on both backends.
   */
  diagQuadratic(n: number, lambda: Float64Array, center: Float64Array, theta: Float64Array, grad: Float64Array | null): number;
  /** True when the first n entries of x are all finite (no NaN, no ±∞): the runner's divergence check on θ. */
  allFinite(n: number, x: Float64Array): boolean;
  /**
   * A new Float64Array of n entries with unspecified contents, for an output that the caller writes in full before
   * anything reads it (gemm with β = 0, an elementwise map). The native backend returns uninitialised malloc memory
   * for large n (no zero-fill and no fresh page faults: glibc reuses freed heap pages); the portable one zeroes.
   */
  alloc(n: number): Float64Array;
}

/** Bits of `Kernels.adamStep`'s flags. */
export const ADAM_FLAGS = { MAXIMIZE: 1, AMSGRAD: 2, INSIDE: 4, THETA: 8, APPLY: 16 } as const;
