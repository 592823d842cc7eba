/** Beale's function Σᵢ (cᵢ − x + x·yⁱ)² with c = (1.5, 2.25, 2.625); minimum (3, 0.5), f = 0 (anchors §5.4). */
import type { ProblemSpec } from './types.ts';
import { surfaceProblem } from './surface.ts';

const C = [1.5, 2.25, 2.625];

export const beale: ProblemSpec = {
  id: 'beale',
  summary: "Beale's function; minimum (3, 0.5), f = 0; window [−4.5, 4.5]²",
  params: [],
  create() {
    return surfaceProblem({
      id: 'beale',
      f(x, y) {
        let s = 0;
        for (let i = 1; i <= 3; i++) s += (C[i - 1]! - x + x * y ** i) ** 2;
        return s;
      },
      g(x, y, out) {
        let gx = 0, gy = 0;
        for (let i = 1; i <= 3; i++) {
          const t = C[i - 1]! - x + x * y ** i;
          gx += 2 * t * (y ** i - 1);
          gy += 2 * t * i * x * y ** (i - 1);
        }
        out[0] = gx; out[1] = gy;
      },
      h(x, y, out) {
        let hxx = 0, hxy = 0, hyy = 0;
        for (let i = 1; i <= 3; i++) {
          const t = C[i - 1]! - x + x * y ** i;
          const tx = y ** i - 1, ty = i * x * y ** (i - 1);
          const txy = i * y ** (i - 1), tyy = i === 1 ? 0 : i * (i - 1) * x * y ** (i - 2);
          hxx += 2 * tx * tx;
          hxy += 2 * (tx * ty + t * txy);
          hyy += 2 * (ty * ty + t * tyy);
        }
        out[0] = hxx; out[1] = out[2] = hxy; out[3] = hyy;
      },
      start: [1, 1],
      window: [[-4.5, 4.5], [-4.5, 4.5]],
      minima: [{ theta: [3, 0.5], loss: 0, global: true }],
    });
  },
};
