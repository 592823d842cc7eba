// normals-1e6: seeded N(0, 1) draws per second into a reused 10⁶-entry Float64Array (Rng.fillNormal: xoshiro128**
// + ziggurat, single thread), the noise source of 10⁶-particle Langevin runs; target ≥ 50 M/s, peer NumPy's
// Generator(PCG64).standard_normal(out=…) (also a ziggurat, in C).
import { createRng } from '../../src/random/index.ts';
import type { Workload } from '../workload.ts';

const N = 1_000_000;

export const normals: Workload = {
  name: 'normals-1e6',
  summary: 'seeded standard normals into a 1e6 Float64Array (fillNormal), M draws/s, vs NumPy PCG64 standard_normal',
  unit: 'M/s',
  higherIsBetter: true,
  target: { value: 50 },
  run(ctx) {
    const rng = createRng(1);
    const out = new Float64Array(N);
    return N / 1e6 / (ctx.timeMs(() => rng.fillNormal(out), { warmup: Math.max(ctx.timing.warmup, 5), reps: Math.max(ctx.timing.reps, 15) }) / 1e3);
  },
  peer: { script: 'normals.py', args: [String(N)], name: 'numpy' },
};
