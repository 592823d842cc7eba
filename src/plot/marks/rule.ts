/** Rule marks: full-width horizontal or full-height vertical reference lines (a minimum, a target, a step). */
import { px } from '../format.ts';
import { attrs, type Mark, type StrokeOptions } from '../mark.ts';

function rule(axis: 'x' | 'y', values: readonly number[], options: StrokeOptions): Mark {
  return {
    kind: `rule${axis.toUpperCase()}`, series: false, clip: true,
    extent: () => (axis === 'x' ? { x: values.filter(Number.isFinite), y: [] } : { x: [], y: values.filter(Number.isFinite) }),
    legend: () => (options.label ? { label: options.label, swatch: 'line', color: options.stroke ?? '#555555', dash: options.dash } : null),
    render(ctx) {
      const s = axis === 'x' ? ctx.x : ctx.y, o = axis === 'x' ? ctx.y : ctx.x;
      let d = '', dropped = 0;
      for (const v of values) {
        if (!s.accepts(v)) { dropped++; continue; }
        const p = px(s.map(v));
        d += axis === 'x' ? `M${p},${px(o.range[0])}V${px(o.range[1])}` : `M${px(o.range[0])},${p}H${px(o.range[1])}`;
      }
      if (dropped) ctx.drop(dropped, 'rule values non-finite or outside a log axis');
      return d ? `<path d="${d}"${attrs({ stroke: options.stroke ?? '#555555', 'stroke-width': options.strokeWidth ?? 1, 'stroke-opacity': options.opacity, 'stroke-dasharray': options.dash })}/>` : '';
    },
  };
}

export function ruleX(values: number | readonly number[], options: StrokeOptions = {}): Mark {
  return rule('x', typeof values === 'number' ? [values] : values, options);
}

export function ruleY(values: number | readonly number[], options: StrokeOptions = {}): Mark {
  return rule('y', typeof values === 'number' ? [values] : values, options);
}
