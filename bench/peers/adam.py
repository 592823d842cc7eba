"""Peer for bench/workloads/adam.ts: N Adam steps (lr 1e-3, betas (0.9, 0.999), eps 1e-8) on the diagonal
quadratic ½Σaᵢθᵢ² − bᵀθ in float64, gradient g = a⊙θ − b computed inside the loop, single-threaded like
learnscope. `torch`: torch.optim.Adam (foreach=False, torch 1.13's CPU path) with the gradient written into
p.grad by torch.mul/sub_; `numpy`: the same Adam update written with in-place NumPy ufuncs (no temporaries).
Prints steps/s of this thread's CPU time (20-step warm-up, then one timed run, or the median of --reps runs below 1000 steps).
usage: adam.py {torch,numpy} DIM STEPS [--warmup W] [--reps R]"""
import math
import time

import numpy as np

from common import emit, parser


def data(dim):
    rng = np.random.default_rng(0)
    return rng.uniform(0.1, 1.0, dim), rng.uniform(-1, 1, dim), rng.uniform(-1, 1, dim)


def torch_steps(dim, steps):
    import torch

    torch.set_num_threads(1)
    a, b, theta0 = (torch.from_numpy(x) for x in data(dim))

    def run():
        p = theta0.clone().requires_grad_(True)
        p.grad = torch.empty_like(p)
        opt = torch.optim.Adam([p], lr=1e-3, foreach=False)
        with torch.no_grad():
            for _ in range(steps):
                torch.mul(a, p, out=p.grad)
                p.grad.sub_(b)
                opt.step()

    return run


def numpy_steps(dim, steps):
    a, b, theta0 = data(dim)
    lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8

    def run():
        p = theta0.copy()
        g, m, v, t = (np.zeros(dim) for _ in range(4))
        for k in range(1, steps + 1):
            np.multiply(a, p, out=g)
            g -= b
            m *= b1
            np.multiply(g, 1 - b1, out=t)
            m += t
            v *= b2
            np.multiply(g, g, out=t)
            t *= 1 - b2
            v += t
            step_size = lr / (1 - b1**k)
            np.sqrt(v, out=t)
            t /= math.sqrt(1 - b2**k)
            t += eps
            np.divide(m, t, out=t)
            t *= -step_size
            p += t

    return run


def main():
    p = parser(__doc__)
    p.add_argument("impl", choices=["torch", "numpy"])
    p.add_argument("dim", type=int)
    p.add_argument("steps", type=int)
    o = p.parse_args()
    # Like the learnscope side: a 20-step warm-up, then one timed run for long runs, the median of --reps for short.
    (torch_steps if o.impl == "torch" else numpy_steps)(o.dim, 20)()
    run = (torch_steps if o.impl == "torch" else numpy_steps)(o.dim, o.steps)
    # This thread's CPU time, like the learnscope side (torch runs single-threaded): the machine is shared.
    times = []
    for _ in range(1 if o.steps >= 1000 else o.reps):
        t0 = time.thread_time()
        run()
        times.append((time.thread_time() - t0) * 1e3)
    ms = sorted(times)[len(times) // 2]
    emit("torch.optim.Adam" if o.impl == "torch" else "numpy", o.steps / (ms / 1e3), "steps/s")


if __name__ == "__main__":
    main()
