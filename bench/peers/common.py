"""Shared helpers for the benchmark peers: argument parsing, median timing after warm-up, and the one-line JSON
result the harness reads ({"name", "value", "unit"}). Inputs mirror bench/workload.ts `filled` only in
distribution (uniform in (-1, 1)); timings do not depend on the exact values."""
import argparse
import json
import time


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--reps", type=int, default=7)
    return p


def median_ms(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1e3)
    ts.sort()
    m = len(ts) // 2
    return ts[m] if len(ts) % 2 == 1 else 0.5 * (ts[m - 1] + ts[m])


def emit(name, value, unit):
    print(json.dumps({"name": name, "value": value, "unit": unit}), flush=True)
