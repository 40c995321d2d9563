"""Independent reference for the separable Chinchilla fit (VariableProjectionTests).

The objective is the replication's: sum of Huber(delta = 1e-3) of log L - log(E + A/N^alpha + B/D^beta)
over the 240 runs left after dropping the 5 highest-loss ones. Its optimum, found by the 4,500-start
L-BFGS-B grid of Benchmarks/chinchilla_scipy.py (objective 0.00101827401780), is refined here by
solving grad = 0 with MINPACK's hybrd (scipy.optimize.root) on the exact gradient in the log-sum-exp
parameters (a, alpha, b, beta, e) = (log A, alpha, log B, beta, log E): L-BFGS-B and BFGS stop with
parameters good to about 1e-7, too loose to test 1e-6 agreement against.

Usage: python3 Tests/ScalingCoreTests/Fixtures/chinchilla_reference.py
"""
import csv

import numpy as np
from scipy.optimize import root

rows = list(csv.DictReader(open("Examples/data/chinchilla.csv")))
N = np.array([float(r["Model Size"]) for r in rows])
C = np.array([float(r["Training FLOP"]) for r in rows])
L = np.array([float(r["loss"]) for r in rows])
D = C / (6 * N)
keep = L < np.sort(L)[len(L) - 5]
logN, logD, logL = np.log(N[keep]), np.log(D[keep]), np.log(L[keep])
delta = 1e-3


def parts(p):
    a, alpha, b, beta, e = p
    t = np.stack([a - alpha * logN, b - beta * logD, np.full_like(logN, e)])
    top = t.max(axis=0)
    w = np.exp(t - top)
    s = w.sum(axis=0)
    return t, w / s, logL - top - np.log(s)


def objective(p):
    r = parts(p)[2]
    a = np.abs(r)
    return np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta)).sum()


def gradient(p):
    _, w, r = parts(p)
    psi = np.clip(r, -delta, delta)
    return -np.array([np.sum(psi * w[0]), -np.sum(psi * w[0] * logN), np.sum(psi * w[1]), -np.sum(psi * w[1] * logD), np.sum(psi * w[2])])


start = np.array([6.1692492651528141, 0.34731067014166195, 7.6701571395999837, 0.36717245175030322, 0.59730695150679458])
sol = root(gradient, start, method="hybr", options={"xtol": 1e-15})
a, alpha, b, beta, e = sol.x
print("converged", sol.success, "max |grad|", np.abs(gradient(sol.x)).max())
print("objective %.17g" % objective(sol.x))
for name, v in [("E", np.exp(e)), ("A", np.exp(a)), ("B", np.exp(b)), ("alpha", alpha), ("beta", beta)]:
    print("%s %.17g" % (name, v))
print("rows inside delta", int((np.abs(parts(sol.x)[2]) <= delta).sum()))
