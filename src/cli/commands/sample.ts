/**
 * `learnscope sample <config>`: runs a particle ensemble (src/dynamics/ensemble.ts, on worker threads when
 * `workers` > 1) and prints or writes the sampling report (src/analysis/sampling.ts): summary mean/cov, histograms,
 * the exact Boltzmann law with TV/KL and their floors (1-D/2-D), ESS, MALA acceptance; figures with --figures DIR.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from '../command.ts';
import { parseFlags } from '../flags.ts';
import { parseConfigText } from '../config.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { runEnsembleParallel } from '../../dynamics/ensemble-workers-node.ts';
import { runEnsemble } from '../../dynamics/ensemble.ts';
import { MODULE_ID, energyFns, sampleProblem, sampleReport, validateSampleConfig, type SampleConfig, type SampleReport } from '../../analysis/sampling.ts';
import { boltzmann1d, boltzmann2d } from '../../analysis/boltzmann.ts';
import { linspace } from '../../analysis/mcmc.ts';
import type { EnsembleResult } from '../../dynamics/ensemble.ts';
import type { Problem } from '../../problems/types.ts';
import { contour, dot, histogram, line, panels, plot, type Chart } from '../../plot/index.ts';
import { loadModuleProblem } from '../../problems/module-node.ts';
import { writeFigure } from '../../plot/png-node.ts';

const usage = `usage: learnscope sample <config.yaml|json> [--json] [--out FILE.json] [--figures DIR]

Samples e^{−U/T} with an ensemble of independent particles. Config keys:
  problem      registry problem as an energy, e.g. { id: double-well } or { id: gaussian, cov: [[1, 0.5], [0.5, 2]] },
               or a user module { module: ./energy.mjs } ({ dim, loss, grad? }, runs in this thread)
  box          integration box [[lo, hi], …] for the exact Boltzmann law (1-D/2-D; default the potential's box)
  rule         langevin (ULA) | mala | baoab | sgld            (default langevin)
  lr           step h (sgld: a of ε_t = a(b + t)^−γ)           (default 0.01)
  temperature  T (base temperature for a schedule)            (default 1)
  particles, steps, seed                                      (defaults 10000, 1000, 0)
  schedule     temperature schedule { id: constant|logarithmic|geometric|linear|list, ... }
  workers      worker threads (default 1); results are identical for the same seed and worker count
  friction (baoab), b and gamma (sgld), init (start point), initStd (start jitter), bins, recordEvery, traces
Output: { config, summary: { mean, cov }, histograms, boltzmann (1-D/2-D: Z, TV, KL with floors, KS), ess,
acceptanceRate, energy, temperature }.
  --json         print the report as JSON on stdout
  --out FILE     write the report JSON to FILE
  --figures DIR  write histogram/particles and energy figures (SVG + PNG) to DIR`;

const round = (_k: string, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : typeof v === 'number' && !Number.isFinite(v) ? null : v);

/** Figures: histogram vs exact density (1-D) or contours vs particles (2-D), and energy / temperature over time. */
export function sampleFigures(cfg: SampleConfig, res: EnsembleResult, report: SampleReport, problem: Problem): Array<{ name: string; chart: Chart }> {
  const figs: Array<{ name: string; chart: Chart }> = [];
  const { U1, U2 } = energyFns(problem);
  const b = report.boltzmann;
  if (res.dim === 1 && b) {
    const [lo, hi] = [report.histograms[0]!.edges[0]!, report.histograms[0]!.edges.at(-1)!];
    const exact = boltzmann1d(U1, b.temperature, b.box[0]!);
    const xs = linspace(lo, hi, 400);
    figs.push({
      name: 'histogram', chart: plot({
        title: `${problem.id}: ${cfg.rule} vs exact density (T = ${b.temperature.toPrecision(3)})`,
        x: { label: 'x' }, y: { label: 'density' },
        marks: [
          histogram(res.x, { bins: report.histograms[0]!.edges, density: true, label: `${res.particles} particles` }),
          line({ x: xs, y: xs.map((x) => exact.density(x)) }, { label: 'exact e^(−U/T)/Z' }),
        ],
      }),
    });
  } else if (res.dim === 2 && b) {
    const [bx, by] = [b.box[0]!, b.box[1]!];
    const m = Math.min(res.particles, 2000);
    const pts: Array<[number, number]> = Array.from({ length: m }, (_, i) => [res.x[2 * i]!, res.x[2 * i + 1]!]);
    const exact = boltzmann2d(U2, b.temperature, [bx, by], 200);
    let peak = 0;
    for (const x of linspace(bx[0], bx[1], 200)) for (const y of linspace(by[0], by[1], 200)) peak = Math.max(peak, exact.density(x, y));
    figs.push({
      name: 'particles', chart: plot({
        title: `${problem.id}: ${m} particles over −log π contours (T = ${b.temperature.toPrecision(3)})`,
        x: { label: 'x' }, y: { label: 'y' },
        // Levels of −log(π/π_max) = (U − U_min)/T: equal steps in log-density show every well, not only the deepest.
        marks: [contour((x, y) => -Math.log(exact.density(x, y) / peak), { x: bx, y: by, levels: [0.5, 1, 2, 3, 4, 6, 8, 12, 16] }), dot(pts, { r: 1.2, label: 'particles' })],
      }),
    });
  }
  figs.push({
    name: 'energy', chart: panels([
      plot({ title: 'mean energy', x: { label: 'step' }, y: { label: 'E[U]' }, marks: [line({ x: report.energy.steps, y: report.energy.mean })], width: 420, height: 300 }),
      plot({ title: 'temperature', x: { label: 'step' }, y: { label: 'T' }, marks: [line({ x: report.energy.steps, y: report.temperature })], width: 420, height: 300 }),
    ]),
  });
  return figs;
}

