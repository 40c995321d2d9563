"""Reference for grouped fits (issue "Groups and ladders"): scipy fits of the same objectives as
`fit loss_c4_val ~ E + A/N^alpha + B/D^beta on runs by dataset` and its `shared E` form, on
Gadre et al. 2024's over-training runs (Examples/data/gadre2024_overtraining.csv, 3 data sets).

Per data set: least squares from a grid of starts (scipy.optimize.least_squares, trf, tolerances
1e-15); the best optimum is printed. Shared E: one joint least-squares fit of all rows with E common
and (A, alpha, B, beta) per data set, started from the separate optima. Then the F test of the
restriction, F = ((RSS0 - RSS1)/q)/(RSS1/(n - p1)), its p-value from scipy.stats.f.sf, and the
Gaussian AIC n(log 2π + 1 − log n + log RSS) + 2(p + 1) of both. Values print with repr so the
Swift tests can hold them to stated tolerances."""
import csv
import itertools
import numpy as np
from scipy.optimize import least_squares
from scipy.stats import f as fdist

rows = list(csv.DictReader(open('Examples/data/gadre2024_overtraining.csv')))
order = []
for r in rows:
    if r['dataset'] not in order:
        order.append(r['dataset'])


def law(p, N, D):
    E, A, alpha, B, beta = p
    return E + A / N ** alpha + B / D ** beta


def data(ds):
    sel = [r for r in rows if r['dataset'] == ds]
    return (np.array([float(r['N']) for r in sel]), np.array([float(r['D']) for r in sel]),
            np.array([float(r['loss_c4_val']) for r in sel]))


separate = {}
for ds in order:
    N, D, y = data(ds)
    best = None
    for start in itertools.product([1.0, 2.0], [100.0, 1000.0], [0.2, 0.4], [100.0, 1000.0], [0.2, 0.4]):
        try:
            res = least_squares(lambda p: y - law(p, N, D), start, method='trf', xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=20000)
        except Exception:
            continue
        rss = float(np.sum(res.fun ** 2))
        if np.isfinite(rss) and (best is None or rss < best[0]):
            best = (rss, res.x)
    separate[ds] = best
    print(ds, 'rss', repr(best[0]), 'params', ' '.join(repr(float(v)) for v in best[1]))

# shared E: p = [E, (A, alpha, B, beta) per data set]
sets = [data(ds) for ds in order]


def joint_residuals(p):
    out = []
    for g, (N, D, y) in enumerate(sets):
        A, alpha, B, beta = p[1 + 4 * g:5 + 4 * g]
        out.append(y - law([p[0], A, alpha, B, beta], N, D))
    return np.concatenate(out)


start = [np.mean([separate[ds][1][0] for ds in order])] + [v for ds in order for v in separate[ds][1][1:]]
res = least_squares(joint_residuals, start, method='trf', xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)
rss0 = float(np.sum(res.fun ** 2))
print('shared rss', repr(rss0), 'E', repr(float(res.x[0])))
for g, ds in enumerate(order):
    print('shared', ds, ' '.join(repr(float(v)) for v in res.x[1 + 4 * g:5 + 4 * g]))
n = sum(len(s[2]) for s in sets)
p0, p1 = 1 + 4 * len(order), 5 * len(order)
rss1 = sum(separate[ds][0] for ds in order)
q, dof = p1 - p0, n - p1
F = ((rss0 - rss1) / q) / (rss1 / dof)


def aic(rss, p):
    return n * (np.log(2 * np.pi) + 1 - np.log(n) + np.log(rss)) + 2 * (p + 1)


print('test F', repr(F), 'df', q, dof, 'p', repr(float(fdist.sf(F, q, dof))), 'aic', repr(float(aic(rss0, p0))), repr(float(aic(rss1, p1))))

# Porian et al. 2024's five configurations, one file each (Examples/data/porian2024/*.csv):
# loss ~ E + A/N^alpha + B/D^beta per file, least squares from alpha, beta in {0.2, 0.4, 0.6}
# (E, A, B solved linearly at each, as variable projection does, then all five polished).
import glob
import os
for path in sorted(glob.glob('Examples/data/porian2024/*.csv')):
    rs = list(csv.DictReader(open(path)))
    N = np.array([float(r['N']) for r in rs]); D = np.array([float(r['D']) for r in rs]); y = np.array([float(r['loss']) for r in rs])
    best = None
    for a0, b0 in itertools.product([0.2, 0.4, 0.6], repeat=2):
        def proj(t):
            X = np.column_stack([np.ones_like(N), N ** -t[0], D ** -t[1]])
            c, *_ = np.linalg.lstsq(X, y, rcond=None)
            return y - X @ c
        r1 = least_squares(proj, [a0, b0], method='lm', xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=20000)
        X = np.column_stack([np.ones_like(N), N ** -r1.x[0], D ** -r1.x[1]])
        c, *_ = np.linalg.lstsq(X, y, rcond=None)
        rss = float(np.sum((y - X @ c) ** 2))
        if best is None or rss < best[0]:
            best = (rss, [c[0], c[1], r1.x[0], c[2], r1.x[1]])
    print('porian', os.path.basename(path)[:-4], 'rss', repr(best[0]), 'params', ' '.join(repr(float(v)) for v in best[1]))
