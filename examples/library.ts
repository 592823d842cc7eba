// Library tour: run Adam on Rosenbrock, then ask which metric makes each step natural gradient descent.
// Run: node --import tsx examples/library.ts
import { createProblem, createRng, createRule, run, geometry } from '../src/index.ts';

const problem = createProblem({ id: 'rosenbrock' }, createRng(0));
const trajectory = run({ problem, rule: createRule('adam', { lr: 0.05 }), steps: 200, seed: 0 });
console.log(`adam on rosenbrock: loss ${trajectory.loss![0]!.toFixed(1)} → ${trajectory.loss![200]!.toExponential(2)}`);

// Step k: the update g = θ_{k+1} − θ_k against y = −∇L(θ_k). M_opt is the metric with M g = y of least condition number.
for (const k of [0, 50, 199]) {
  const g = trajectory.update!.slice(2 * k, 2 * k + 2);
  const y = trajectory.grad!.slice(2 * k, 2 * k + 2).map((v) => -v);
  const M = geometry.metricOpt(y, g);
  const psi = geometry.angle(y, g).psi * 180 / Math.PI;
  console.log(`step ${k}: ψ = ${psi.toFixed(2)}°, κ(M_opt) = ${M.conditionNumber().toFixed(3)}`);
}
