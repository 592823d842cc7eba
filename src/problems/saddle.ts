/** The saddle x² − y²: a critical point at (0, 0), unbounded below; GD escapes along y at rate (1 + 2·lr) per step. */
import type { ProblemSpec } from './types.ts';
import { surfaceProblem } from './surface.ts';

export const saddle: ProblemSpec = {
  id: 'saddle',
  summary: 'the saddle x² − y² (no minimum; unbounded below); start (1.5, 0.01) tests escape from near y = 0',
  params: [],
  create() {
    return surfaceProblem({
      id: 'saddle',
      f: (x, y) => x * x - y * y,
      g: (x, y, out) => { out[0] = 2 * x; out[1] = -2 * y; },
      h: (_x, _y, out) => { out[0] = 2; out[1] = out[2] = 0; out[3] = -2; },
      start: [1.5, 0.01],
      window: [[-2, 2], [-2, 2]],
      minima: [],
    });
  },
};
