/**
 * Colours: a fixed categorical palette (Okabe & Ito 2008, safe for the common colour-vision deficiencies; yellow
 * is last because it is faint on white) and the perceptual viridis ramp (van der Walt & Smith, matplotlib 2.0),
 * interpolated between 11 published stops.
 */

export const palette: readonly string[] = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
];

/** The i-th categorical colour, cycling. */
export function categorical(i: number): string {
  return palette[((i % palette.length) + palette.length) % palette.length]!;
}

const VIRIDIS = ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725'];

function rgb(hex: string): [number, number, number] {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

function hex2(v: number): string {
  return Math.round(v).toString(16).padStart(2, '0');
}

/** Viridis at t ∈ [0, 1] (values outside are taken at the nearer end; NaN gives light grey). */
export function viridis(t: number): string {
  if (Number.isNaN(t)) return '#dddddd';
  const u = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const a = rgb(VIRIDIS[i]!), b = rgb(VIRIDIS[i + 1]!);
  return '#' + hex2(a[0] + (b[0] - a[0]) * f) + hex2(a[1] + (b[1] - a[1]) * f) + hex2(a[2] + (b[2] - a[2]) * f);
}

export type Ramp = (t: number) => string;
