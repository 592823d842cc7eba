#!/usr/bin/python3
"""Golden trajectories of torch.optim (Debian's python3-torch 1.13, float64, foreach=False) for test/rules.

Run: /usr/bin/python3 scripts/goldens/torch_optim.py   (writes test/goldens/torch-optim/<rule>.json)

Each case runs 100 steps of one optimizer on a fixed problem and records θ at every step (101 rows, row 0 = θ₀).
Gradients are computed with plain Python floats in a fixed summation order (not BLAS), so the TypeScript test can
recompute them bit for bit from the problem data written into the JSON; only the optimizer arithmetic is torch's.

ATen's AVX2/AVX-512 kernels let the compiler fuse a + α·b into one FMA, which JavaScript cannot do; we pin ATen
to its portable kernels (ATEN_CPU_CAPABILITY=default, set below before torch loads) so the goldens carry torch's
algorithm in plain IEEE float64 arithmetic (the two differ by ≲1e-12 relative after 100 steps).
"""
import json
import os
import sys

os.environ['ATEN_CPU_CAPABILITY'] = 'default'

import numpy as np  # noqa: E402
import torch  # noqa: E402

STEPS = 100
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'goldens', 'torch-optim')


def make_quadratic():
    """A random 5×5 SPD A = Qᵀ diag(λ) Q with λ in [0.5, 4], b and θ₀ from a fixed seed."""
    rng = np.random.default_rng(20241122)
    q, _ = np.linalg.qr(rng.standard_normal((5, 5)))
    lam = np.linspace(0.5, 4.0, 5)
    a = q @ np.diag(lam) @ q.T
    a = (a + a.T) / 2
    return {'A': a.tolist(), 'b': rng.standard_normal(5).tolist(), 'theta0': rng.standard_normal(5).tolist()}


QUAD = make_quadratic()
ROSEN = {'a': 1.0, 'b': 100.0, 'theta0': [-1.5, 2.0]}


def quad_grad(theta, sign=1.0):
    """∇(½θᵀAθ − bᵀθ) = Aθ − b, row sums left to right from 0.0 (the test does the same); sign −1 for −L."""
    A, b = QUAD['A'], QUAD['b']
    out = []
    for i in range(len(theta)):
        s = 0.0
        for j in range(len(theta)):
            s += A[i][j] * theta[j]
        out.append(sign * (s - b[i]))
    return out


def rosen_grad(theta):
    """∇[(a − x)² + b(y − x²)²] = (−2(a − x) − 4b·x(y − x²), 2b(y − x²)), evaluated in this order."""
    a, bb = ROSEN['a'], ROSEN['b']
    x, y = theta
    r = y - x * x
    return [-2.0 * (a - x) - 4.0 * bb * x * r, 2.0 * bb * r]


PROBLEMS = {
    'quadratic': (QUAD['theta0'], lambda t: quad_grad(t)),
    'neg-quadratic': (QUAD['theta0'], lambda t: quad_grad(t, -1.0)),
    'rosenbrock': (ROSEN['theta0'], rosen_grad),
}

TORCH = {
    'sgd': torch.optim.SGD, 'adam': torch.optim.Adam, 'adamw': torch.optim.AdamW, 'adagrad': torch.optim.Adagrad,
    'rmsprop': torch.optim.RMSprop, 'adadelta': torch.optim.Adadelta, 'adamax': torch.optim.Adamax,
    'nadam': torch.optim.NAdam, 'radam': torch.optim.RAdam,
}
SNAKE = {'weightDecay': 'weight_decay', 'lrDecay': 'lr_decay', 'initialAccumulatorValue': 'initial_accumulator_value',
         'momentumDecay': 'momentum_decay'}

