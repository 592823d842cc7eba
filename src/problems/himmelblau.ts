/** Himmelblau's function (x² + y − 11)² + (x + y² − 7)²: four global minima with f = 0 (Newton-refined, anchors §5.4). */
import type { ProblemSpec } from './types.ts';
import { surfaceProblem } from './surface.ts';

export const himmelblau: ProblemSpec = {
  id: 'himmelblau',
  summary: "Himmelblau's function; four global minima with f = 0, a local maximum at (−0.2708, −0.9230); window [−5, 5]²",
  params: [],
  create() {
    return surfaceProblem({
      id: 'himmelblau',
      f: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
      g: (x, y, out) => {
        const u = x * x + y - 11, v = x + y * y - 7;
        out[0] = 4 * x * u + 2 * v; out[1] = 2 * u + 4 * y * v;
      },
      h: (x, y, out) => {
        const u = x * x + y - 11, v = x + y * y - 7;
        out[0] = 4 * u + 8 * x * x + 2; out[1] = out[2] = 4 * x + 4 * y; out[3] = 2 + 4 * v + 8 * y * y;
      },
      start: [0, 0],
      window: [[-5, 5], [-5, 5]],
      minima: [
        { theta: [3, 2], loss: 0, global: true },
        { theta: [-2.805118086952745, 3.131312518250573], loss: 0, global: true },
        { theta: [-3.779310253377747, -3.283185991286169], loss: 0, global: true },
        { theta: [3.5844283403304917, -1.8481265269644034], loss: 0, global: true },
      ],
    });
  },
};
