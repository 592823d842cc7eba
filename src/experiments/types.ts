/**
 * The experiment contract. An experiment is a named, reproducible computation: `config({quick, seed})` gives its
 * default configuration (`quick` = the CI-sized version of the same experiment), `run` computes a Report.
 * The CLI (`learnscope experiment NAME [--out DIR] [--quick] [--seed S]`) writes `DIR/report.json`, `DIR/report.md`
 * and every figure as SVG and PNG; the experiment itself does no file I/O (the math core has no `node:` imports).
 */

/** One comparison against the reference value the experiment exists to reproduce. */
export interface Check {
  name: string;
  expected: number | string | boolean | null;
  measured: number | string | boolean | null;
  /** Absolute tolerance for numbers, or a sentence for qualitative checks (e.g. "depth 3 < depth 2"). */
  tolerance: number | string | null;
  pass: boolean;
}

export interface Figure {
  /** File stem, e.g. `psi-vs-step` → psi-vs-step.svg and psi-vs-step.png. */
  name: string;
  /** Standalone SVG document. */
  svg: string;
  /** One-line caption for report.md. */
  caption?: string;
}

export interface Report {
  name: string;
  config: unknown;
  results: Record<string, unknown>;
  checks: Check[];
  figures: Figure[];
  /** Short human summary (markdown); the writer adds the checks table and the figures below it. */
  summary: string;
}

export interface ExperimentContext {
  /** Progress to stderr (the CLI draws it; tests ignore it). fraction ∈ [0, 1] when known. */
  progress(message: string, fraction?: number): void;
}

export interface Experiment<C = unknown> {
  id: string;
  summary: string;
  config(options: { quick: boolean; seed: number }): C;
  run(config: C, ctx: ExperimentContext): Promise<Report> | Report;
}

/** A numeric check: passes when |measured − expected| ≤ tolerance. */
export function checkClose(name: string, expected: number, measured: number, tolerance: number): Check {
  const pass = Number.isFinite(measured) && Math.abs(measured - expected) <= tolerance;
  return { name, expected, measured, tolerance, pass };
}

/** A qualitative check, e.g. an ordering: `checkThat('depth3 < depth2', 'true', String(a < b), a < b)`. */
export function checkThat(name: string, expected: string, measured: string, pass: boolean, tolerance: string | null = null): Check {
  return { name, expected, measured, tolerance, pass };
}
