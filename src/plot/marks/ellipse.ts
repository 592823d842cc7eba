/**
 * Ellipse mark: the set {Δ : Δᵀ M Δ < ε} around a centre, for a symmetric positive definite 2×2 M — the unit ball
 * of a metric (the natural-gradient view of a learning rule, lilipads-style "metric ellipse"), or a covariance
 * contour with M = Σ⁻¹. The boundary is sampled in data space, so it stays exact on any axis scale.
 */
import { InvalidArgumentError, NotPositiveDefiniteError } from '../../errors.ts';
import { attrs, type Mark, type StrokeOptions } from '../mark.ts';
import { pathData, pixelPieces } from './line.ts';

export interface EllipseOptions extends StrokeOptions {
  /** Level ε of the quadratic form (default 1). */
  eps?: number;
  fill?: string;
  fillOpacity?: number;
  /** Boundary samples (default 96). */
  segments?: number;
}

export type Matrix2 = readonly [readonly [number, number], readonly [number, number]] | readonly [number, number, number, number];

/**
 * Boundary of {Δ : ΔᵀMΔ = ε} as points c + Δ. With M = λ₁v₁v₁ᵀ + λ₂v₂v₂ᵀ the semi-axes are √(ε/λᵢ) along vᵢ.
 */
export function ellipsePoints(center: readonly [number, number], m: Matrix2, eps = 1, segments = 96): Array<[number, number]> {
  const [a, b, c, d] = m.length === 4 ? m : [m[0][0], m[0][1], m[1][0], m[1][1]];
  if (![a, b, c, d, eps, center[0], center[1]].every(Number.isFinite)) {
    throw new InvalidArgumentError(`ellipse: centre, M and eps must be finite (M=[${a}, ${b}; ${c}, ${d}], eps=${eps})`);
  }
  if (Math.abs(b - c) > 1e-12 * Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d))) {
    throw new InvalidArgumentError(`ellipse: M=[${a}, ${b}; ${c}, ${d}] must be symmetric`);
  }
  if (!(eps > 0)) throw new InvalidArgumentError(`ellipse: eps=${eps} must be > 0`);
  const mid = (a + d) / 2, r = Math.hypot((a - d) / 2, b);
  const l1 = mid + r, l2 = mid - r;
  if (!(l2 > 0)) throw new NotPositiveDefiniteError(`ellipse: M=[${a}, ${b}; ${c}, ${d}] has eigenvalue ${l2}; it must be positive definite`);
  const th = 0.5 * Math.atan2(2 * b, a - d); // direction of the larger eigenvalue λ₁
  const ct = Math.cos(th), st = Math.sin(th), r1 = Math.sqrt(eps / l1), r2 = Math.sqrt(eps / l2);
  const out: Array<[number, number]> = [];
  for (let k = 0; k <= segments; k++) {
    const phi = (2 * Math.PI * k) / segments, u = r1 * Math.cos(phi), w = r2 * Math.sin(phi);
    out.push([center[0] + u * ct - w * st, center[1] + u * st + w * ct]);
  }
  return out;
}

export function ellipse(center: readonly [number, number], m: Matrix2, options: EllipseOptions = {}): Mark {
  const pts = ellipsePoints(center, m, options.eps ?? 1, options.segments ?? 96);
  return {
    kind: 'ellipse', series: options.stroke === undefined, clip: true,
    extent: () => ({ x: pts.map((p) => p[0]), y: pts.map((p) => p[1]) }),
    legend: (color) => (options.label ? { label: options.label, swatch: 'line', color: options.stroke ?? color, dash: options.dash } : null),
    render(ctx) {
      const { pieces, dropped } = pixelPieces(pts.map((p) => p[0]), pts.map((p) => p[1]), ctx);
      if (dropped) ctx.drop(dropped, 'ellipse points outside a log axis');
      const d = pathData(pieces, dropped === 0);
      return d ? `<path d="${d}"${attrs({
        fill: options.fill ?? 'none', 'fill-opacity': options.fillOpacity, stroke: options.stroke ?? ctx.color,
        'stroke-width': options.strokeWidth ?? 1.2, 'stroke-opacity': options.opacity, 'stroke-dasharray': options.dash,
      })}/>` : '';
    },
  };
}
