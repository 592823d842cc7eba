/**
 * Strided iteration for broadcasting ops: dimensions that are contiguous for every operand are merged
 * (so same-shape operands become one flat loop, and a bias row a single inner loop per row), then an odometer
 * walks all but the last dimension and calls a monomorphic inner kernel on the last one.
 */

/** Merges adjacent dimensions where every stride list is contiguous across them; drops size-1 dimensions. */
export function coalesce(shape: readonly number[], strides: number[][]): { shape: number[]; strides: number[][] } {
  const sh: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const last = sh.length - 1;
    if (last >= 0 && strides.every((s, k) => st[k]![last] === s[d]! * n)) {
      sh[last] = sh[last]! * n;
      for (let k = 0; k < strides.length; k++) st[k]![last] = strides[k]![d]!;
    } else {
      sh.push(n);
      for (let k = 0; k < strides.length; k++) st[k]!.push(strides[k]![d]!);
    }
  }
  if (sh.length === 0) { sh.push(1); for (const s of st) s.push(0); }
  return { shape: sh, strides: st };
}

/**
 * Walks `shape` (coalesced, rank ≥ 1) calling `inner(ia, ib, ic, n)` once per run of the last dimension, with
 * the start offsets of three operands advanced by their strides; the kernel steps through the run itself.
 */
export function forEachRun(shape: readonly number[], stA: readonly number[], stB: readonly number[], stC: readonly number[],
  inner: (ia: number, ib: number, ic: number, n: number) => void): void {
  const r = shape.length;
  const n = shape[r - 1]!;
  const idx = new Array<number>(r).fill(0);
  let ia = 0, ib = 0, ic = 0;
  let outer = 1;
  for (let d = 0; d < r - 1; d++) outer *= shape[d]!;
  for (let k = 0; k < outer; k++) {
    inner(ia, ib, ic, n);
    for (let d = r - 2; d >= 0; d--) {
      idx[d]!++;
      ia += stA[d]!; ib += stB[d]!; ic += stC[d]!;
      if (idx[d]! < shape[d]!) break;
      ia -= stA[d]! * shape[d]!; ib -= stB[d]! * shape[d]!; ic -= stC[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}
