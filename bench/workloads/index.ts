/**
 * The benchmark workload registry, ordered from kernels up. Adding a workload: one file in this folder exporting a
 * `Workload` (bench/workload.ts), optionally a peer script in bench/peers/, and one line here.
 */
import type { Workload } from '../workload.ts';
import { gemm, gemmOut } from './gemm.ts';
import { gemmPortable } from './gemm-portable.ts';
import { eighWorkload } from './eigh.ts';
import { svdWorkload } from './svd.ts';
import { choleskySolve } from './cholesky-solve.ts';
import { adamNumpy, adamTorch } from './adam.ts';
import { mlpStep } from './mlp-step.ts';
import { normals } from './normals.ts';
import { geometryStepWorkload } from './geometry-step.ts';
import { ngdCgMlp } from './ngd-cg.ts';
import { kfacStepMlp } from './kfac-step.ts';
import { langevinWorkload } from './langevin.ts';
import { dmfStep100, dmfStep500 } from './dmf.ts';

export const workloads: Workload[] = [
  gemm,
  gemmOut,
  gemmPortable,
  eighWorkload,
  svdWorkload,
  choleskySolve,
  adamTorch,
  adamNumpy,
  mlpStep,
  normals,
  geometryStepWorkload,
  ngdCgMlp,
  kfacStepMlp,
  langevinWorkload,
  dmfStep100,
  dmfStep500,
];
