/**
 * Marching squares (Lorensen & Cline's 2-D case): iso-lines of a function sampled on a regular grid, with linear
 * interpolation along cell edges, saddle cells resolved by the cell-centre average, and segments joined into
 * polylines through their shared edge crossings. Cells touching a non-finite sample are skipped.
 */
import { InvalidArgumentError } from '../errors.ts';

export interface Grid {
  /** Samples per axis. */
  nx: number;
  ny: number;
  /** Sample positions span [x0, x1] × [y0, y1] inclusive. */
  x: [number, number];
  y: [number, number];
  /** values[j·nx + i] = f(x_i, y_j), j = 0 at y0. */
  values: Float64Array;
}

/** Samples f on an nx × ny grid spanning the box (endpoints included); non-finite values are kept as NaN. */
export function sampleGrid(f: (x: number, y: number) => number, x: [number, number], y: [number, number], nx: number, ny = nx): Grid {
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2) {
    throw new InvalidArgumentError(`sampleGrid: resolution ${nx}×${ny} must be integers ≥ 2`);
  }
  if (!(x[1] > x[0]) || !(y[1] > y[0])) {
    throw new InvalidArgumentError(`sampleGrid: box x=[${x}], y=[${y}] must have lo < hi on both axes`);
  }
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const yj = y[0] + ((y[1] - y[0]) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) {
      const v = f(x[0] + ((x[1] - x[0]) * i) / (nx - 1), yj);
      values[j * nx + i] = Number.isFinite(v) ? v : NaN;
    }
  }
  return { nx, ny, x, y, values };
}

/** n levels evenly spaced strictly inside (lo, hi). */
export function linearLevels(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => lo + ((hi - lo) * (k + 1)) / (n + 1));
}

/** n levels geometrically spaced over [lo, hi] (both > 0), endpoints included. */
export function logLevels(lo: number, hi: number, n: number): number[] {
  if (!(lo > 0) || !(hi > lo)) throw new InvalidArgumentError(`logLevels: need 0 < lo < hi, got lo=${lo}, hi=${hi}`);
  if (n === 1) return [lo];
  const a = Math.log(lo), b = Math.log(hi);
  return Array.from({ length: n }, (_, k) => Math.exp(a + ((b - a) * k) / (n - 1)));
}

/** Iso-lines of the grid at `level`, as polylines of [x, y] in data coordinates (closed loops repeat their start). */
export function isolines(grid: Grid, level: number): Array<Array<[number, number]>> {
  const { nx, ny, values: v } = grid;
  const dx = (grid.x[1] - grid.x[0]) / (nx - 1), dy = (grid.y[1] - grid.y[0]) / (ny - 1);
  const point = new Map<number, [number, number]>();
  // Edge ids: 2·(j·nx+i) is the horizontal edge (i,j)–(i+1,j); +1 is the vertical edge (i,j)–(i,j+1).
  const crossing = (id: number): number => {
    if (!point.has(id)) {
      const k = id >> 1, i = k % nx, j = (k - i) / nx;
      const a = v[k]!, b = id & 1 ? v[k + nx]! : v[k + 1]!;
      const t = (level - a) / (b - a);
      point.set(id, id & 1 ? [grid.x[0] + i * dx, grid.y[0] + (j + t) * dy] : [grid.x[0] + (i + t) * dx, grid.y[0] + j * dy]);
    }
    return id;
  };
  const segA: number[] = [], segB: number[] = [];
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const k = j * nx + i;
      const v00 = v[k]!, v10 = v[k + 1]!, v01 = v[k + nx]!, v11 = v[k + nx + 1]!;
      if (Number.isNaN(v00) || Number.isNaN(v10) || Number.isNaN(v01) || Number.isNaN(v11)) continue;
      const s00 = v00 >= level, s10 = v10 >= level, s01 = v01 >= level, s11 = v11 >= level;
      const bottom = 2 * k, top = 2 * (k + nx), left = 2 * k + 1, right = 2 * (k + 1) + 1;
      const cut: number[] = [];
      if (s00 !== s10) cut.push(bottom);
      if (s10 !== s11) cut.push(right);
      if (s01 !== s11) cut.push(top);
      if (s00 !== s01) cut.push(left);
      if (cut.length === 2) {
        segA.push(crossing(cut[0]!)); segB.push(crossing(cut[1]!));
      } else if (cut.length === 4) {
        const centre = (v00 + v10 + v01 + v11) / 4 >= level;
        if (centre === s00) { // 00 and 11 joined through the centre: cut off corners 10 and 01
          segA.push(crossing(bottom), crossing(top)); segB.push(crossing(right), crossing(left));
        } else {                // cut off corners 00 and 11
          segA.push(crossing(left), crossing(right)); segB.push(crossing(bottom), crossing(top));
        }
      }
    }
  }
  // Join segments sharing an edge crossing: each crossing belongs to at most two segments.
  const byEdge = new Map<number, number[]>();
  for (let s = 0; s < segA.length; s++) {
    for (const e of [segA[s]!, segB[s]!]) {
      const l = byEdge.get(e);
      if (l) l.push(s); else byEdge.set(e, [s]);
    }
  }
  const used = new Uint8Array(segA.length);
  const lines: Array<Array<[number, number]>> = [];
  const walk = (s: number, from: number): void => {
    const line: Array<[number, number]> = [point.get(from)!];
    let edge = from;
    while (s >= 0 && !used[s]) {
      used[s] = 1;
      edge = segA[s] === edge ? segB[s]! : segA[s]!;
      line.push(point.get(edge)!);
      const next = byEdge.get(edge)!.find((t) => t !== s && !used[t]);
      s = next ?? -1;
    }
    lines.push(line);
  };
  // Open chains first (they start at the grid border or at a hole), then closed loops.
  for (let s = 0; s < segA.length; s++) {
    if (used[s]) continue;
    if (byEdge.get(segA[s]!)!.length === 1) walk(s, segA[s]!);
    else if (byEdge.get(segB[s]!)!.length === 1) walk(s, segB[s]!);
  }
  for (let s = 0; s < segA.length; s++) if (!used[s]) walk(s, segA[s]!);
  return lines;
}
