"""Peer for bench/workloads/geometry-step.ts: per-step geometry of a learning rule (arXiv 2409.16422) on D = 1e6
in float64 NumPy with OpenBLAS's default threads (one per core: 2 on the bench machine, as learnscope's native kernels,
which follow the same OpenBLAS thread setting): ψ between y = -grad L and the update g (stable sin via the
orthogonal component of y), kappa_min = ((1+sin)/cos)^2, alpha* = |y|^2/(y.g), M_opt v and M_opt^-1 w with
M_opt = y y^T/(y.g) + alpha*(I - g g^T/|g|^2). Inputs are made outside the timed region; outputs are preallocated.
The form timed is the fastest NumPy form measured on this machine (D = 1e6, one thread, best of 15): two GEMMs on
the (4, D) stack of y, g, v, w + one ddot ~15.5 ms; seven ddots + the same output GEMM ~18 ms; in-place ufuncs
(np.multiply/np.subtract/+= with a temporary, the previous form of this script) ~28 ms. With OpenBLAS's default
2 threads both GEMMs run on both cores (the ddot and NumPy's own code stay on one). Reports GB/s of the same nominal traffic as learnscope (read y, g, v, w and write two D-vectors
once: 48 bytes per entry), so the ratio is the time ratio.
usage: geometry_step.py DIM STEPS [--warmup W] [--reps R]"""
import math

import numpy as np

from common import emit, median_ms, parser


def make(dim):
    """y, g, v, w as the rows of one C-contiguous (4, D) array (each row is an ordinary contiguous D-vector)."""
    rng = np.random.default_rng(0)
    z = np.empty((4, dim))
    z[1] = rng.uniform(-1, 1, dim)
    z[0] = z[1] + 0.5 * rng.uniform(-1, 1, dim)
    z[2] = rng.uniform(-1, 1, dim)
    z[3] = rng.uniform(-1, 1, dim)
    return z


def step(z, out3):
    """NumPy's best vectorised form (fastest of the forms tried, see module doc): one (2, D) @ (D, 4) GEMM for
    all dot products (one blocked pass over y, g, v, w), one (3, 4) @ (4, D) GEMM writing M_opt v, M_opt^-1 w and
    y - t g (a second pass), and a ddot for |y - t g|^2."""
    d = z[:2] @ z.T  # [[yy, yg, yv, yw], [gy, gg, gv, gw]]
    yy, yg, yv, yw = d[0]
    gg, gv, gw = d[1, 1], d[1, 2], d[1, 3]
    if not yg > 0:
        raise ValueError("no metric: psi >= 90 degrees")
    t = yg / gg
    alpha = yy / yg
    k = gw / yg
    # M_opt v = alpha (v - g g.v/g.g) + y y.v/y.g ; M_opt^-1 w = (w - y k)/alpha + g (k + (y.y k - y.w)/(alpha y.g))
    c = np.array([[yv / yg, -alpha * gv / gg, alpha, 0.0],
                  [-k / alpha, k + (yy * k - yw) / (alpha * yg), 0.0, 1 / alpha],
                  [1.0, -t, 0.0, 0.0]])
    np.matmul(c, z, out=out3)
    perp = out3[2]
    wedge = math.sqrt(perp @ perp) * math.sqrt(gg)
    h = math.hypot(wedge, yg)
    s, cs = wedge / h, yg / h
    psi = math.atan2(wedge, yg)
    kmin = ((1 + s) / cs) ** 2
    return psi, kmin


def main():
    p = parser(__doc__)
    p.add_argument("dim", type=int)
    p.add_argument("steps", type=int)
    o = p.parse_args()
    z = make(o.dim)
    out3 = np.empty((3, o.dim))

    def run():
        for _ in range(o.steps):
            step(z, out3)

    ms = median_ms(run, o.warmup, o.reps) / o.steps
    emit("numpy", 48 * o.dim / (ms * 1e6), "GB/s")


if __name__ == "__main__":
    main()
