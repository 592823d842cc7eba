/** Rastrigin's function (2-D) 2A + Σ(xᵢ² − A cos 2πxᵢ), A = 10: global minimum (0, 0), local minima near the integer lattice. */
import type { ProblemSpec } from './types.ts';
import { surfaceProblem } from './surface.ts';

const TWO_PI = 2 * Math.PI;

export const rastrigin: ProblemSpec = {
  id: 'rastrigin',
  summary: "Rastrigin's function (2-D); global minimum (0, 0), f = 0; f(−2, 3.5) = 36.25; start (−2, 3.5)",
  params: [{ name: 'A', kind: 'number', default: 10, min: 0, doc: 'amplitude of the cosine ripples' }],
  create(o) {
    const A = o.A as number;
    return surfaceProblem({
      id: 'rastrigin',
      f: (x, y) => 2 * A + x * x - A * Math.cos(TWO_PI * x) + y * y - A * Math.cos(TWO_PI * y),
      g: (x, y, out) => {
        out[0] = 2 * x + TWO_PI * A * Math.sin(TWO_PI * x);
        out[1] = 2 * y + TWO_PI * A * Math.sin(TWO_PI * y);
      },
      h: (x, y, out) => {
        out[0] = 2 + TWO_PI * TWO_PI * A * Math.cos(TWO_PI * x);
        out[1] = out[2] = 0;
        out[3] = 2 + TWO_PI * TWO_PI * A * Math.cos(TWO_PI * y);
      },
      start: [-2, 3.5],
      window: [[-4.5, 4.5], [-4.5, 4.5]],
      minima: [{ theta: [0, 0], loss: 0, global: true }],
    });
  },
};
