/**
 * The Müller–Brown potential (Müller & Brown 1979) Σₖ Aₖ exp(aₖ(x−x⁰ₖ)² + bₖ(x−x⁰ₖ)(y−y⁰ₖ) + cₖ(y−y⁰ₖ)²):
 * three minima, two saddles (anchors §3.5). Curvatures reach ~4000, so GD needs lr < 5e-4.
 */
import type { ProblemSpec } from './types.ts';
import { surfaceProblem } from './surface.ts';

const A = [-200, -100, -170, 15];
const a = [-1, -1, -6.5, 0.7];
const b = [0, 0, 11, 0.6];
const c = [-10, -10, -6.5, 0.7];
const X0 = [1, 0, -0.5, -1];
const Y0 = [0, 0.5, 1.5, 1];

export const mullerBrown: ProblemSpec = {
  id: 'muller-brown',
  summary: 'the Müller–Brown potential; minima (−0.5582, 1.4417) V = −146.700, (0.6235, 0.0280) V = −108.167, (−0.0500, 0.4667) V = −80.768',
  params: [],
  create() {
    return surfaceProblem({
      id: 'muller-brown',
      f(x, y) {
        let v = 0;
        for (let k = 0; k < 4; k++) {
          const dx = x - X0[k]!, dy = y - Y0[k]!;
          v += A[k]! * Math.exp(a[k]! * dx * dx + b[k]! * dx * dy + c[k]! * dy * dy);
        }
        return v;
      },
      g(x, y, out) {
        let gx = 0, gy = 0;
        for (let k = 0; k < 4; k++) {
          const dx = x - X0[k]!, dy = y - Y0[k]!;
          const e = A[k]! * Math.exp(a[k]! * dx * dx + b[k]! * dx * dy + c[k]! * dy * dy);
          gx += e * (2 * a[k]! * dx + b[k]! * dy);
          gy += e * (b[k]! * dx + 2 * c[k]! * dy);
        }
        out[0] = gx; out[1] = gy;
      },
      h(x, y, out) {
        let hxx = 0, hxy = 0, hyy = 0;
        for (let k = 0; k < 4; k++) {
          const dx = x - X0[k]!, dy = y - Y0[k]!;
          const e = A[k]! * Math.exp(a[k]! * dx * dx + b[k]! * dx * dy + c[k]! * dy * dy);
          const qx = 2 * a[k]! * dx + b[k]! * dy, qy = b[k]! * dx + 2 * c[k]! * dy;
          hxx += e * (qx * qx + 2 * a[k]!);
          hxy += e * (qx * qy + b[k]!);
          hyy += e * (qy * qy + 2 * c[k]!);
        }
        out[0] = hxx; out[1] = out[2] = hxy; out[3] = hyy;
      },
      start: [-0.2, 1],
      window: [[-1.5, 1.2], [-0.2, 2]],
      minima: [
        { theta: [-0.5582236346330243, 1.4417258418046686], loss: -146.69951720995402, global: true },
        { theta: [0.6234994049308766, 0.028037758528685654], loss: -108.16672411685235, global: false },
        { theta: [-0.0500108229982061, 0.4666941048719721], loss: -80.76781812965903, global: false },
      ],
    });
  },
};
