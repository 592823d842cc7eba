/** Rosenbrock's banana valley f = (a − x)² + b(y − x²)², minimum (a, a²) with f = 0; a = 1, b = 100 by default. */
import type { ProblemSpec } from './types.ts';
import { surfaceProblem } from './surface.ts';

export const rosenbrock: ProblemSpec = {
  id: 'rosenbrock',
  summary: "Rosenbrock's valley (a − x)² + b(y − x²)²; minimum (a, a²), f = 0; start (−2, 2)",
  params: [
    { name: 'a', kind: 'number', default: 1, doc: 'position of the minimum x = a' },
    { name: 'b', kind: 'number', default: 100, min: 0, minExclusive: true, doc: 'steepness of the valley walls' },
  ],
  create(o) {
    const a = o.a as number, b = o.b as number;
    return surfaceProblem({
      id: 'rosenbrock',
      f: (x, y) => (a - x) ** 2 + b * (y - x * x) ** 2,
      g: (x, y, out) => { out[0] = -2 * (a - x) - 4 * b * x * (y - x * x); out[1] = 2 * b * (y - x * x); },
      h: (x, y, out) => { out[0] = 2 - 4 * b * y + 12 * b * x * x; out[1] = out[2] = -4 * b * x; out[3] = 2 * b; },
      start: [-2, 2],
      window: [[-2, 2], [-1, 3]],
      minima: [{ theta: [a, a * a], loss: 0, global: true }],
    });
  },
};
