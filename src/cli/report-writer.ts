/**
 * Node-only: writes an experiment Report (contract in src/experiments/types.ts) to a directory, as DESIGN.md's
 * convention says: report.json `{ name, config, results, checks, figures: [names] }`, a short report.md (summary,
 * checks table, figures with captions, config) and every figure as NAME.svg + NAME.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Check, Report } from '../experiments/types.ts';
import { InvalidArgumentError } from '../errors.ts';
import { writeFigure } from '../plot/png-node.ts';

export interface ReportJson {
  name: string;
  config: unknown;
  results: Record<string, unknown>;
  checks: Check[];
  figures: string[];
}

/** The report.json object. Typed arrays become plain arrays; NaN and ±Infinity become null (JSON has no such numbers). */
export function reportJson(report: Report): ReportJson {
  return { name: report.name, config: report.config, results: report.results, checks: report.checks, figures: report.figures.map((f) => f.name) };
}

export function stringifyReport(report: Report): string {
  return JSON.stringify(reportJson(report), (_k, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v), 2) + '\n';
}

function cell(v: Check['expected'] | Check['tolerance']): string {
  if (v === null) return '—';
  const s = typeof v === 'number' ? (Number.isInteger(v) || !Number.isFinite(v) ? String(v) : Number(v.toPrecision(6)).toString()) : String(v);
  return s.replace(/\|/g, '\\|');
}

/** Markdown-safe caption text: a literal `*` (e.g. T*, L*) would otherwise end the italics early. */
const escapeInline = (s: string) => s.replace(/\*/g, '\\*');

/** How the report was made, for report.md (the CLI passes the command line that reproduces it). */
export interface ReportMeta {
  /** The command line that reproduces the report. */
  command?: string;
  /** What the experiment is, in one line (the registry's summary). */
  description?: string;
}

/** report.md: title, how it was run, summary, the checks table (with what it compares), the figures with numbered captions, and the config. */
export function reportMarkdown(report: Report, meta: ReportMeta = {}): string {
  const passed = report.checks.filter((c) => c.pass).length;
  const lines = [`# ${report.name}`, ''];
  if (meta.description) lines.push(`**What this is:** ${meta.description.trim()}.`.replace(/\.\.$/, '.'), '');
  if (meta.command) lines.push(`Made with \`${meta.command}\` (the full config is at the end).`, '');
  lines.push(report.summary.trim(), '');
  lines.push(`## Checks (${passed}/${report.checks.length} pass)`, '');
  if (report.checks.length) {
    lines.push('Each check compares a measured value with the reference value this experiment reproduces. A numeric check passes when ' +
      '|measured − expected| ≤ tolerance; a check with a sentence or no tolerance passes when the stated condition holds.', '');
    lines.push('| check | expected | measured | tolerance | pass |', '|---|---|---|---|---|');
    for (const c of report.checks) lines.push(`| ${cell(c.name)} | ${cell(c.expected)} | ${cell(c.measured)} | ${cell(c.tolerance)} | ${c.pass ? 'yes' : '**NO**'} |`);
  } else {
    lines.push('No checks.');
  }
  lines.push('');
  if (report.figures.length) {
    lines.push('## Figures', '');
    report.figures.forEach((f, i) => {
      const caption = escapeInline(f.caption ?? f.name);
      lines.push(`![Figure ${i + 1}: ${caption}](${f.name}.png)`, '');
      lines.push(`**Figure ${i + 1}.** *${caption}* ([SVG](${f.name}.svg))`, '');
    });
  }
  lines.push('## Config', '', '```json', JSON.stringify(report.config, null, 2), '```', '');
  return lines.join('\n');
}

/** Writes DIR/report.json, DIR/report.md and DIR/NAME.{svg,png} per figure; returns the written paths. */
export function writeReport(dir: string, report: Report, meta: ReportMeta = {}): string[] {
  const names = new Set<string>();
  for (const f of report.figures) {
    if (names.has(f.name)) throw new InvalidArgumentError(`writeReport: two figures are named '${f.name}'; figure names must be unique`);
    names.add(f.name);
  }
  mkdirSync(dir, { recursive: true });
  const files = [join(dir, 'report.json'), join(dir, 'report.md')];
  writeFileSync(files[0]!, stringifyReport(report));
  writeFileSync(files[1]!, reportMarkdown(report, meta));
  for (const f of report.figures) {
    const p = writeFigure(dir, f.name, f.svg);
    files.push(p.svg, p.png);
  }
  return files;
}