export const sample: Command = {
  name: 'sample',
  summary: 'sample e^{−U/T} with Langevin/MALA/BAOAB/SGLD particle ensembles; exact Boltzmann law, TV/KL, ESS',
  usage,
  async run(args, io) {
    const { values, positionals } = parseFlags({
      args, strict: true, allowPositionals: true,
      options: { json: { type: 'boolean' }, out: { type: 'string' }, figures: { type: 'string' } },
    });
    if (positionals.length !== 1) throw new InvalidArgumentError(`sample: expected one config file, got ${positionals.length}\n${usage}`);
    const file = resolve(io.cwd, positionals[0]!);
    const cfg = validateSampleConfig(parseConfigText(readFileSync(file, 'utf8'), file));
    io.err(`sample ${cfg.problem.id}: ${cfg.rule}, ${cfg.particles} particles × ${cfg.steps} steps, T = ${cfg.temperature}, ${cfg.workers ?? 1} worker(s)\n`);
    // A user module cannot be rebuilt inside worker threads: its blocks run in this thread (same numbers).
    const modulePath = cfg.problem.id === MODULE_ID ? String(cfg.problem.module) : undefined;
    const problem = modulePath ? await loadModuleProblem(modulePath, dirname(file), (m) => io.err(`  warning: ${m}\n`)) : sampleProblem(cfg);
    const t0 = performance.now();
    const res = modulePath ? runEnsemble(cfg, problem) : await runEnsembleParallel(cfg);
    const ms = performance.now() - t0;
    io.err(`  ${((cfg.particles * cfg.steps) / (ms / 1e3) / 1e6).toFixed(1)} M particle-steps/s (${(ms / 1e3).toFixed(2)} s)\n`);
    const report = sampleReport(cfg, res, problem);
    const text = JSON.stringify(report, round) + '\n';
    if (values.out) {
      const out = resolve(io.cwd, values.out);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
      io.err(`  wrote ${out}\n`);
    }
    if (values.figures) {
      const dir = resolve(io.cwd, values.figures);
      for (const f of sampleFigures(cfg, res, report, problem)) {
        const p = writeFigure(dir, f.name, f.chart.svg);
        io.err(`  wrote ${p.svg}, ${p.png}\n`);
      }
    }
    if (values.json) io.out(text);
    else {
      io.out(`mean ${JSON.stringify(report.summary.mean.map((v) => +v.toPrecision(6)))}  cov ${JSON.stringify(report.summary.cov.map((r) => r.map((v) => +v.toPrecision(6))))}\n`);
      const b = report.boltzmann;
      if (b) io.out(`Boltzmann (T = ${b.temperature}): TV ${b.tv.toPrecision(3)} (floor ${b.tvFloor.toPrecision(3)}), KL ${b.kl.toPrecision(3)} (floor ${b.klFloor.toPrecision(3)})\n`);
      if (report.acceptanceRate !== null) io.out(`acceptance rate ${report.acceptanceRate.toFixed(4)}\n`);
      io.out(`ESS (${report.ess.traces} traced chains, last ${report.ess.steps} steps) ${report.ess.total.toFixed(0)}\n`);
    }
    return 0;
  },
};
