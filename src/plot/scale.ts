/**
 * Position scales (linear and log10) with "nice" 1-2-5 ticks, as in d3-scale / Observable Plot: ticks are at
 * multiples of 1, 2 or 5 × 10^k chosen so about `count` of them fall in the domain.
 */
import { InvalidArgumentError } from '../errors.ts';
import { powerOfTen, tickLabel } from './format.ts';

export type ScaleType = 'linear' | 'log';

export interface Tick {
  value: number;
  label: string;
  /** Minor ticks get a tick mark and grid line but no label. */
  minor?: boolean;
}

export interface Scale {
  type: ScaleType;
  domain: [number, number];
  range: [number, number];
  /** Data value → pixel. */
  map(v: number): number;
  /** Whether `v` can be placed on this scale (finite, and positive for log). */
  accepts(v: number): boolean;
  ticks(count: number): Tick[];
}

/** The 1-2-5 step giving about `count` intervals over [lo, hi]. */
export function tickStep(lo: number, hi: number, count: number): number {
  const raw = Math.abs(hi - lo) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m >= 7.5 ? 10 : m >= 3.5 ? 5 : m >= 1.5 ? 2 : 1) * p;
}

/** i × step without float noise: for steps below 1, 1/step is an integer (1, 2 or 5 × 10^k) and i / (1/step) rounds once. */
function times(i: number, step: number): number {
  const v = step < 1 ? i / Math.round(1 / step) : i * step;
  return v === 0 ? 0 : v; // no -0
}

/** Ticks at multiples of tickStep(lo, hi, count) inside [lo, hi]. */
export function linearTicks(lo: number, hi: number, count: number): number[] {
  const step = tickStep(lo, hi, count);
  const a = Math.min(lo, hi), b = Math.max(lo, hi);
  const out: number[] = [];
  // Integer multiples of step, so 0.1 + 0.2 noise never reaches the labels.
  for (let i = Math.ceil(a / step - 1e-9); i <= Math.floor(b / step + 1e-9); i++) out.push(times(i, step));
  return out;
}

/** Expands [lo, hi] outward to the nearest tick multiples (d3's `nice`). Degenerate domains get ±1 (or ±|v|/10). */
export function niceDomain(lo: number, hi: number, count: number): [number, number] {
  if (lo === hi) {
    const d = lo === 0 ? 1 : Math.abs(lo) / 10;
    lo -= d; hi += d;
  }
  const step = tickStep(lo, hi, count);
  return [times(Math.floor(lo / step + 1e-9), step), times(Math.ceil(hi / step - 1e-9), step)];
}

/** Expands a positive [lo, hi] to whole decades. */
export function niceLogDomain(lo: number, hi: number): [number, number] {
  if (lo === hi) { lo /= 10; hi *= 10; }
  return [10 ** Math.floor(Math.log10(lo) + 1e-9), 10 ** Math.ceil(Math.log10(hi) - 1e-9)];
}

export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  if (!Number.isFinite(d0) || !Number.isFinite(d1) || d0 === d1) {
    throw new InvalidArgumentError(`plot: linear domain [${d0}, ${d1}] must be two different finite numbers`);
  }
  const k = (range[1] - range[0]) / (d1 - d0);
  return {
    type: 'linear', domain, range,
    map: (v) => range[0] + (v - d0) * k,
    accepts: (v) => Number.isFinite(v),
    ticks(count) {
      const step = tickStep(d0, d1, count);
      return linearTicks(d0, d1, count).map((value) => ({ value, label: tickLabel(value, step) }));
    },
  };
}

export function logScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  if (!(d0 > 0) || !(d1 > 0) || !Number.isFinite(d0) || !Number.isFinite(d1) || d0 === d1) {
    throw new InvalidArgumentError(`plot: log domain [${d0}, ${d1}] must be two different positive finite numbers`);
  }
  const l0 = Math.log10(d0), l1 = Math.log10(d1);
  const k = (range[1] - range[0]) / (l1 - l0);
  return {
    type: 'log', domain, range,
    map: (v) => range[0] + (Math.log10(v) - l0) * k,
    accepts: (v) => Number.isFinite(v) && v > 0,
    ticks(count) {
      const a = Math.min(l0, l1), b = Math.max(l0, l1);
      const decades = b - a;
      const out: Tick[] = [];
      if (decades < 1) {
        // Less than a decade: fall back to linear 1-2-5 ticks between the bounds.
        const lo = 10 ** a, hi = 10 ** b, step = tickStep(lo, hi, count);
        return linearTicks(lo, hi, count).filter((v) => v > 0).map((value) => ({ value, label: tickLabel(value, step) }));
      }
      // Label every decade, or every n-th counted from the lowest; 2…9 are minor ticks when there are ≤ 3 decades.
      const every = Math.max(1, Math.ceil(decades / Math.max(1, count)));
      const first = Math.ceil(a - 1e-9);
      for (let e = Math.floor(a); e <= Math.ceil(b); e++) {
        const v = 10 ** e;
        if (e >= a - 1e-9 && e <= b + 1e-9) {
          out.push((e - first) % every === 0 ? { value: v, label: powerOfTen(e) } : { value: v, label: '', minor: true });
        }
        if (decades <= 3) {
          for (let m = 2; m <= 9; m++) {
            const lm = e + Math.log10(m);
            if (lm > a + 1e-9 && lm < b - 1e-9) out.push({ value: m * v, label: '', minor: true });
          }
        }
      }
      return out;
    },
  };
}

export function makeScale(type: ScaleType, domain: [number, number], range: [number, number]): Scale {
  return type === 'log' ? logScale(domain, range) : linearScale(domain, range);
}
