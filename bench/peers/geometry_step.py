"""Peer for bench/workloads/geometry-step.ts: per-step geometry of a learning rule (arXiv 2409.16422) on D = 1e6
in float64 NumPy, single-threaded BLAS like learnscope: ψ between y = -grad L and the update g (stable sin via the
orthogonal component of y), kappa_min = ((1+sin)/cos)^2, alpha* = |y|^2/(y.g), M_opt v and M_opt^-1 w with
M_opt = y y^T/(y.g) + alpha*(I - g g^T/|g|^2). Written with preallocated buffers and in-place ufuncs (no
temporaries). Reports GB/s of the same nominal traffic as learnscope (read y, g, v, w and write two D-vectors
once: 48 bytes per entry), so the ratio is the time ratio.
usage: geometry_step.py DIM STEPS [--warmup W] [--reps R]"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import math  # noqa: E402

import numpy as np  # noqa: E402

from common import emit, median_ms, parser  # noqa: E402


def make(dim):
    rng = np.random.default_rng(0)
    g = rng.uniform(-1, 1, dim)
    y = g + 0.5 * rng.uniform(-1, 1, dim)
    return y, g, rng.uniform(-1, 1, dim), rng.uniform(-1, 1, dim)


def step(y, g, v, w, out_a, out_s, tmp):
    yy = y @ y
    gg = g @ g
    yg = y @ g
    if not yg > 0:
        raise ValueError("no metric: psi >= 90 degrees")
    t = yg / gg
    np.multiply(g, t, out=tmp)
    np.subtract(y, tmp, out=tmp)
    wedge = math.sqrt(tmp @ tmp) * math.sqrt(gg)
    h = math.hypot(wedge, yg)
    s, c = wedge / h, yg / h
    psi = math.atan2(wedge, yg)
    kmin = ((1 + s) / c) ** 2
    alpha = yy / yg
    # M_opt v = alpha (v - g g.v/g.g) + y y.v/y.g
    yv, gv = y @ v, g @ v
    np.multiply(v, alpha, out=out_a)
    np.multiply(g, -alpha * gv / gg, out=tmp)
    out_a += tmp
    np.multiply(y, yv / yg, out=tmp)
    out_a += tmp
    # M_opt^-1 w = (w - y k)/alpha + g (k + (y.y k - y.w)/(alpha y.g)),  k = g.w/y.g
    yw, gw = y @ w, g @ w
    k = gw / yg
    np.multiply(w, 1 / alpha, out=out_s)
    np.multiply(y, -k / alpha, out=tmp)
    out_s += tmp
    np.multiply(g, k + (yy * k - yw) / (alpha * yg), out=tmp)
    out_s += tmp
    return psi, kmin


def main():
    p = parser(__doc__)
    p.add_argument("dim", type=int)
    p.add_argument("steps", type=int)
    o = p.parse_args()
    y, g, v, w = make(o.dim)
    out_a, out_s, tmp = (np.empty(o.dim) for _ in range(3))

    def run():
        for _ in range(o.steps):
            step(y, g, v, w, out_a, out_s, tmp)

    ms = median_ms(run, o.warmup, o.reps) / o.steps
    emit("numpy", 48 * o.dim / (ms * 1e6), "GB/s")


if __name__ == "__main__":
    main()
