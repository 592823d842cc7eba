"""Peer for bench/workloads/mlp-step.ts: one SGD step (lr 0.05) of a 784-256-256-10 ReLU MLP on a batch of 128,
mean softmax cross-entropy, float64, forward and backward written by hand with NumPy (OpenBLAS matmuls, the
transposes as views). Prints the median ms per step.
usage: mlp_step.py [--warmup W] [--reps R]"""
import numpy as np

from common import emit, median_ms, parser

SIZES = (784, 256, 256, 10)
BATCH = 128
LR = 0.05


def main():
    o = parser(__doc__).parse_args()
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (BATCH, SIZES[0]))
    y = (np.arange(BATCH) * 7) % SIZES[3]
    Ws = [rng.uniform(-1, 1, (SIZES[l], SIZES[l + 1])) * np.sqrt(6 / SIZES[l]) for l in range(3)]
    bs = [np.zeros(SIZES[l + 1]) for l in range(3)]
    rows = np.arange(BATCH)

    def step():
        z1 = X @ Ws[0] + bs[0]
        h1 = np.maximum(z1, 0)
        z2 = h1 @ Ws[1] + bs[1]
        h2 = np.maximum(z2, 0)
        z3 = h2 @ Ws[2] + bs[2]
        m = z3.max(axis=1, keepdims=True)
        e = np.exp(z3 - m)
        s = e.sum(axis=1, keepdims=True)
        loss = np.mean(np.log(s[:, 0]) + m[:, 0] - z3[rows, y])
        d3 = e / s
        d3[rows, y] -= 1
        d3 /= BATCH
        gW3 = h2.T @ d3
        gb3 = d3.sum(axis=0)
        d2 = (d3 @ Ws[2].T) * (z2 > 0)
        gW2 = h1.T @ d2
        gb2 = d2.sum(axis=0)
        d1 = (d2 @ Ws[1].T) * (z1 > 0)
        gW1 = X.T @ d1
        gb1 = d1.sum(axis=0)
        for p, g in ((Ws[0], gW1), (bs[0], gb1), (Ws[1], gW2), (bs[1], gb2), (Ws[2], gW3), (bs[2], gb3)):
            p -= LR * g
        return loss

    emit("numpy", median_ms(step, max(o.warmup, 5), max(o.reps, 21)), "ms")


if __name__ == "__main__":
    main()
