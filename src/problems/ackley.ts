/**
 * Ackley's function (2-D) −a·exp(−b·r) − exp(Σcos(c·xᵢ)/2) + a + e with r = √(Σxᵢ²/2), a = 20, b = 0.2, c = 2π;
 * global minimum (0, 0), f = 0, where it has a cone point: the gradient there is taken as 0 (a subgradient) and
 * the Hessian's radial part is infinite.
 */
import type { ProblemSpec } from './types.ts';
import { surfaceProblem } from './surface.ts';

export const ackley: ProblemSpec = {
  id: 'ackley',
  summary: "Ackley's function (2-D); global minimum (0, 0), f = 0 (a cone point); f(1, 1) = 3.6253849",
  params: [
    { name: 'a', kind: 'number', default: 20, doc: 'depth of the exponential well' },
    { name: 'b', kind: 'number', default: 0.2, min: 0, doc: 'radial decay rate' },
    { name: 'c', kind: 'number', default: 2 * Math.PI, doc: 'frequency of the cosine ripples' },
  ],
  create(o) {
    const a = o.a as number, b = o.b as number, c = o.c as number, d = 2;
    const radius = (x: number, y: number) => Math.sqrt((x * x + y * y) / d);
    const cosMean = (x: number, y: number) => (Math.cos(c * x) + Math.cos(c * y)) / d;
    return surfaceProblem({
      id: 'ackley',
      f: (x, y) => -a * Math.exp(-b * radius(x, y)) - Math.exp(cosMean(x, y)) + a + Math.E,
      g: (x, y, out) => {
        const r = radius(x, y), eS = Math.exp(cosMean(x, y));
        const k = r === 0 ? 0 : a * b * Math.exp(-b * r) / (d * r);
        out[0] = k * x + (c / d) * eS * Math.sin(c * x);
        out[1] = k * y + (c / d) * eS * Math.sin(c * y);
      },
      h: (x, y, out) => {
        const r = radius(x, y), eS = Math.exp(cosMean(x, y));
        const sx = Math.sin(c * x), sy = Math.sin(c * y);
        const wave = (c / d) * eS;
        // radial term: k(r)·δᵢⱼ + xᵢxⱼ·k'(r)/(d·r) with k = ab·e^{−br}/(d·r)
        const k = r === 0 ? Infinity : a * b * Math.exp(-b * r) / (d * r);
        const kp = r === 0 ? 0 : -(a * b / d) * Math.exp(-b * r) * (b * r + 1) / (r * r) / (d * r);
        out[0] = k + x * x * kp + wave * (-(c / d) * sx * sx + c * Math.cos(c * x));
        out[1] = out[2] = x * y * kp + wave * (-(c / d) * sx * sy);
        out[3] = k + y * y * kp + wave * (-(c / d) * sy * sy + c * Math.cos(c * y));
      },
      start: [3, 2.5],
      window: [[-5, 5], [-5, 5]],
      minima: [{ theta: [0, 0], loss: 0, global: true }],
    });
  },
};