# (rule, problem, hyper in learnscope's camelCase names); the same dict, snake_cased, goes to torch.
CASES = [
    ('sgd', 'quadratic', {'lr': 0.05}),
    ('sgd', 'quadratic', {'lr': 0.05, 'momentum': 0.9}),
    ('sgd', 'quadratic', {'lr': 0.05, 'momentum': 0.9, 'nesterov': True, 'weightDecay': 0.1}),
    ('sgd', 'quadratic', {'lr': 0.05, 'momentum': 0.8, 'dampening': 0.3}),
    ('sgd', 'neg-quadratic', {'lr': 0.05, 'momentum': 0.5, 'maximize': True}),
    ('sgd', 'rosenbrock', {'lr': 2e-4}),
    ('sgd', 'rosenbrock', {'lr': 1e-4, 'momentum': 0.9, 'nesterov': True, 'weightDecay': 0.01}),
    ('adam', 'quadratic', {'lr': 0.05}),
    ('adam', 'quadratic', {'lr': 0.05, 'amsgrad': True, 'weightDecay': 0.1}),
    ('adam', 'quadratic', {'lr': 0.02, 'betas': [0.8, 0.99], 'eps': 1e-3}),
    ('adam', 'neg-quadratic', {'lr': 0.05, 'maximize': True}),
    ('adam', 'rosenbrock', {'lr': 0.02}),
    ('adam', 'rosenbrock', {'lr': 0.02, 'amsgrad': True, 'weightDecay': 0.01}),
    ('adamw', 'quadratic', {'lr': 0.05}),
    ('adamw', 'quadratic', {'lr': 0.05, 'weightDecay': 0.1, 'amsgrad': True}),
    ('adamw', 'neg-quadratic', {'lr': 0.05, 'maximize': True}),
    ('adamw', 'rosenbrock', {'lr': 0.02, 'weightDecay': 0.05}),
    ('adagrad', 'quadratic', {'lr': 0.5}),
    ('adagrad', 'quadratic', {'lr': 0.5, 'lrDecay': 0.05, 'weightDecay': 0.1, 'initialAccumulatorValue': 0.1}),
    ('adagrad', 'neg-quadratic', {'lr': 0.5, 'maximize': True, 'eps': 1e-3}),
    ('adagrad', 'rosenbrock', {'lr': 0.1, 'lrDecay': 0.01}),
    ('rmsprop', 'quadratic', {'lr': 0.01}),
    ('rmsprop', 'quadratic', {'lr': 0.01, 'centered': True, 'momentum': 0.9, 'weightDecay': 0.1}),
    ('rmsprop', 'quadratic', {'lr': 0.01, 'alpha': 0.9, 'momentum': 0.5, 'eps': 1e-4}),
    ('rmsprop', 'neg-quadratic', {'lr': 0.01, 'centered': True, 'maximize': True}),
    ('rmsprop', 'rosenbrock', {'lr': 1e-3, 'centered': True, 'momentum': 0.5}),
    ('adadelta', 'quadratic', {}),
    ('adadelta', 'quadratic', {'lr': 0.5, 'rho': 0.95, 'eps': 1e-5, 'weightDecay': 0.1}),
    ('adadelta', 'neg-quadratic', {'lr': 2.0, 'maximize': True}),
    ('adadelta', 'rosenbrock', {'lr': 5.0}),
    ('adamax', 'quadratic', {'lr': 0.05}),
    ('adamax', 'quadratic', {'lr': 0.05, 'betas': [0.8, 0.99], 'weightDecay': 0.1, 'eps': 1e-3}),
    ('adamax', 'neg-quadratic', {'lr': 0.05, 'maximize': True}),
    ('adamax', 'rosenbrock', {'lr': 0.02}),
    ('nadam', 'quadratic', {'lr': 0.05}),
    ('nadam', 'quadratic', {'lr': 0.05, 'momentumDecay': 0.01, 'weightDecay': 0.1, 'betas': [0.85, 0.99]}),
    ('nadam', 'rosenbrock', {'lr': 0.02}),
    ('radam', 'quadratic', {'lr': 0.05}),
    ('radam', 'quadratic', {'lr': 0.05, 'betas': [0.8, 0.99], 'weightDecay': 0.1}),
    ('radam', 'rosenbrock', {'lr': 0.02}),
]


def run(rule, problem, hyper):
    theta0, grad = PROBLEMS[problem]
    p = torch.tensor(theta0, dtype=torch.float64, requires_grad=True)
    kwargs = {SNAKE.get(k, k): (tuple(v) if k == 'betas' else v) for k, v in hyper.items()}
    opt = TORCH[rule]([p], foreach=False, **kwargs)
    traj = [p.detach().tolist()]
    for _ in range(STEPS):
        p.grad = torch.tensor(grad(p.detach().tolist()), dtype=torch.float64)
        opt.step()
        traj.append(p.detach().tolist())
    return traj


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    by_rule = {}
    for rule, problem, hyper in CASES:
        by_rule.setdefault(rule, []).append({'problem': problem, 'hyper': hyper, 'theta': run(rule, problem, hyper)})
    for rule, cases in by_rule.items():
        doc = {
            'rule': rule,
            'generator': 'scripts/goldens/torch_optim.py',
            'torch': torch.__version__,
            'atenCpuCapability': os.environ['ATEN_CPU_CAPABILITY'],
            'steps': STEPS,
            'problems': {
                'quadratic': {'loss': '0.5*θᵀAθ − bᵀθ', 'A': QUAD['A'], 'b': QUAD['b'], 'theta0': QUAD['theta0']},
                'neg-quadratic': {'loss': '−(0.5*θᵀAθ − bᵀθ), maximized', 'same': 'quadratic'},
                'rosenbrock': {'loss': '(a − x)² + b(y − x²)²', **ROSEN},
            },
            'cases': cases,
        }
        path = os.path.join(OUT, f'{rule}.json')
        with open(path, 'w') as f:
            json.dump(doc, f, indent=None, separators=(',', ':'))
            f.write('\n')
        print(f'wrote {path}: {len(cases)} cases', file=sys.stderr)


if __name__ == '__main__':
    main()
