"""Peer for bench/workloads/adam.ts: N Adam steps (lr 1e-3, betas (0.9, 0.999), eps 1e-8) on the diagonal
quadratic ½Σλᵢ(θᵢ − θ*ᵢ)² in float64 (learnscope's quadratic-n with rotate: false, condition 10: λ geometric from 1
to 0.1, θ* and θ₀ standard normal), gradient g = λ⊙(θ − θ*) computed inside the loop, single-threaded like
learnscope. `torch`: torch.optim.Adam (foreach=False, torch 1.13's CPU path) with the gradient written into
p.grad by torch.sub/mul_; `numpy`: the same Adam update written with in-place NumPy ufuncs (no temporaries).
Prints steps/s of this thread's CPU time (20-step warm-up, then one timed run capped at WALL_BUDGET_S of wall time, or the median of --reps runs below 1000 steps).
usage: adam.py {torch,numpy} DIM STEPS [--warmup W] [--reps R]"""
import math
import time

import numpy as np

from common import emit, parser

# Wall-clock cap of one timed run, as on the learnscope side (bench/workloads/adam.ts WALL_BUDGET_S): the harness
# kills a peer after 600 s. Steps/s is a steady-state rate, so the cap does not bias it.
WALL_BUDGET_S = 420


def data(dim):
    """λ, θ*, θ₀ as learnscope's quadratic-n (condition 10, geometric spectrum) draws them (other random numbers)."""
    rng = np.random.default_rng(0)
    lam = 10.0 ** -(np.arange(dim) / max(dim - 1, 1))
    return lam, rng.standard_normal(dim), rng.standard_normal(dim)


def torch_steps(dim, steps):
    import torch

    torch.set_num_threads(1)
    lam, star, theta0 = (torch.from_numpy(x) for x in data(dim))

    def run():
        p = theta0.clone().requires_grad_(True)
        p.grad = torch.empty_like(p)
        opt = torch.optim.Adam([p], lr=1e-3, foreach=False)
        t0 = time.perf_counter()
        with torch.no_grad():
            for k in range(steps):
                torch.sub(p, star, out=p.grad)
                p.grad.mul_(lam)
                opt.step()
                if k % 100 == 99 and time.perf_counter() - t0 > WALL_BUDGET_S:
                    return k + 1
        return steps

    return run


def numpy_steps(dim, steps):
    lam, star, theta0 = data(dim)
    lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8

    def run():
        p = theta0.copy()
        g, m, v, t = (np.zeros(dim) for _ in range(4))
        t0 = time.perf_counter()
        for k in range(1, steps + 1):
            if k % 100 == 1 and k > 1 and time.perf_counter() - t0 > WALL_BUDGET_S:
                return k - 1
            np.subtract(p, star, out=g)
            g *= lam
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
        return steps

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
    rates = []
    for _ in range(1 if o.steps >= 1000 else o.reps):
        t0 = time.thread_time()
        done = run()
        rates.append(done / (time.thread_time() - t0))
    emit("torch.optim.Adam" if o.impl == "torch" else "numpy", sorted(rates)[len(rates) // 2], "steps/s")


if __name__ == "__main__":
    main()
