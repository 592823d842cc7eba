/**
 * Deterministic text for SVG output: coordinates rounded to a fixed precision (so snapshots are byte-stable across
 * platforms), tick labels in 1-2-5 steps, and XML escaping. Follows Observable Plot's rule that figures are data and
 * must render identically from identical inputs.
 */

/** A pixel coordinate with 2 decimals, trailing zeros dropped, and no "-0". */
export function px(v: number): string {
  const r = Math.round(v * 100) / 100;
  return r === 0 ? '0' : String(r);
}

/** A data value in a `<desc>` or label, with `digits` significant digits. */
export function num(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-4) return v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(digits)));
}

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻',
};

/** 10^k as "10⁻³" (Unicode superscripts render in any font that has them, DejaVu Sans does). */
export function powerOfTen(k: number): string {
  return '10' + String(k).split('').map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/** A typographic minus sign for negative tick labels. */
function minus(s: string): string {
  return s.startsWith('-') ? '−' + s.slice(1) : s;
}

/** Tick label for a linear axis whose ticks are `step` apart: just enough decimals to tell ticks apart. */
export function tickLabel(v: number, step: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-4 || step < 1e-4)) {
    const e = Math.floor(Math.log10(a));
    const m = v / 10 ** e;
    const digits = Math.max(0, Math.min(6, Math.ceil(-Math.log10(step / 10 ** e) - 1e-9)));
    return minus(m.toFixed(digits)) + '×' + powerOfTen(e);
  }
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  const s = v.toFixed(Math.min(decimals, 12));
  return minus(/^-0(\.0*)?$/.test(s) ? s.slice(1) : s);
}

/** Escapes text for SVG content and attribute values. */
export function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Rough rendered width of `s` at `fontSize` px in a sans-serif font (DejaVu Sans averages ≈ 0.6 em per glyph). */
export function textWidth(s: string, fontSize: number): number {
  let w = 0;
  for (const c of s) w += /[ilj.,:;'|!ı]/.test(c) ? 0.3 : /[mwMW]/.test(c) ? 0.85 : /[A-Z]/.test(c) ? 0.68 : 0.58;
  return w * fontSize;
}
