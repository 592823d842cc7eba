"""Peer for bench/workloads/ngd-cg.ts and kfac-step.ts: an MLP classifier 784-128-10 (tanh, softmax cross-entropy,
W_l stored out x in like learnscope), batch 128, float64, written by hand with NumPy/SciPy (OpenBLAS).
ngd-cg: gradient, then 10 CG iterations on (F + 1e-3 I) d = g with F v = J^T (diag p - p p^T) J v / m (R-op forward,
backward by hand) from d = 0 (as learnscope's dampedCg: recurrence residual, no final true-residual product); theta -= d.
kfac: labels sampled from the model, A = abar^T abar / m (bias 1 appended), G = s^T s / m, EMA 0.95 (in place), damped
inverses by Cholesky and the inverse from the factor (LAPACK dpotrf + dpotri, as learnscope's potrf + potri; about n^3
flops against 7n^3/3 for cho_solve on the identity), pi correction, Delta = G^-1 [gW gb] A^-1, theta -= 0.1 Delta.
Prints median ms per step.
usage: ngd_kfac.py {ngd-cg,kfac} [--warmup W] [--reps R]"""
import numpy as np
from scipy.linalg import lapack

from common import emit, median_ms, parser

SIZES = (784, 128, 10)
BATCH = 128


def setup():
    rng = np.random.default_rng(0)
    X = 0.5 + 0.5 * rng.uniform(-1, 1, (BATCH, SIZES[0]))
    y = (np.arange(BATCH) * 7) % 10
    W1 = rng.normal(0, 1 / np.sqrt(SIZES[0]), (SIZES[1], SIZES[0]))
    b1 = np.zeros(SIZES[1])
    W2 = rng.normal(0, 1 / np.sqrt(SIZES[1]), (SIZES[2], SIZES[1]))
    b2 = np.zeros(SIZES[2])
    return X, y, [W1, b1, W2, b2], rng


def forward(X, P):
    W1, b1, W2, b2 = P
    A1 = np.tanh(X @ W1.T + b1)
    Z2 = A1 @ W2.T + b2
    e = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
    return A1, e / e.sum(axis=1, keepdims=True)


def backward(X, P, A1, u):
    """J^T u for output cotangents u (m x 10): returns the per-layer pre-activation cotangents and the gradient."""
    W1, b1, W2, b2 = P
    s1 = (u @ W2) * (1 - A1 * A1)
    return s1, [s1.T @ X, s1.sum(axis=0), u.T @ A1, u.sum(axis=0)]


def ngd_cg(X, y, P):
    m = X.shape[0]
    A1, p = forward(X, P)
    r = p.copy()
    r[np.arange(m), y] -= 1
    _, g = backward(X, P, A1, r / m)
    W1, b1, W2, b2 = P
    D1 = 1 - A1 * A1

    def fvp(v):
        dW1, db1, dW2, db2 = v
        dA1 = (X @ dW1.T + db1) * D1
        dZ2 = dA1 @ W2.T + A1 @ dW2.T + db2
        u = p * (dZ2 - (p * dZ2).sum(axis=1, keepdims=True)) / m
        _, out = backward(X, P, A1, u)
        for o, vi in zip(out, v):
            o += 1e-3 * vi
        return out

    def dot(a, b):
        return sum(float(np.vdot(ai, bi)) for ai, bi in zip(a, b))

    x = [np.zeros_like(gi) for gi in g]
    res = [gi.copy() for gi in g]
    d = [ri.copy() for ri in res]
    rr = dot(res, res)
    for _ in range(10):
        Ad = fvp(d)
        alpha = rr / dot(d, Ad)
        for xi, ri, di, ai in zip(x, res, d, Ad):  # in place: one temporary per update
            xi += alpha * di
            ri -= alpha * ai
        rr_new = dot(res, res)
        for di, ri in zip(d, res):
            di *= rr_new / rr
            di += ri
        rr = rr_new
    for pi, xi in zip(P, x):
        pi -= xi


def spd_inverse(M):
    """M^-1 for SPD M (overwritten): Cholesky, inverse from the factor (lower triangle), mirrored to the full matrix."""
    # M.T: the Fortran-ordered view of the (symmetric) C array, so LAPACK works in place without f2py's copy
    c, info = lapack.dpotrf(M.T, lower=1, clean=0, overwrite_a=1)
    if info != 0:
        raise np.linalg.LinAlgError("not positive definite")
    inv, info = lapack.dpotri(c, lower=1, overwrite_c=1)
    inv = np.tril(inv)
    inv += np.tril(inv, -1).T
    return inv


class Kfac:
    def __init__(self):
        self.A = None
        self.G = None

    def step(self, X, y, P, rng):
        m = X.shape[0]
        A1, p = forward(X, P)
        r = p.copy()
        r[np.arange(m), y] -= 1
        _, g = backward(X, P, A1, r / m)
        # labels sampled from the model (inverse CDF), output cotangents p - onehot(sample)
        ys = (rng.uniform(size=(m, 1)) > np.cumsum(p, axis=1)).sum(axis=1).clip(0, 9)
        u = p.copy()
        u[np.arange(m), ys] -= 1
        s1, _ = backward(X, P, A1, u)
        abars = [np.hstack([X, np.ones((m, 1))]), np.hstack([A1, np.ones((m, 1))])]
        An = [a.T @ a / m for a in abars]
        Gn = [s1.T @ s1 / m, u.T @ u / m]
        if self.A is None:
            self.A, self.G = An, Gn
        else:
            for F, Fn in zip(self.A + self.G, An + Gn):
                F *= 0.95
                F += 0.05 * Fn
        root = np.sqrt(1e-2)
        grads = [np.hstack([g[0], g[1][:, None]]), np.hstack([g[2], g[3][:, None]])]
        for l, Gr in enumerate(grads):
            A, G = self.A[l], self.G[l]
            pi = np.sqrt((np.trace(A) / A.shape[0]) / (np.trace(G) / G.shape[0]))
            Ainv = spd_inverse(A + pi * root * np.eye(A.shape[0]))
            Ginv = spd_inverse(G + root / pi * np.eye(G.shape[0]))
            delta = Ginv @ Gr @ Ainv
            P[2 * l] -= 0.1 * delta[:, :-1]
            P[2 * l + 1] -= 0.1 * delta[:, -1]


def main():
    ap = parser(__doc__)
    ap.add_argument("mode", choices=["ngd-cg", "kfac"])
    o = ap.parse_args()
    X, y, P, rng = setup()
    if o.mode == "ngd-cg":
        emit("numpy", median_ms(lambda: ngd_cg(X, y, P), max(o.warmup, 8), max(o.reps, 21)), "ms")
    else:
        k = Kfac()
        emit("numpy+scipy", median_ms(lambda: k.step(X, y, P, rng), max(o.warmup, 5), max(o.reps, 9)), "ms")


if __name__ == "__main__":
    main()
