"""Peer for the dense linear-algebra workloads (bench/workloads/{gemm,eigh,svd,cholesky-solve}.ts), with the
same sizes and float64: numpy.matmul, numpy.linalg.eigh, numpy.linalg.svd (thin), and scipy.linalg.solve with
assume_a='pos' (LAPACK dposv, like learnscope's solveSPD); numpy Cholesky + triangular solves when SciPy is absent.
usage: linalg.py {gemm,gemm-out,eigh,svd,cholesky-solve} N [--warmup W] [--reps R]"""
import numpy as np

from common import emit, median_ms, parser


def main():
    p = parser(__doc__)
    p.add_argument("op", choices=["gemm", "gemm-out", "eigh", "svd", "cholesky-solve"])
    p.add_argument("n", type=int)
    a = p.parse_args()
    n = a.n
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (n, n))
    if a.op == "gemm":
        Y = rng.uniform(-1, 1, (n, n))
        ms = median_ms(lambda: X @ Y, a.warmup, a.reps)
        emit("numpy", 2 * n**3 / (ms * 1e6), "GFLOP/s")
    elif a.op == "gemm-out":
        Y = rng.uniform(-1, 1, (n, n))
        Z = np.empty((n, n))
        ms = median_ms(lambda: np.matmul(X, Y, out=Z), a.warmup, a.reps)
        emit("numpy", 2 * n**3 / (ms * 1e6), "GFLOP/s")
    elif a.op == "eigh":
        S = X + X.T
        emit("numpy", median_ms(lambda: np.linalg.eigh(S), a.warmup, a.reps), "ms")
    elif a.op == "svd":
        emit("numpy", median_ms(lambda: np.linalg.svd(X, full_matrices=False), a.warmup, a.reps), "ms")
    else:
        S = X.T @ X + n * np.eye(n)
        b = rng.uniform(-1, 1, n)
        try:
            import scipy.linalg as sl

            emit("scipy", median_ms(lambda: sl.solve(S, b, assume_a="pos"), a.warmup, a.reps), "ms")
        except ImportError:
            def chol_solve():
                L = np.linalg.cholesky(S)
                return np.linalg.solve(L.T, np.linalg.solve(L, b))

            emit("numpy", median_ms(chol_solve, a.warmup, a.reps), "ms")


if __name__ == "__main__":
    main()
