/**
 * `plot(options)`: a figure as data plus marks (Observable Plot's model), rendered to a standalone, deterministic
 * SVG string with axes (1-2-5 or decade ticks), grid, legend, optional colour bar and title. Automatic domains
 * cover every mark's finite data (padded to nice ticks unless a mark samples an exact box). Anything that could
 * not be drawn is counted in the SVG's `<desc>` and in `chart.notes`.
 */
import { InvalidArgumentError } from '../errors.ts';
import { categorical } from './color.ts';
import { px, textWidth, xml } from './format.ts';
import type { ColorBar, LegendEntry, Mark } from './mark.ts';
import { makeScale, niceDomain, niceLogDomain, type Scale, type ScaleType, type Tick } from './scale.ts';

export interface AxisOptions {
  label?: string;
  domain?: [number, number];
  type?: ScaleType;
  /** Approximate number of ticks (default from the axis length). */
  ticks?: number;
  /** Extend an automatic domain to nice tick values (default true unless a mark samples an exact box). */
  nice?: boolean;
  /** Light grid lines at the ticks (default true). */
  grid?: boolean;
}

export interface PlotOptions {
  width?: number;
  height?: number;
  title?: string;
  x?: AxisOptions;
  y?: AxisOptions;
  marks: Mark[];
  /** true / 'right': legend column right of the plot; 'inside': boxed in the top-right corner; false: none. */
  legend?: boolean | 'right' | 'inside';
}

/** A rendered figure. `svg` is a standalone document; `body(id)` is its content for embedding in `panels`. */
export interface Chart {
  width: number;
  height: number;
  svg: string;
  notes: string[];
  body(id: string): string;
}

const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";
const TICK_FONT = 11, LABEL_FONT = 12, TITLE_FONT = 14;
const INK = '#333333', GRID = '#e8e8e8', MINOR_GRID = '#f3f3f3';

/** Wraps SVG content as a standalone document with a white background and a `<desc>` of notes. */
export function document(width: number, height: number, content: string, title: string | undefined, notes: string[]): string {
  const desc = [title ?? 'learnscope figure', ...notes].join('; ');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}" font-family="${FONT}" font-size="${TICK_FONT}">\n`
    + `<desc>${xml(desc)}</desc>\n<rect width="${px(width)}" height="${px(height)}" fill="white"/>\n${content}</svg>\n`;
}

