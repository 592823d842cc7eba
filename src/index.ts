/**
 * learnscope's library entry: the numeric core (kernels, random, tensors, autodiff, linear algebra), problems,
 * learning rules, the trajectory runner, the geometry of learning rules, analyses, experiments and figures.
 * Node-only helpers (PNG rendering, report writing, the CLI) are not exported here; see src/cli and src/plot/png-node.ts.
 */
export * from './errors.ts';
export * from './kernels/index.ts';
export * from './random/index.ts';
export * as tensor from './tensor/index.ts';
export * as ad from './autodiff/index.ts';
export * as linalg from './linalg/index.ts';
export * from './problems/index.ts';
export * from './rules/index.ts';
export * from './dynamics/runner.ts';
export * from './dynamics/trajectory.ts';
export * from './dynamics/schedules.ts';
export * as geometry from './geometry/index.ts';
export * from './experiments/index.ts';
export * as plot from './plot/index.ts';
