"""Peer for bench/workloads/langevin.ts: overdamped Langevin (ULA) steps x <- x - h*4x(x^2 - 1) + sqrt(2hT)*xi for
N independent particles on the double well U = (x^2 - 1)^2, float64, vectorised NumPy with in-place ufuncs (no
temporaries) and numpy's default Generator (PCG64, ziggurat normals) filling a preallocated buffer; single process
(NumPy's ufuncs and Generator are single-threaded). Prints particle-steps/s of wall time (the learnscope side uses
two threads, so wall time is the comparable measure): a 2-step warm-up, then one timed run of STEPS steps, or the
median of --reps runs below 100 steps.
usage: langevin.py N STEPS [--warmup W] [--reps R]"""
import math
import time

import numpy as np

from common import emit, parser

H, T = 1e-3, 0.25


def make_run(n, steps):
    rng = np.random.default_rng(0)
    s = math.sqrt(2 * H * T)

    def run():
        x = np.ones(n)
        g = np.empty(n)
        z = np.empty(n)
        for _ in range(steps):
            np.multiply(x, x, out=g)
            g -= 1.0
            g *= x
            g *= -4.0 * H
            x += g
            rng.standard_normal(out=z)
            z *= s
            x += z
        return x

    return run


def main():
    p = parser(__doc__)
    p.add_argument("n", type=int)
    p.add_argument("steps", type=int)
    o = p.parse_args()
    make_run(o.n, 2)()
    run = make_run(o.n, o.steps)
    times = []
    for _ in range(1 if o.steps >= 100 else max(1, o.reps)):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    sec = sorted(times)[len(times) // 2]
    emit("numpy", o.n * o.steps / sec, "particle-steps/s")


if __name__ == "__main__":
    main()
