/**
 * Spectral summaries of a matrix and of a factorisation, as logged by Arora, Cohen, Hu, Luo 2019 (their plot.ipynb
 * and main.py): nuclear norm Σσ, effective rank (Roy & Vetterli 2007, with the notebook's +1e-10 inside the log),
 * Schatten quasi-norm Σσ^p (p = 2/N for depth N, reported without the 1/p power as the reference does), the top
 * singular values, and the balancedness of factors max_j ‖W_{j+1}ᵀW_{j+1} − W_jW_jᵀ‖_F (Arora, Cohen, Hazan 2018).
 */
import { InvalidArgumentError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';
import { singularValues, type Matrix } from '../linalg/index.ts';

/** Singular values (descending) of a rows×cols row-major array. */
export function spectrum(data: Float64Array, rows: number, cols: number): Float64Array {
  return singularValues({ rows, cols, data } as Matrix);
}

export function nuclearNorm(s: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < s.length; i++) t += s[i]!;
  return t;
}

/** exp(−Σ p_i log(p_i + 1e-10)), p_i = σ_i/Σσ (the notebook's definition); 0 for the zero matrix. */
export function effectiveRank(s: ArrayLike<number>): number {
  const total = nuclearNorm(s);
  if (total === 0) return 0;
  let h = 0;
  for (let i = 0; i < s.length; i++) { const p = s[i]! / total; h -= p * Math.log(p + 1e-10); }
  return Math.exp(h);
}

/** Σσ_i^p (p > 0); the reference logs p = 2/N for a depth-N factorisation. */
export function schattenQuasiNorm(s: ArrayLike<number>, p: number): number {
  if (!(p > 0)) throw new InvalidArgumentError(`schattenQuasiNorm: p = ${p}; expected p > 0`);
  let t = 0;
  for (let i = 0; i < s.length; i++) t += s[i]! ** p;
  return t;
}

/** The k largest singular values (fewer when the matrix has fewer), as a plain array. */
export function topSingularValues(s: ArrayLike<number>, k: number): number[] {
  return Array.from(s).slice(0, k);
}

/**
 * max_j ‖W_{j+1}ᵀW_{j+1} − W_jW_jᵀ‖_F over consecutive factors (0 for depth 1). Gradient flow preserves
 * W_{j+1}ᵀW_{j+1} − W_jW_jᵀ exactly, so under GD it moves only by O(lr²) per step.
 */
export function balancedness(factors: { data: Float64Array; rows: number; cols: number }[]): number {
  const k = kernels();
  let worst = 0;
  for (let j = 0; j + 1 < factors.length; j++) {
    const a = factors[j]!, b = factors[j + 1]!;
    if (a.rows !== b.cols) throw new InvalidArgumentError(`balancedness: factor ${j + 1} has ${a.rows} rows but factor ${j + 2} has ${b.cols} columns`);
    const d = a.rows;
    const P = new Float64Array(d * d), Q = new Float64Array(d * d);
    k.gemm(true, false, d, d, b.rows, 1, b.data, b.data, 0, P); // W_{j+1}ᵀW_{j+1}
    k.gemm(false, true, d, d, a.cols, 1, a.data, a.data, 0, Q); // W_jW_jᵀ
    let ss = 0;
    for (let i = 0; i < P.length; i++) { const e = P[i]! - Q[i]!; ss += e * e; }
    worst = Math.max(worst, Math.sqrt(ss));
  }
  return worst;
}

/** Everything the reference logs about W at once, from its singular values. */
export interface SpectralSummary { nuclearNorm: number; effectiveRank: number; schatten: number; top: number[] }

export function spectralSummary(s: ArrayLike<number>, schattenP: number, top = 10): SpectralSummary {
  return { nuclearNorm: nuclearNorm(s), effectiveRank: effectiveRank(s), schatten: schattenQuasiNorm(s, schattenP), top: topSingularValues(s, top) };
}
