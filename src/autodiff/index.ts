/**
 * The autodiff module's public API: write a loss with the functions of api.ts on Vars, then take
 * grad / valueAndGrad / vjp / jvp / hvp. Ops live one family per file in ops/, listed in registry.ts.
 */
export { Var, variable, constant, apply } from './var.ts';
export * from './api.ts';
export { backward, backwardRaw, backwardGraph } from './engine.ts';
export type { BackwardOptions } from './engine.ts';
export { grad, valueAndGrad, vjp, jvp, hvp } from './transforms.ts';
export type { Params, VarTree } from './transforms.ts';
export { opRegistry, opNames } from './registry.ts';
export type { OpName } from './registry.ts';
export type { OpDef, Ops, Saved } from './op.ts';
