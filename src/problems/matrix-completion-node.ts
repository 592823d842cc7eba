/**
 * Node-only adapter: user-supplied observed entries from a CSV (`i,j,value` lines) or JSON
 * (`{ rows, cols, entries: [[i, j, value], …] }`) file, parsed by matrix-completion.ts's pure parser, and the
 * completion problem over them. The math core never imports this file.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { ConfigError } from '../errors.ts';
import { completionProblem, parseObservedEntries, type DmfInit, type DmfProblem, type ObservedEntries } from './matrix-completion.ts';

/** Reads observed entries; the format follows the extension (.csv / .json), else the content. */
export function loadObservedEntries(path: string, shape?: { rows?: number; cols?: number }): ObservedEntries {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (e) { throw new ConfigError('observations', `cannot read ${path}: ${(e as Error).message}`); }
  const ext = extname(path).toLowerCase();
  return parseObservedEntries(text, ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : undefined, shape);
}

/** A depth-N completion problem over the entries in `path` (no ground truth: testError is NaN). */
export function completionFromFile(path: string, o: { depth: number; width?: number; init?: DmfInit; initScale?: number; rows?: number; cols?: number }): DmfProblem {
  const obs = loadObservedEntries(path, { ...(o.rows !== undefined ? { rows: o.rows } : {}), ...(o.cols !== undefined ? { cols: o.cols } : {}) });
  return completionProblem({ rows: obs.rows, cols: obs.cols, depth: o.depth, observed: obs, ...(o.width !== undefined ? { width: o.width } : {}), ...(o.init ? { init: o.init } : {}), ...(o.initScale !== undefined ? { initScale: o.initScale } : {}) });
}
