"""Reference for IsoFLOPLocatorTests and ApproachesTests: Approach 2 on Porian et al.'s runs,
run with numpy and scipy (not ScaleLab). Porian et al.'s locator follows their repository
(formll/resolving-scaling-law-discrepancies, analysis.py `interpolation`): Akima's interpolant of
log loss against log N on np.geomspace(N.min(), N.max(), (sizes - 1) * 25), argmin, refused at an
edge. Hoffmann et al.'s parabola: np.polyfit(log N, loss, 2), vertex inside the sizes sampled.
Usage: python3 porian_approach2.py [bootstrap]"""
import sys
import numpy as np
import scipy.interpolate

CONFIGS = ['base_long_kaplan_kaplan_train', 'base_long_kaplan_standard_val', 'base_short_kaplan_standard_val',
           'base_short_chinchilla_standard_val', 'tuned_short_const_standard_val']


def exponent(C, N, L, locator):
    budgets, optima = [], []
    for c in sorted(set(C)):
        n, l = N[C == c], L[C == c]
        sizes = np.array(sorted(set(n)))
        if len(sizes) < 3:
            continue
        if locator == 'akima':
            lowest = np.array([l[n == s].min() for s in sizes])
            k = (len(sizes) - 1) * 25
            grid = np.geomspace(sizes.min(), sizes.max(), k)
            j = scipy.interpolate.Akima1DInterpolator(np.log(sizes), np.log(lowest))(np.log(grid)).argmin()
            if j in (0, k - 1):
                continue
            budgets.append(c); optima.append(grid[j])
        else:
            x = np.log(n)
            a2, a1, _ = np.polyfit(x, l, 2)
            if a2 <= 0 or not x.min() < -a1 / (2 * a2) < x.max():
                continue
            budgets.append(c); optima.append(np.exp(-a1 / (2 * a2)))
    return (np.polyfit(np.log(budgets), np.log(optima), 1)[0], len(budgets)) if len(budgets) >= 3 else (None, len(budgets))


def load(name):
    d = np.loadtxt(f'Examples/data/porian2024/{name}.csv', delimiter=',', skiprows=1)
    return d[:, 0], d[:, 1], d[:, 3]


for name in CONFIGS:
    C, N, L = load(name)
    for locator in ['akima', 'parabola']:
        print(name, locator, *exponent(C, N, L, locator))
if sys.argv[1:] == ['bootstrap']:
    rng = np.random.default_rng(1)
    for name in ['base_long_kaplan_kaplan_train', 'tuned_short_const_standard_val']:
        C, N, L = load(name)
        groups = [np.where(C == c)[0] for c in sorted(set(C))]
        for locator in ['akima', 'parabola']:
            draws = []
            for _ in range(2000):
                idx = np.concatenate([rng.choice(g, len(g)) for g in groups])
                a, _ = exponent(C[idx], N[idx], L[idx], locator)
                if a is not None:
                    draws.append(a)
            print(name, locator, len(draws), np.percentile(draws, [2.5, 97.5]))
