/**
 * Node-only adapter: loads a user problem module (`problem: { module: "./my-problem.mjs" }`) by dynamic import,
 * resolving the path against the config file's folder, and wraps its default export with `moduleProblem`.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.ts';
import type { Problem } from './types.ts';
import { moduleProblem } from './module.ts';

export async function loadModuleProblem(modulePath: string, baseDir: string, warn: (message: string) => void,
  path = 'problem.module'): Promise<Problem> {
  const file = isAbsolute(modulePath) ? modulePath : resolve(baseDir, modulePath);
  if (!existsSync(file)) throw new ConfigError(path, `module file ${JSON.stringify(modulePath)} not found (looked at ${file})`);
  let mod: { default?: unknown };
  try {
    mod = await import(pathToFileURL(file).href) as { default?: unknown };
  } catch (e) {
    throw new ConfigError(path, `could not import ${file}: ${(e as Error).message}`);
  }
  return moduleProblem(mod.default, modulePath, warn, path);
}
