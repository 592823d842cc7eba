/**
 * The six-hump camel (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²: two global minima (±0.0898, ∓0.7127) with
 * f = −1.0316284535 and four local ones (Newton-refined to machine precision).
 */
import type { ProblemSpec } from './types.ts';
import { surfaceProblem } from './surface.ts';

const G = { x: 0.08984201310031807, y: -0.7126564030207396, f: -1.0316284534898776 };
const L1 = { x: 1.7036067149699812, y: -0.7960835686726251, f: -0.2154638243837217 };
const L2 = { x: 1.6071047529201976, y: 0.5686514548841313, f: 2.1042503103112575 };

export const sixHumpCamel: ProblemSpec = {
  id: 'six-hump-camel',
  summary: 'the six-hump camel; global minima (±0.0898, ∓0.7127), f = −1.03163, and four local minima',
  params: [],
  create() {
    return surfaceProblem({
      id: 'six-hump-camel',
      f: (x, y) => (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y,
      g: (x, y, out) => {
        out[0] = 8 * x - 8.4 * x ** 3 + 2 * x ** 5 + y;
        out[1] = x - 8 * y + 16 * y ** 3;
      },
      h: (x, y, out) => {
        out[0] = 8 - 25.2 * x * x + 10 * x ** 4; out[1] = out[2] = 1; out[3] = -8 + 48 * y * y;
      },
      start: [-1.5, 1],
      window: [[-2, 2], [-1.2, 1.2]],
      minima: [
        { theta: [G.x, G.y], loss: G.f, global: true },
        { theta: [-G.x, -G.y], loss: G.f, global: true },
        { theta: [L1.x, L1.y], loss: L1.f, global: false },
        { theta: [-L1.x, -L1.y], loss: L1.f, global: false },
        { theta: [L2.x, L2.y], loss: L2.f, global: false },
        { theta: [-L2.x, -L2.y], loss: L2.f, global: false },
      ],
    });
  },
};
