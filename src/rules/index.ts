/**
 * The rule registry, ordered simple → complex (STYLE.md): the CLI's choices, `learnscope list rules`, config
 * validation and docs all derive from it. Adding a rule touches its file, its test and one line here.
 */
import { InvalidArgumentError } from '../errors.ts';
import type { Rule, RuleSpec } from './types.ts';
import { gd } from './gd.ts';
import { momentum, nesterov, sgd } from './sgd.ts';
import { adagrad } from './adagrad.ts';
import { rmsprop } from './rmsprop.ts';
import { groupRms } from './group-rms.ts';
import { adadelta } from './adadelta.ts';
import { adam } from './adam.ts';
import { adamw } from './adamw.ts';
import { adamax } from './adamax.ts';
import { nadam } from './nadam.ts';
import { radam } from './radam.ts';
import { naturalGradient } from './natural-gradient.ts';
import { kfac } from './kfac.ts';
import { langevin } from './langevin.ts';
import { mala } from './mala.ts';
import { baoab } from './baoab.ts';
import { sgld } from './sgld.ts';
import { feedbackAlignment } from './feedback-alignment.ts';
import { directFeedbackAlignment } from './direct-feedback-alignment.ts';
import { nodePerturbation } from './node-perturbation.ts';
import { weightPerturbation } from './weight-perturbation.ts';
import { oja } from './oja.ts';

export const rules: readonly RuleSpec[] = [
  gd,
  sgd,
  momentum,
  nesterov,
  adagrad,
  rmsprop,
  groupRms,
  adadelta,
  adam,
  adamw,
  adamax,
  nadam,
  radam,
  naturalGradient,
  kfac,
  langevin,
  mala,
  baoab,
  sgld,
  feedbackAlignment,
  directFeedbackAlignment,
  nodePerturbation,
  weightPerturbation,
  oja,
];

export const ruleIds: readonly string[] = rules.map((r) => r.id);

/** The RuleSpec with this id; throws InvalidArgumentError listing the known ids. */
export function getRule(id: string): RuleSpec {
  const spec = rules.find((r) => r.id === id);
  if (spec === undefined) throw new InvalidArgumentError(`unknown rule "${id}"; known rules: ${ruleIds.join(', ')}`);
  return spec;
}

/** Builds rule `id` from hyperparameters (torch.optim names in camelCase; defaults fill the rest). */
export function createRule(id: string, hyper: Record<string, unknown> = {}): Rule {
  return getRule(id).create(hyper);
}

export type { Rule, RuleSpec, StepContext } from './types.ts';
