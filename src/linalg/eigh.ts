/**
 * Symmetric eigendecomposition A = V·diag(λ)·Vᵀ (LAPACK dsyevd convention: eigenvalues ascending, orthonormal
 * eigenvectors in the columns of V). The input is checked for symmetry and symmetrised, then never mutated.
 */
import { kernels } from '../kernels/index.ts';
import { LearnscopeError } from '../errors.ts';
import { checkSymmetric } from './checks.ts';
import type { Matrix } from './matrix.ts';

export interface SymmetricOptions {
  /** Accepted asymmetry |A_ij − A_ji| ≤ symmetryTol · max|A| (default 1e-10). */
  symmetryTol?: number;
}

export interface Eigh {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** n×n matrix whose column j is the unit eigenvector of values[j]. */
  vectors: Matrix;
}

export function eigh(A: Matrix, opts: SymmetricOptions = {}): Eigh {
  return eighFor('eigh', A, opts);
}

/** eigh with errors attributed to the calling operation `op` (used by the matrix functions). */
export function eighFor(op: string, A: Matrix, opts: SymmetricOptions): Eigh {
  const S = checkSymmetric(op, 'A', A, opts.symmetryTol);
  const n = S.rows;
  const values = new Float64Array(n);
  if (n > 0) {
    const info = kernels().syevd(n, S.data, values);
    if (info !== 0) throw new LearnscopeError(`${op}: the ${kernels().name} syevd did not converge on the ${n}×${n} input (info ${info})`);
  }
  return { values, vectors: S };
}

/** Eigenvalues only, ascending. */
export function eigvalsh(A: Matrix, opts: SymmetricOptions = {}): Float64Array {
  return eigh(A, opts).values;
}
