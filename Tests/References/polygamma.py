# python3 Tests/References/polygamma.py prints the reference rows for PolygammaTests (Tests/ScalingCoreTests/PolygammaTests.swift):
# (n, x, mpmath.polygamma(n, x), scale) at 60 digits (2,500 for x < 0), where scale is the size of the terms the
# reflection formula adds for x < 0, |ψ⁽ⁿ⁾(1 − x)| + |(−1)ⁿψ⁽ⁿ⁾(1 − x) − ψ⁽ⁿ⁾(x)| (|ψ⁽ⁿ⁾(x)| for x > 0).
# Values beyond the largest double print as ±inf.
import mpmath as mp
mp.mp.dps = 60
ns = [1, 2, 3, 5, 20, 100, 101, 150, 170, 171, 500]
xs = [-1000.5, -123.25, -3.7, -0.3, 1e-3, 0.5, 2, 10, 123.4, 1e4, 1e8]
def r(v):
    if abs(v) < mp.mpf('2.4e-324'):
        return "0"
    if abs(v) > mp.mpf('1.7976931348623157e308'):
        return ".infinity" if v > 0 else "-.infinity"
    return repr(float(v))
for n in ns:
    for x in xs:
        if x < 0 and n > 1000: continue
        # for x < 0 the reflection's terms cancel (by hundreds of digits at half-integers for even
        # n), so mpmath works at 2,500 digits there, and the result is checked against 3,000
        with mp.workdps(2500 if x < 0 else 60):
            X = mp.mpf(x)
            v = mp.polygamma(n, X)
            if x < 0:
                w = mp.polygamma(n, 1 - X)
                scale = abs(w) + abs((-1)**n * w - v)
                with mp.workdps(3000):
                    assert abs(mp.polygamma(n, mp.mpf(x)) - v) <= abs(v) * mp.mpf(10)**-30
            else:
                scale = abs(v)
        print(f"        ({n}, {r(X)}, {r(v)}, {r(scale)}),")
