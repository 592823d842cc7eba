/** Booth's function (x + 2y − 7)² + (2x + y − 5)², a convex quadratic; minimum (1, 3), f = 0. */
import type { ProblemSpec } from './types.ts';
import { surfaceProblem } from './surface.ts';

export const booth: ProblemSpec = {
  id: 'booth',
  summary: "Booth's function (a convex quadratic); minimum (1, 3), f = 0; window [−10, 10]²",
  params: [],
  create() {
    return surfaceProblem({
      id: 'booth',
      f: (x, y) => (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
      g: (x, y, out) => {
        const u = x + 2 * y - 7, v = 2 * x + y - 5;
        out[0] = 2 * u + 4 * v; out[1] = 4 * u + 2 * v;
      },
      h: (_x, _y, out) => { out[0] = 10; out[1] = out[2] = 8; out[3] = 10; },
      start: [-5, -5],
      window: [[-10, 10], [-10, 10]],
      minima: [{ theta: [1, 3], loss: 0, global: true }],
    });
  },
};
