"""Reference for MuennighoffFitTests: data synthesised from known parameters of the
data-constrained law (Muennighoff et al. 2023, "Scaling Data-Constrained Language Models",
eq. 5 on Hoffmann et al. 2022's form), with fixed pseudo-random noise, fitted by
scipy.optimize.least_squares. Prints the table (kept as Tests/ScaleLangTests/Fixtures/
muennighoff_runs.csv) and the fit, whose numbers PiecewiseModelTests holds the language to.

    L(N, D, U) = E + A / N^alpha + B / D'^beta,
    D' = min(D, U) * (1 + Rd * (1 - exp(-(D / min(D, U) - 1) / Rd)))
"""
import numpy as np
from scipy.optimize import least_squares

truth = dict(E=1.8, A=450.0, B=900.0, alpha=0.33, beta=0.31, Rd=12.0)

def law(p, N, D, U):
    E, A, B, alpha, beta, Rd = p
    m = np.minimum(D, U)
    Dp = m * (1 + Rd * (1 - np.exp(-(D / m - 1) / Rd)))
    return E + A / N**alpha + B / Dp**beta

rng = np.random.default_rng(20231)
rows = []
for N in [1e8, 3e8, 1e9, 3e9]:
    for U in [2e9, 1e10]:
        for epochs in [0.5, 1, 2, 4, 8, 16, 40, 100]:
            rows.append((N, epochs * U, U))
N, D, U = (np.array(c) for c in zip(*rows))
y = law(list(truth.values()), N, D, U) * (1 + 0.002 * rng.standard_normal(len(rows)))
y = np.round(y, 6)

start = [1.69, 406.4, 410.7, 0.34, 0.28, 15.4]   # the prelude's defaults, as the fit starts there
fit = least_squares(lambda p: law(p, N, D, U) - y, start, xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)
print("N,D,U,loss")
for n, d, u, l in zip(N, D, U, y):
    print(f"{n:.6g},{d:.6g},{u:.6g},{l:.6f}")
print("fit:", dict(zip(truth, fit.x)))
print("rss:", float(np.sum(fit.fun**2)), "status:", fit.status)
