/**
 * `learnscope metric`: the metric under which an update g is natural gradient descent on a loss with negative
 * gradient y (arXiv 2409.16422; M g = y). Prints ψ, κ, κ_min, the spectrum with multiplicities, effectiveness and,
 * for D ≤ 64, the matrix. Logic lives in src/geometry; this file only parses and prints.
 */
import type { Command } from '../command.ts';
import { didYouMean, parseFlags } from '../flags.ts';
import { InvalidArgumentError } from '../../errors.ts';
import {
  angle, isEffective, kappaMinSinCos, metricOpt, metricAlpha, metricSecant, type MetricOperator,
} from '../../geometry/index.ts';

const KINDS = ['opt', 'alpha', 'bfgs', 'dfp', 'psb', 'sr1'] as const;
type Kind = (typeof KINDS)[number];
const MAX_PRINTED_DIM = 64;

const usage = `usage: learnscope metric --y '[…]' --g '[…]' [--kind ${KINDS.join('|')}] [--alpha A] [--json]

The metric M (symmetric positive definite) with M g = y, i.e. the update g is natural gradient descent
g = −M⁻¹∇L, where y = −∇L (arXiv 2409.16422). A metric exists iff the angle ψ between y and g is < 90°.
  --y JSON      the negative gradient −∇L, a JSON array of numbers
  --g JSON      the update of the learning rule, same length
  --kind K      opt (minimum condition number, default), alpha (y yᵀ/yᵀg + α(I − ĝĝᵀ), needs --alpha),
                bfgs, dfp, psb, sr1 (psb/sr1 may not be positive definite: a warning says so)
  --alpha A     the family parameter α > 0 for --kind alpha
  --json        machine-readable output on stdout (default: readable text)
Prints ψ (degrees and radians), cos ψ, κ(M), κ_min(ψ) = (1+sinψ)/(1−sinψ), eigenvalues with multiplicities,
effectiveness, the residual ‖Mg − y‖/‖y‖ and the dense matrix when D ≤ ${MAX_PRINTED_DIM}.

Examples:
  learnscope metric --y '[1, 0]' --g '[1, 1]'
  learnscope metric --y '[1, 2, 3]' --g '[1, 1, 1]' --kind alpha --alpha 2 --json`;

function parseVector(flag: string, text: string | undefined): number[] {
  if (text === undefined) throw new InvalidArgumentError(`${flag} is required: a JSON array of numbers, e.g. ${flag} '[1, 0.5]'`);
  let v: unknown;
  try { v = JSON.parse(text); } catch (e) {
    throw new InvalidArgumentError(`${flag} '${text}' is not valid JSON (${(e as Error).message}); expected an array of numbers like '[1, 0.5]'`);
  }
  if (!Array.isArray(v) || v.length === 0) throw new InvalidArgumentError(`${flag} must be a non-empty JSON array of numbers, e.g. '[1, 0.5]'`);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new InvalidArgumentError(`${flag}[${i}] is ${JSON.stringify(x)}; only finite numbers are accepted`);
  });
  return v as number[];
}

function build(kind: Kind, y: number[], g: number[], alpha: number | undefined): MetricOperator {
  switch (kind) {
    case 'opt': return metricOpt(y, g);
    case 'alpha':
      if (alpha === undefined) throw new InvalidArgumentError('--kind alpha needs --alpha A (a number > 0)');
      return metricAlpha(y, g, alpha);
    default: return metricSecant(y, g, kind);
  }
}

const fmt = (x: number) => (Number.isInteger(x) && Math.abs(x) < 1e15 ? String(x) : x.toPrecision(10));

