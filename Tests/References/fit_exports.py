"""Reference for FitExportsTests: the straight-line fit y ~ a*x + b of four points, its estimates,
standard errors, 95% intervals and covariance sigma^2 (X^T X)^-1 with sigma^2 = RSS/(n - p), by
ordinary least squares in closed form with numpy and scipy (not ScaleLab).
Usage: python3 fit_exports.py"""
import numpy as np
import scipy.stats

x = np.array([1.0, 2, 3, 4])
y = np.array([2.1, 3.9, 6.2, 7.8])
X = np.column_stack([x, np.ones_like(x)])
p, rss, _, _ = np.linalg.lstsq(X, y, rcond=None)
cov = rss[0] / (len(x) - 2) * np.linalg.inv(X.T @ X)
se = np.sqrt(np.diag(cov))
t = scipy.stats.t.ppf(0.975, len(x) - 2)
for name, v, s in zip("ab", p, se):
    print(f"{name}: estimate {v:.15g} se {s:.15g} lo {v - t * s:.15g} hi {v + t * s:.15g}")
print("cov", [[f"{c:.15g}" for c in row] for row in cov])
