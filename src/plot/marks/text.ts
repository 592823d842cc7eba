/** Text mark: a label at a data position, offset in pixels (annotations such as "start", "minimum"). */
import { px, xml } from '../format.ts';
import { attrs, type Mark } from '../mark.ts';

export interface TextOptions {
  anchor?: 'start' | 'middle' | 'end';
  dx?: number;
  dy?: number;
  fontSize?: number;
  fill?: string;
  fontWeight?: 'normal' | 'bold';
  /** Draw a white halo behind the text so it reads over lines and heatmaps. */
  halo?: boolean;
}

export function text(x: number, y: number, content: string, options: TextOptions = {}): Mark {
  return {
    kind: 'text', series: false, clip: false,
    extent: () => ({ x: Number.isFinite(x) ? [x] : [], y: Number.isFinite(y) ? [y] : [] }),
    legend: () => null,
    render(ctx) {
      if (!ctx.x.accepts(x) || !ctx.y.accepts(y)) { ctx.drop(1, 'text position non-finite or outside a log axis'); return ''; }
      const a = ctx.x.map(x) + (options.dx ?? 0), b = ctx.y.map(y) + (options.dy ?? 0);
      const base = attrs({
        x: px(a), y: px(b), 'text-anchor': options.anchor ?? 'start', 'font-size': options.fontSize,
        'font-weight': options.fontWeight, 'dominant-baseline': 'middle',
      });
      const halo = options.halo === false ? '' : `<text${base} fill="none" stroke="white" stroke-width="3" stroke-linejoin="round">${xml(content)}</text>`;
      return `${halo}<text${base} fill="${options.fill ?? '#222222'}">${xml(content)}</text>`;
    },
  };
}
