// The rule registry: order (simple → complex), torch.optim 1.13 defaults (read off torch/optim/*.py), and
// hyperparameter validation with errors naming the rule, the parameter and what is accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, InvalidArgumentError } from '../../src/errors.ts';
import { createRule, getRule, ruleIds, rules } from '../../src/rules/index.ts';

test('registry order is simple → complex and ids are unique', () => {
  assert.deepEqual(ruleIds, ['gd', 'sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'group-rms', 'adadelta', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'natural-gradient', 'kfac', 'langevin', 'mala', 'baoab', 'sgld', 'fa', 'dfa', 'node-perturbation', 'weight-perturbation', 'oja']);
  assert.equal(new Set(ruleIds).size, rules.length);
});

test('defaults follow torch.optim 1.13', () => {
  const defaults = (id: string) => Object.fromEntries(getRule(id).params.map((p) => [p.name, p.default]));
  const torch: Record<string, Record<string, unknown>> = {
    sgd: { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
    adam: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false },
    adamw: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false },
    adagrad: { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false },
    rmsprop: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false },
    adadelta: { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false },
    adamax: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false },
    nadam: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 },
    radam: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
  };
  for (const [id, want] of Object.entries(torch)) {
    const got = defaults(id);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k], v, `${id}.${k}`);
    assert.deepEqual(createRule(id).hyper, { ...got }, `${id} hyper is its defaults`);
  }
  assert.equal(defaults('adam').epsPlacement, 'outside');
  assert.equal(defaults('sgd').momentumForm, 'pytorch');
  assert.equal(defaults('nesterov').nesterov, true);
});

test('invalid hyperparameters are refused with the rule, the name and the accepted range', () => {
  const refuses = (id: string, hyper: Record<string, unknown>, ...parts: string[]) =>
    assert.throws(() => createRule(id, hyper), (e: Error) => {
      assert.ok(e instanceof ConfigError, `${e.name}: ${e.message}`);
      for (const p of parts) assert.ok(e.message.includes(p), `"${e.message}" lacks "${p}"`);
      return true;
    });
  refuses('adam', { lr: -0.1 }, 'adam.lr', '-0.1', '[0, ∞]');
  refuses('adam', { betas: [0.9, 1] }, 'adam.betas[1]', '[0, 1)');
  refuses('adam', { betas: [0.9] }, 'adam.betas', '2');
  refuses('adam', { learningRate: 0.1 }, 'adam.learningRate', 'unknown', 'lr, betas, eps, weightDecay, amsgrad, maximize, epsPlacement');
  refuses('adam', { epsPlacement: 'middle' }, 'adam.epsPlacement', '"outside", "inside"');
  refuses('sgd', { momentum: -1 }, 'sgd.momentum');
  refuses('sgd', { nesterov: true }, 'sgd.nesterov', 'momentum > 0');
  refuses('sgd', { momentum: 0.9, nesterov: true, dampening: 0.1 }, 'sgd.nesterov', 'dampening = 0');
  refuses('adadelta', { rho: 1.5 }, 'adadelta.rho', '[0, 1]');
  refuses('adagrad', { lrDecay: -1 }, 'adagrad.lrDecay');
  refuses('rmsprop', { alpha: -0.5 }, 'rmsprop.alpha');
  refuses('nadam', { momentumDecay: -1 }, 'nadam.momentumDecay');
  refuses('nadam', { maximize: true }, 'nadam.maximize', 'unknown'); // torch 1.13's NAdam has no maximize
  refuses('gd', { lr: Number.NaN }, 'gd.lr', 'finite');
  // accepted: the config's id key is ignored, torch's edge values pass
  assert.equal(createRule('adam', { id: 'adam', betas: [0, 0.5], lr: 0 }).id, 'adam');
});

test('an unknown rule id lists the known ones', () => {
  assert.throws(() => getRule('adamm'), (e: Error) => e instanceof InvalidArgumentError && e.message.includes('adam, adamw'));
});
