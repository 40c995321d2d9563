"""Reference for the coverage-curve fit (CoverageFitTests): coverage after k samples when
problem difficulty is Beta(a, b),

    coverage(k) = 1 - B(a, b + k) / B(a, b)

(Brown et al. 2024, "Large Language Monkeys"; Schaeffer et al. 2025, "How Do Large Language
Monkeys Get Their Power (Laws)?"). A curve is synthesised from a = 0.35, b = 2.5 with fixed
pseudo-random noise of 0.003, rounded to 6 decimals, kept as Tests/ScaleLangTests/Fixtures/
monkeys.csv, and fitted by scipy.optimize.curve_fit (trust region reflective, a, b > 0) with
tight tolerances; the printed estimates are pasted into the test.
"""
import numpy as np
from scipy.optimize import curve_fit
from scipy.special import betaln

def coverage(k, a, b):
    return -np.expm1(betaln(a, b + k) - betaln(a, b))

k = 2.0 ** np.arange(0, 14)
rng = np.random.default_rng(2024)
y = np.round(coverage(k, 0.35, 2.5) + 0.003 * rng.standard_normal(len(k)), 6)

p, cov = curve_fit(coverage, k, y, p0=[1, 1], bounds=([1e-9, 1e-9], [np.inf, np.inf]),
                   method="trf", xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)
print("k,coverage")
for ki, yi in zip(k, y):
    print(f"{ki:.0f},{yi:.6f}")
print("a =", repr(p[0]), " b =", repr(p[1]))
print("rss =", repr(float(np.sum((coverage(k, *p) - y) ** 2))))
print("se =", list(np.sqrt(np.diag(cov))))
