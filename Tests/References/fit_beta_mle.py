# Reference MLE for BetaCoverageTests.fitBetaOnLargeCountsIsTheMLE: python3 Tests/References/fit_beta_mle.py
# Beta-binomial MLE for 40 problems with n = 1e9 samples each:
# p ~ Beta(0.55, 2.8) and c ~ Binomial(1e9, p) from numpy's default_rng(2024);
# the MLE solves the score equations (digamma at 40 digits) by mpmath.findroot,
# started from scipy.optimize.minimize (Nelder-Mead) on the log-likelihood in (log a, log b).
import numpy as np, mpmath as mp, scipy.optimize as so, scipy.special as sp
rng = np.random.default_rng(2024)
n = 10**9
p = rng.beta(0.55, 2.8, size=40)
c = rng.binomial(n, p)
mp.mp.dps = 40
def score(a, b):
    ga = gb = mp.mpf(0)
    for ci in c:
        ci = int(ci)
        ga += mp.digamma(ci + a) - mp.digamma(a) - mp.digamma(n + a + b) + mp.digamma(a + b)
        gb += mp.digamma(n - ci + b) - mp.digamma(b) - mp.digamma(n + a + b) + mp.digamma(a + b)
    return ga, gb
def negll(v):
    a, b = np.exp(v)
    return -sum(sp.gammaln(ci + a) - sp.gammaln(a) + sp.gammaln(n - ci + b) - sp.gammaln(b) - sp.gammaln(n + a + b) + sp.gammaln(a + b) for ci in c)
r = so.minimize(negll, [np.log(0.5), np.log(2.5)], method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-10})
a0, b0 = np.exp(r.x)
a, b = mp.findroot(lambda a, b: score(a, b), (mp.mpf(a0), mp.mpf(b0)))
ll = sum(mp.log(mp.beta(int(ci) + a, n - int(ci) + b)) - mp.log(mp.beta(a, b)) for ci in c)
print("c =", list(map(int, c)))
print("scipy start", a0, b0)
print("mle", mp.nstr(a, 17), mp.nstr(b, 17), "loglik", mp.nstr(ll, 17))