function domainFor(axis: AxisOptions, values: number[], exact: number[] | null, name: string, count: number): [number, number] {
  const type = axis.type ?? 'linear';
  if (axis.domain) return axis.domain;
  const ok = (v: number): boolean => Number.isFinite(v) && (type !== 'log' || v > 0);
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (ok(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (exact) {
    // A sampled box (contour/heatmap) fixes the domain; other data inside it does not widen it.
    let elo = Infinity, ehi = -Infinity;
    for (const v of exact) if (ok(v)) { elo = Math.min(elo, v); ehi = Math.max(ehi, v); }
    if (ehi > elo) return [elo, ehi];
  }
  if (!(hi >= lo)) {
    if (type === 'log') return [1, 10];
    return [0, 1];
  }
  if (axis.nice === false && hi > lo) return [lo, hi];
  if (type === 'log') return niceLogDomain(lo, hi);
  const d = niceDomain(lo, hi, count);
  if (!(d[1] > d[0])) throw new InvalidArgumentError(`plot: cannot build a ${name} domain from [${lo}, ${hi}]`);
  return d;
}

function colorBarTicks(cb: ColorBar): Tick[] {
  return makeScale(cb.log ? 'log' : 'linear', cb.domain, [0, 1]).ticks(4).filter((t) => !t.minor && t.label);
}

export function plot(options: PlotOptions): Chart {
  const width = options.width ?? 640, height = options.height ?? 400;
  if (!(width >= 80) || !(height >= 60)) throw new InvalidArgumentError(`plot: width=${width}, height=${height} must be at least 80×60 px`);
  const xa = options.x ?? {}, ya = options.y ?? {};
  const marks = options.marks;
  // Palette colours go to series marks in order; legend entries follow mark order.
  let next = 0;
  const colors = marks.map((m) => (m.series ? categorical(next++) : categorical(0)));
  const legend: LegendEntry[] = marks.map((m, i) => m.legend(colors[i]!)).filter((e): e is LegendEntry => e !== null);
  const colorBar = marks.map((m) => m.colorBar?.() ?? null).find((c) => c !== null) ?? null;

  const xs: number[] = [], ys: number[] = [];
  let xExact: number[] | null = null, yExact: number[] | null = null;
  for (const m of marks) {
    const e = m.extent();
    if (m.exact) { xExact = [...(xExact ?? []), ...e.x]; yExact = [...(yExact ?? []), ...e.y]; }
    for (const v of e.x) xs.push(v);
    for (const v of e.y) ys.push(v);
  }
  const legendMode = options.legend === undefined ? (legend.length > 0 ? 'right' : false) : options.legend === true ? 'right' : options.legend;
  const legendW = legendMode === 'right' && legend.length
    ? 30 + Math.max(...legend.map((e) => textWidth(e.label, TICK_FONT))) : 0;
  const cbTicks = colorBar ? colorBarTicks(colorBar) : [];
  const cbW = colorBar ? 14 + 6 + Math.max(0, ...cbTicks.map((t) => textWidth(t.label, TICK_FONT))) + (colorBar.label ? 18 : 0) + 12 : 0;

  // Tick counts follow the axis length (one label per ~80 px across, ~45 px up).
  const xCount = xa.ticks ?? Math.max(2, Math.round((width - 120 - legendW - cbW) / 80));
  const yCount = ya.ticks ?? Math.max(2, Math.round((height - 80) / 45));
  const xDomain = domainFor(xa, xs, xExact, 'x', xCount);
  const yDomain = domainFor(ya, ys, yExact, 'y', yCount);
  const yTicks = makeScale(ya.type ?? 'linear', yDomain, [0, 1]).ticks(yCount);
  const yTickW = Math.max(0, ...yTicks.map((t) => textWidth(t.label, TICK_FONT)));

  const top = options.title ? 34 : 14;
  const left = 10 + (ya.label ? LABEL_FONT + 8 : 0) + yTickW + 8;
  const bottom = 6 + TICK_FONT + 8 + (xa.label ? LABEL_FONT + 10 : 0) + 4;
  const right = 14 + (legendW ? legendW + 10 : 0) + cbW;
  const x0 = left, x1 = width - right, y0 = height - bottom, y1 = top;
  if (!(x1 - x0 >= 20) || !(y0 - y1 >= 20)) throw new InvalidArgumentError(`plot: ${width}×${height} px leaves no room for the plot area after axes and legend`);
  const x = makeScale(xa.type ?? 'linear', xDomain, [x0, x1]);
  const y = makeScale(ya.type ?? 'linear', yDomain, [y0, y1]);
  const xTicks = x.ticks(xCount);

  const notes: string[] = [];
  const names = marks.map((m, i) => { const l = m.legend(colors[i]!)?.label; return l ? `${m.kind} '${l}'` : m.kind; });
  const body = (id: string): string => {
    const out: string[] = [];
    out.push(`<defs><clipPath id="${id}-clip"><rect x="${px(x0)}" y="${px(y1)}" width="${px(x1 - x0)}" height="${px(y0 - y1)}"/></clipPath></defs>`);
    out.push(grid(x, y, xTicks, yTicks, xa.grid !== false, ya.grid !== false));
    const drawn: string[] = [];
    const dropped: string[] = [];
    marks.forEach((m, i) => {
      const svg = m.render({
        x, y, color: colors[i]!, id: `${id}-m${i}`,
        drop: (count, reason) => { if (count > 0) dropped.push(`${names[i]}: dropped ${count} ${reason}`); },
      });
      if (svg) drawn.push(m.clip ? `<g clip-path="url(#${id}-clip)">${svg}</g>` : svg);
    });
    notes.splice(0, notes.length, ...dropped);
    out.push(...drawn);
    out.push(axes(x, y, xTicks, yTicks, xa, ya, { x0, x1, y0, y1, left }));
    if (options.title) out.push(`<text x="${px(x0)}" y="${px(20)}" font-size="${TITLE_FONT}" font-weight="bold" fill="${INK}">${xml(options.title)}</text>`);
    if (legendMode && legend.length) out.push(legendSvg(legend, legendMode, { x0, x1, y1 }));
    if (colorBar) out.push(colorBarSvg(colorBar, cbTicks, x1 + (legendW ? legendW + 10 : 0) + 16, y1, y0, `${id}-cb`));
    return out.join('\n') + '\n';
  };
  const content = body('p');
  return { width, height, notes, body, svg: document(width, height, content, options.title, notes) };
}

function grid(x: Scale, y: Scale, xt: Tick[], yt: Tick[], gx: boolean, gy: boolean): string {
  let major = '', minor = '';
  if (gx) for (const t of xt) (t.minor ? (s: string) => { minor += s; } : (s: string) => { major += s; })(`M${px(x.map(t.value))},${px(y.range[0])}V${px(y.range[1])}`);
  if (gy) for (const t of yt) (t.minor ? (s: string) => { minor += s; } : (s: string) => { major += s; })(`M${px(x.range[0])},${px(y.map(t.value))}H${px(x.range[1])}`);
  return (minor ? `<path d="${minor}" stroke="${MINOR_GRID}" stroke-width="1"/>` : '') + (major ? `<path d="${major}" stroke="${GRID}" stroke-width="1"/>` : '');
}

function axes(x: Scale, y: Scale, xt: Tick[], yt: Tick[], xa: AxisOptions, ya: AxisOptions, b: { x0: number; x1: number; y0: number; y1: number; left: number }): string {
  let marks = '', labels = '';
  for (const t of xt) {
    const p = px(x.map(t.value));
    marks += `M${p},${px(b.y0)}v${t.minor ? 3 : 5}`;
    if (t.label) labels += `<text x="${p}" y="${px(b.y0 + 8 + TICK_FONT * 0.8)}" text-anchor="middle">${xml(t.label)}</text>`;
  }
  for (const t of yt) {
    const p = y.map(t.value);
    marks += `M${px(b.x0)},${px(p)}h${t.minor ? -3 : -5}`;
    if (t.label) labels += `<text x="${px(b.x0 - 8)}" y="${px(p + TICK_FONT * 0.35)}" text-anchor="end">${xml(t.label)}</text>`;
  }
  let out = `<rect x="${px(b.x0)}" y="${px(b.y1)}" width="${px(b.x1 - b.x0)}" height="${px(b.y0 - b.y1)}" fill="none" stroke="${INK}" stroke-width="0.8"/>`;
  out += `<path d="${marks}" stroke="${INK}" stroke-width="0.8"/><g fill="${INK}">${labels}</g>`;
  if (xa.label) {
    out += `<text x="${px((b.x0 + b.x1) / 2)}" y="${px(b.y0 + 8 + TICK_FONT + 8 + LABEL_FONT * 0.8)}" text-anchor="middle" font-size="${LABEL_FONT}" fill="${INK}">${xml(xa.label)}</text>`;
  }
  if (ya.label) {
    const cx = 10 + LABEL_FONT * 0.8, cy = (b.y0 + b.y1) / 2;
    out += `<text transform="translate(${px(cx)},${px(cy)}) rotate(-90)" text-anchor="middle" font-size="${LABEL_FONT}" fill="${INK}">${xml(ya.label)}</text>`;
  }
  return out;
}

/** Whether a colour is too light to see on white (relative luminance > 0.8). */
function light(color: string): boolean {
  const m = /^#([0-9a-f]{6})$/i.exec(color) ?? (color === 'white' ? ['', 'ffffff'] : null);
  if (!m) return false;
  const n = parseInt(m[1]!, 16);
  return (0.2126 * (n >> 16) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255)) / 255 > 0.8;
}

function swatch(e: LegendEntry, x: number, y: number): string {
  // A light swatch (e.g. a white line drawn over a heatmap) gets a grey backing so it stays visible.
  const back = light(e.color) ? `<rect x="${px(x - 1)}" y="${px(y - 6)}" width="22" height="12" fill="#777777"/>` : '';
  return back + swatchMark(e, x, y);
}

function swatchMark(e: LegendEntry, x: number, y: number): string {
  if (e.swatch === 'line') return `<path d="M${px(x)},${px(y)}h20" stroke="${e.color}" stroke-width="2"${e.dash ? ` stroke-dasharray="${e.dash}"` : ''}/>`;
  if (e.swatch === 'dot') return `<circle cx="${px(x + 10)}" cy="${px(y)}" r="4" fill="${e.color}"/>`;
  return `<rect x="${px(x + 3)}" y="${px(y - 6)}" width="14" height="12" fill="${e.color}" fill-opacity="0.75"/>`;
}

function legendSvg(entries: LegendEntry[], mode: 'right' | 'inside', b: { x0: number; x1: number; y1: number }): string {
  const row = 18, w = 30 + Math.max(...entries.map((e) => textWidth(e.label, TICK_FONT)));
  const lx = mode === 'right' ? b.x1 + 14 : b.x1 - w - 14;
  const ly = b.y1 + (mode === 'right' ? 4 : 8);
  let out = mode === 'inside'
    ? `<rect x="${px(lx - 6)}" y="${px(ly - 2)}" width="${px(w + 10)}" height="${px(entries.length * row + 4)}" fill="white" fill-opacity="0.85" stroke="#cccccc" stroke-width="0.8" rx="3"/>`
    : '';
  entries.forEach((e, k) => {
    const cy = ly + row * k + row / 2;
    out += swatch(e, lx, cy) + `<text x="${px(lx + 26)}" y="${px(cy + TICK_FONT * 0.35)}" fill="${INK}">${xml(e.label)}</text>`;
  });
  return `<g>${out}</g>`;
}

function colorBarSvg(cb: ColorBar, ticks: Tick[], x: number, top: number, bottom: number, id: string): string {
  const h = bottom - top, stops = 16;
  let grad = '';
  for (let k = 0; k <= stops; k++) grad += `<stop offset="${px(k / stops)}" stop-color="${cb.ramp(1 - k / stops)}"/>`;
  const s = makeScale(cb.log ? 'log' : 'linear', cb.domain, [bottom, top]);
  let out = `<defs><linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1">${grad}</linearGradient></defs>`;
  out += `<rect x="${px(x)}" y="${px(top)}" width="14" height="${px(h)}" fill="url(#${id})" stroke="${INK}" stroke-width="0.6"/>`;
  let marks = '', labels = '';
  for (const t of ticks) {
    const p = s.map(t.value);
    marks += `M${px(x + 14)},${px(p)}h4`;
    labels += `<text x="${px(x + 20)}" y="${px(p + TICK_FONT * 0.35)}">${xml(t.label)}</text>`;
  }
  out += `<path d="${marks}" stroke="${INK}" stroke-width="0.8"/><g fill="${INK}">${labels}</g>`;
  if (cb.label) {
    const lx = x + 20 + Math.max(0, ...ticks.map((t) => textWidth(t.label, TICK_FONT))) + 6 + LABEL_FONT * 0.8;
    out += `<text transform="translate(${px(lx)},${px((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="${LABEL_FONT}" fill="${INK}">${xml(cb.label)}</text>`;
  }
  return `<g>${out}</g>`;
}
