# Reference rows for BetaCoverageTests.reference (Tests/ScalingCoreTests/BetaCoverageTests.swift):
# python3 Tests/References/beta_coverage.py prints them.
# coverage(k, beta(a, b)) = -expm1(g), 1 - coverage = exp(g),
# g = loggamma(b+k) + loggamma(a+b) - loggamma(b) - loggamma(a+b+k), mpmath at 100 digits
import mpmath as mp
mp.mp.dps = 100
def g(a, b, k):
    a, b, k = mp.mpf(a), mp.mpf(b), mp.mpf(k)
    return mp.loggamma(b + k) + mp.loggamma(a + b) - mp.loggamma(b) - mp.loggamma(a + b + k)
A = [1e-10, 0.3, 2, 500, 1e4, 1e8]
Bs = [1e-10, 0.5, 2, 1000, 1e10, 1e12]
K = [1, 10, 1e3, 1e6, 1e10, 1e13, 9e15]
rows = [(a, b, k) for a in A for b in Bs for k in K]
rows += [(1e-10, 1e10, 1e10), (2, 1e12, 1e8), (0.3, 2, 9e15), (20, 30, 1), (500, 500, 1), (2, 1000, 1), (2000, 8000, 1), (0.5, 1, 2.5)]
def fmt(x):
    x = float(x)
    return "0" if x == 0 else repr(x)
for a, b, k in rows:
    v = g(a, b, k)
    print(f"        ({fmt(a)}, {fmt(b)}, {fmt(k)}, {mp.nstr(-mp.expm1(v), 17, min_fixed=-1, max_fixed=-1) if False else fmt(-mp.expm1(v))}, {fmt(mp.exp(v))}),")
