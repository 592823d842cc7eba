/**
 * Kernels.alloc for the portable backend: JavaScript has no uninitialised allocation, so the array is zeroed
 * (zero is one valid "unspecified" content). Same argument check as the native backend's.
 */
export function alloc(n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`alloc: argument n is ${n}; accepted: an integer >= 0`);
  return new Float64Array(n);
}
