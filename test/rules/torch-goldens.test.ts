// Every torch-matching rule reproduces torch.optim 1.13 float64 trajectories (scripts/goldens/torch_optim.py)
// to ≤ 1e-12 relative over 100 steps. Gradients are recomputed here from the JSON problem data in the same
// summation order as the script, so only the optimizer arithmetic is compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRule } from '../../src/rules/index.ts';
import { drive } from './drive.ts';

const DIR = join(import.meta.dirname, '..', 'goldens', 'torch-optim');
const TOL = 1e-12;

type Golden = {
  rule: string;
  steps: number;
  problems: { quadratic: { A: number[][]; b: number[]; theta0: number[] }; rosenbrock: { a: number; b: number; theta0: number[] } };
  cases: { problem: 'quadratic' | 'neg-quadratic' | 'rosenbrock'; hyper: Record<string, unknown>; theta: number[][] }[];
};

function gradient(doc: Golden, problem: string): (t: Float64Array) => Float64Array {
  const { A, b } = doc.problems.quadratic;
  if (problem === 'rosenbrock') {
    const { a, b: bb } = doc.problems.rosenbrock;
    return (t) => {
      const x = t[0]!, y = t[1]!, r = y - x * x;
      return Float64Array.of(-2.0 * (a - x) - 4.0 * bb * x * r, 2.0 * bb * r);
    };
  }
  const sign = problem === 'neg-quadratic' ? -1 : 1;
  return (t) => {
    const out = new Float64Array(t.length);
    for (let i = 0; i < t.length; i++) {
      let s = 0.0;
      for (let j = 0; j < t.length; j++) s += A[i]![j]! * t[j]!;
      out[i] = sign * (s - b[i]!);
    }
    return out;
  };
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
test('a golden file exists for every torch-matching rule', () => {
  assert.deepEqual(files, ['adadelta', 'adagrad', 'adam', 'adamax', 'adamw', 'nadam', 'radam', 'rmsprop', 'sgd'].map((r) => `${r}.json`));
});

for (const file of files) {
  const doc = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Golden;
  for (const c of doc.cases) {
    test(`${doc.rule} on ${c.problem} ${JSON.stringify(c.hyper)} matches torch over ${doc.steps} steps`, (t) => {
      const theta0 = c.problem === 'rosenbrock' ? doc.problems.rosenbrock.theta0 : doc.problems.quadratic.theta0;
      const ours = drive(createRule(doc.rule, c.hyper), theta0, gradient(doc, c.problem), doc.steps);
      assert.equal(c.theta.length, doc.steps + 1);
      let worst = 0;
      for (let k = 0; k <= doc.steps; k++) {
        const ref = c.theta[k]!;
        // Relative to the step's ∞-norm, so coordinates passing through 0 do not blow the ratio up.
        const scale = Math.max(...ref.map(Math.abs));
        for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ours[k]![i]! - ref[i]!) / scale);
      }
      t.diagnostic(`max relative deviation ${worst.toExponential(2)}`);
      assert.ok(worst <= TOL, `max relative deviation ${worst.toExponential(3)} > ${TOL}`);
      // Guard against a vacuous pass: the trajectory must actually move.
      assert.ok(Math.abs(c.theta[doc.steps]![0]! - c.theta[0]![0]!) > 1e-3);
    });
  }
}
