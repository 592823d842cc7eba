"""Peer for bench/workloads/dmf.ts: BATCH training steps of deep matrix completion as the reference code does them
(roosephu/deep_matrix_factorization): float64 n×n factors, W = W_N @ … @ W_1, loss = mean over the observed
entries of (W[us, vs] − ys)², loss.backward(), then GroupRMSprop (one global step size lr/(√(s/(1−αᵗ)) + eps),
α = 0.99, eps = 1e-4, lr = 1e-3). PyTorch's default intra-op threads. Prints steps/s from the median batch time.
usage: dmf_step.py SIZE DEPTH OBSERVATIONS BATCH [--warmup W] [--reps R]"""
import torch

from common import emit, median_ms, parser


def main():
    p = parser(__doc__)
    for a in ("size", "depth", "observations", "batch"):
        p.add_argument(a, type=int)
    o = p.parse_args()
    n, N, m = o.size, o.depth, o.observations
    g = torch.Generator().manual_seed(0)
    idx = torch.randperm(n * n, generator=g)[:m]
    us, vs = idx // n, idx % n
    ys = torch.randn(m, generator=g, dtype=torch.float64)
    scale = 1e-3 ** (1 / N) / n ** 0.5
    ws = [(torch.randn(n, n, generator=g, dtype=torch.float64) * scale).requires_grad_(True) for _ in range(N)]
    state = {"s": torch.tensor(0.0, dtype=torch.float64), "t": 0}
    lr, alpha, eps = 1e-3, 0.99, 1e-4

    def step():
        for _ in range(o.batch):
            W = ws[-1]
            for w in reversed(ws[:-1]):
                W = W @ w
            loss = (W[us, vs] - ys).pow(2).mean()
            for w in ws:
                w.grad = None
            loss.backward()
            with torch.no_grad():
                state["t"] += 1
                state["s"].mul_(alpha)
                for w in ws:
                    state["s"].add_((w.grad * w.grad).sum(), alpha=1 - alpha)
                avg = (state["s"] / (1 - alpha ** state["t"])).sqrt().add_(eps)
                for w in ws:
                    w.add_(w.grad / avg, alpha=-lr)

    ms = median_ms(step, max(o.warmup, 3), max(o.reps, 5))
    emit("torch", 1000 * o.batch / ms, "steps/s")


if __name__ == "__main__":
    main()
