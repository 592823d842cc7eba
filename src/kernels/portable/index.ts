/**
 * The portable kernel backend: runs wherever JavaScript does (Node without a compiler, browsers). GEMM uses a
 * wasm SIMD128 kernel when available; the decompositions are plain TypeScript on Float64Array
 * (reference/numeric-engines.md §2, §5.5, §5.6). No static `node:` import may appear under this folder: the one
 * Node-only file, gemm-threads-node.ts (gemm's second thread), is reached by a dynamic import under Node only.
 */
import type { Kernels } from '../types.ts';
import { axpy, dot, scal } from './blas1.ts';
import { gemm } from './gemm.ts';
import { syrk } from './syrk.ts';
import { syevd } from './syevd.ts';
import { gesdd } from './gesdd.ts';
import { posv, potrf, potri } from './cholesky.ts';
import { gesv, getrf } from './lu.ts';
import { adamStep } from './adam.ts';
import { diagQuadratic } from './diag-quadratic.ts';
import { allFinite } from './all-finite.ts';
import { combine, dots } from './multivec.ts';
import { alloc } from './alloc.ts';

export const portableKernels: Kernels = {
  name: 'portable',
  gemm, syrk, axpy, scal, dot, syevd, gesdd, potrf, posv, potri, getrf, gesv,
  adamStep, diagQuadratic, allFinite,
  dots, combine,
  alloc,
};
