"""Reference for the Chinchilla replication fit (Besiroglu et al. 2024's procedure), in scipy.

Drops the 5 highest-loss runs, minimises sum(huber(1e-3, log L - LSE(a - alpha log N, b - beta log D, e)))
from every start of the grid a, b in 0..25 step 5, e in -1..1 step 0.5, alpha, beta in 0..2 step 0.5
(4,500 starts) with L-BFGS-B and the exact gradient, then polishes the best with BFGS.

Usage: python3 Benchmarks/chinchilla_scipy.py [Examples/data/chinchilla.csv] [--starts K]
Prints the best objective and parameters, and the seconds taken by the 4,500 L-BFGS-B runs.
"""
import csv
import itertools
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import huber, logsumexp

path = next((a for a in sys.argv[1:] if a.endswith(".csv")), "Examples/data/chinchilla.csv")
limit = int(sys.argv[sys.argv.index("--starts") + 1]) if "--starts" in sys.argv else None
rows = list(csv.DictReader(open(path)))
N = np.array([float(r["Model Size"]) for r in rows])
C = np.array([float(r["Training FLOP"]) for r in rows])
L = np.array([float(r["loss"]) for r in rows])
D = C / (6 * N)
cut = np.sort(L)[len(L) - 5]
keep = L < cut
N, D, L = N[keep], D[keep], L[keep]
logN, logD, logL = np.log(N), np.log(D), np.log(L)
delta = 1e-3


def objective(p):
    a, alpha, b, beta, e = p
    terms = np.stack([a - alpha * logN, b - beta * logD, np.full_like(logN, e)])
    pred = logsumexp(terms, axis=0)
    r = logL - pred
    w = np.exp(terms - pred)  # softmax weights: d pred / d term
    psi = np.clip(r, -delta, delta)  # huber'(r)
    grad = -np.array([
        np.sum(psi * w[0]), np.sum(psi * w[0] * -logN),
        np.sum(psi * w[1]), np.sum(psi * w[1] * -logD),
        np.sum(psi * w[2]),
    ])
    return np.sum(huber(delta, r)), grad


grid = list(itertools.product(np.arange(0, 30, 5), np.arange(0, 2.5, 0.5), np.arange(0, 30, 5), np.arange(0, 2.5, 0.5), np.arange(-1, 1.5, 0.5)))
if limit:
    grid = grid[:limit]
t0 = time.perf_counter()
best = None
for a, alpha, b, beta, e in grid:
    res = minimize(objective, [a, alpha, b, beta, e], jac=True, method="L-BFGS-B")
    if best is None or res.fun < best.fun:
        best = res
elapsed = time.perf_counter() - t0
polish = minimize(objective, best.x, jac=True, method="BFGS", options={"gtol": 1e-14, "maxiter": 10000})
final = polish if polish.fun <= best.fun else best
print("starts %d" % len(grid))
print("seconds %.3f" % elapsed)
print("objective %.17g" % final.fun)
for name, v in zip(["a", "alpha", "b", "beta", "e"], final.x):
    print("%s %.17g" % (name, v))