export const metric: Command = {
  name: 'metric',
  summary: 'the metric M (M g = y) under which an update g is natural gradient descent: ψ, κ, κ_min, spectrum',
  usage,
  async run(args, io) {
    const { values } = parseFlags({
      args, strict: true, allowPositionals: false,
      options: { y: { type: 'string' }, g: { type: 'string' }, kind: { type: 'string' }, alpha: { type: 'string' }, json: { type: 'boolean' } },
    });
    const y = parseVector('--y', values.y), g = parseVector('--g', values.g);
    if (y.length !== g.length) throw new InvalidArgumentError(`--y has ${y.length} entries but --g has ${g.length}; they must have the same length D`);
    const kind = (values.kind ?? 'opt') as Kind;
    if (!KINDS.includes(kind)) throw new InvalidArgumentError(`--kind ${values.kind}: unknown${didYouMean(String(values.kind), KINDS)}; accepted: ${KINDS.join(', ')}`);
    let alpha: number | undefined;
    if (values.alpha !== undefined) {
      alpha = Number(values.alpha);
      if (values.alpha.trim() === '' || !(Number.isFinite(alpha) && alpha > 0)) throw new InvalidArgumentError(`--alpha ${values.alpha}: must be a number > 0`);
      if (kind !== 'alpha') throw new InvalidArgumentError(`--alpha only applies to --kind alpha (got --kind ${kind})`);
    }
    const eff = isEffective(y, g);
    const M = build(kind, y, g, alpha); // throws NoMetricError (ψ ≥ 90°, g = 0, …) with its explanation
    const a = angle(y, g);
    const kMin = kappaMinSinCos(a.sin, a.cos);
    const Mg = M.apply(g);
    let r = 0;
    for (let i = 0; i < y.length; i++) r += (Mg[i]! - y[i]!) ** 2;
    const residual = Math.sqrt(r) / a.normY;
    const D = y.length;
    const matrix = D <= MAX_PRINTED_DIM ? Array.from({ length: D }, (_, i) => Array.from(M.dense().subarray(i * D, (i + 1) * D))) : undefined;
    const result = {
      dim: D, kind, role: M.role, psi: a.psi, psiDeg: a.psiDeg, cos: a.cos, sin: a.sin, normY: a.normY, normG: a.normG, yg: a.yg,
      effective: eff.effective, explanation: eff.explanation, ...(kind === 'alpha' || kind === 'opt' ? { alpha: (M as { alpha?: number }).alpha } : {}),
      kappa: M.conditionNumber(), kappaMin: kMin, kappaRatio: M.conditionNumber() / kMin, positiveDefinite: M.isPositiveDefinite(),
      eigenvalues: M.eigenvalues(), residual, ...(M.warning !== undefined ? { warning: M.warning } : {}), ...(matrix ? { matrix } : {}),
    };
    if (values.json) {
      io.out(JSON.stringify(result) + '\n');
      return 0;
    }
    const lines = [
      `D = ${D}, metric kind '${kind}' (M g = y with y = −∇L)`,
      `ψ = ${a.psiDeg.toPrecision(10)}° = ${a.psi.toPrecision(10)} rad, cos ψ = ${a.cos.toPrecision(10)}, sin ψ = ${a.sin.toPrecision(10)}`,
      `‖y‖ = ${fmt(a.normY)}, ‖g‖ = ${fmt(a.normG)}, yᵀg = ${fmt(a.yg)}`,
      `effective: ${eff.effective ? 'yes' : 'no'} — ${eff.explanation}`,
      ...(result.alpha !== undefined ? [`α = ${fmt(result.alpha)}${kind === 'opt' ? ' (α* = ‖y‖²/yᵀg)' : ''}`] : []),
      // a condition number only means something for a positive definite M (sr1/psb may be indefinite or singular)
      result.positiveDefinite ? `κ(M) = ${fmt(result.kappa)}, κ_min(ψ) = ${fmt(kMin)}, κ/κ_min = ${fmt(result.kappaRatio)}`
        : `κ(M) undefined (M is not positive definite), κ_min(ψ) = ${fmt(kMin)}`,
      'eigenvalues (value × multiplicity):',
      ...result.eigenvalues.map((e) => `  ${fmt(e.value)} × ${e.multiplicity}`),
      `residual ‖Mg − y‖/‖y‖ = ${residual.toExponential(2)}`,
      ...(M.warning !== undefined ? [`warning: ${M.warning}`] : []),
      ...(matrix ? ['M =', ...matrix.map((row) => '  [' + row.map((x) => fmt(x).padStart(17)).join(' ') + ' ]')]
        : [`(matrix not printed: D = ${D} > ${MAX_PRINTED_DIM})`]),
    ];
    io.out(lines.join('\n') + '\n');
    return 0;
  },
};
