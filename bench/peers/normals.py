"""Peer for bench/workloads/normals.ts: N standard normals into a preallocated float64 array with NumPy's
Generator(PCG64).standard_normal(out=...) (a ziggurat in C), single thread. Prints millions of draws per second.
usage: normals.py N [--warmup W] [--reps R]"""
import numpy as np

from common import emit, median_ms, parser


def main():
    p = parser(__doc__)
    p.add_argument("n", type=int)
    o = p.parse_args()
    rng = np.random.default_rng(1)
    out = np.empty(o.n)
    ms = median_ms(lambda: rng.standard_normal(out=out), max(o.warmup, 5), max(o.reps, 15))
    emit("numpy", o.n / 1e6 / (ms / 1e3), "M/s")


if __name__ == "__main__":
    main()
