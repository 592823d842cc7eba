/** `panels(charts, {columns})`: several charts side by side in a grid, as one standalone SVG (multi-panel figures). */
import { InvalidArgumentError } from '../errors.ts';
import { px, xml } from './format.ts';
import { document, type Chart } from './plot.ts';

export interface PanelOptions {
  /** Charts per row (default: all in one row). */
  columns?: number;
  /** Pixels between panels (default 8). */
  gap?: number;
  /** A title over the whole figure. */
  title?: string;
}

export function panels(charts: Chart[], options: PanelOptions = {}): Chart {
  if (charts.length === 0) throw new InvalidArgumentError('panels: need at least one chart');
  const columns = options.columns ?? charts.length;
  if (!Number.isInteger(columns) || columns < 1) throw new InvalidArgumentError(`panels: columns=${columns} must be a positive integer`);
  const gap = options.gap ?? 8;
  const rows = Math.ceil(charts.length / columns);
  const colW = Array.from({ length: columns }, (_, c) => Math.max(0, ...charts.filter((_, i) => i % columns === c).map((ch) => ch.width)));
  const rowH = Array.from({ length: rows }, (_, r) => Math.max(0, ...charts.slice(r * columns, (r + 1) * columns).map((ch) => ch.height)));
  const top = options.title ? 30 : 0;
  const width = colW.reduce((a, b) => a + b, 0) + gap * (columns - 1);
  const height = top + rowH.reduce((a, b) => a + b, 0) + gap * (rows - 1);
  const body = (id: string): string => {
    let out = options.title ? `<text x="${px(width / 2)}" y="20" text-anchor="middle" font-size="15" font-weight="bold" fill="#333333">${xml(options.title)}</text>\n` : '';
    charts.forEach((ch, i) => {
      const c = i % columns, r = Math.floor(i / columns);
      const x = colW.slice(0, c).reduce((a, b) => a + b, 0) + gap * c;
      const y = top + rowH.slice(0, r).reduce((a, b) => a + b, 0) + gap * r;
      // Each panel gets its own id prefix so clip paths and gradients stay unique in the document.
      out += `<svg x="${px(x)}" y="${px(y)}" width="${px(ch.width)}" height="${px(ch.height)}" viewBox="0 0 ${px(ch.width)} ${px(ch.height)}">\n${ch.body(`${id}${i}`)}</svg>\n`;
    });
    return out;
  };
  const notes = charts.flatMap((ch, i) => ch.notes.map((n) => `panel ${i + 1}: ${n}`));
  return { width, height, notes, body, svg: document(width, height, body('p'), options.title, notes) };
}
