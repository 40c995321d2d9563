"""Reference values for SpecialFunctionReferenceTests, computed with mpmath at 50 digits and
printed as Swift rows (pasted into Tests/ScalingCoreTests/SpecialFunctionReferenceTests.swift).

Grids include the edges: tiny and huge arguments, points next to digamma's poles and at its
positive root, x -> 0 and x -> 1 for the incomplete beta function.
"""
import mpmath as mp

mp.mp.dps = 50

def r(v):
    return repr(float(v))

def lbeta(a, b):
    # 400 digits, so that b + a is exact for b = 1e300 (at 50 digits mpmath's beta(7, 1e300) is 6!)
    with mp.workdps(400):
        return mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)

def rows(name, points, f):
    print(f"    static let {name}: [([Double], Double)] = [")
    for p in points:
        print(f"        ([{', '.join(r(x) for x in p)}], {r(f(*[mp.mpf(x) for x in p]))}),")
    print("    ]")

rows("lgamma", [[x] for x in [1e-300, 1e-10, 0.5, 1, 1.5, 2, 3.7, 10, 100, 1e5, 1e15, 1e300, -0.5, -2.5, -1e-10]],
     lambda x: mp.log(abs(mp.gamma(x))))
rows("digamma", [[x] for x in [1e-300, 1e-8, 0.1, 1, 1.4616321449683623, 2, 5.5, 10, 100, 1e6, 1e15,
                                -0.5, -1.5, -2 + 1e-8, -3 - 1e-9, -0.999999, -10.3]], mp.digamma)
rows("polygamma", [[n, x] for n in [1, 2, 3] for x in [1e-5, 0.3, 1, 4.5, 12, 1e3, 1e8, -0.5, -2.7]],
     lambda n, x: mp.polygamma(int(n), x))
rows("lbeta", [[1e-300, 1], [1e-10, 1e-10], [0.5, 0.5], [1, 1], [2, 3], [0.3, 1e4], [1, 1e15], [1e15, 1e15],
               [50, 60], [150, 2], [1e-5, 1e5], [7, 1e300], [99.5, 100.5], [0.7, 2.4]],
     lambda a, b: lbeta(a, b))
betainc_points = [[0.5, 0.5, 1e-300], [2, 3, 0.4], [2, 3, 1e-10], [2, 3, 1 - 1e-10], [0.1, 10, 0.5], [10, 0.1, 0.5],
                  [50, 50, 0.5], [50, 50, 0.45], [1, 1, 0.3], [1e-3, 1e-3, 0.5], [200, 300, 0.4], [5, 2, 0.999999],
                  [0.5, 2, 0], [0.5, 2, 1], [3, 0.2, 1e-3]]
rows("betainc", betainc_points, lambda a, b, x: mp.betainc(a, b, 0, x, regularized=True))


def betainc_by_quadrature(a, b, x):
    # mpmath's betainc sums a hypergeometric series that does not converge for a, b past about
    # 1e4; the density integrated instead, in pieces at the mode ± k standard deviations.
    lb = mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)
    density = lambda t: mp.exp((a - 1) * mp.log(t) + (b - 1) * mp.log(1 - t) - lb)
    mode, sd = (a - 1) / (a + b - 2), mp.sqrt(a * b / (a + b) ** 3)
    cuts = [mode + k * sd for k in (-40, -20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20, 40)]
    return mp.quad(density, sorted(set([mp.mpf(0)] + [c for c in cuts if 0 < c < x] + [x])), maxdegree=10)


# Both parameters large: the factor in front of the continued fraction cancels in a naive sum.
rows("betaincLarge", [[1e3, 2e3, 0.3333], [1e4, 1e4, 0.499], [1e5, 5e4, 0.667], [1e6, 1e6, 0.5003], [1e7, 3e7, 0.25],
                      [300, 200, 0.3]], betainc_by_quadrature)
interior = [p for p in betainc_points if 0 < p[2] < 1]
rows("betaDensity", interior, lambda a, b, x: x**(a - 1) * (1 - x)**(b - 1) / mp.beta(a, b))
smooth = [[2, 3, 0.4], [0.5, 0.5, 0.2], [0.1, 10, 0.5], [50, 50, 0.45], [5, 2, 0.9], [3, 0.2, 1e-3]]
rows("betaincA", smooth, lambda a, b, x: mp.diff(lambda t: mp.betainc(t, b, 0, x, regularized=True), a))
rows("betaincB", smooth, lambda a, b, x: mp.diff(lambda t: mp.betainc(a, t, 0, x, regularized=True), b))
rows("erf", [[x] for x in [0, 1e-300, 1e-10, 0.5, 1, 2, 5, 6, 27, -1, -3]], mp.erf)
rows("sigmoid", [[x] for x in [-800, -40, -1, 0, 1e-10, 1, 40, 800]], lambda x: 1 / (1 + mp.exp(-x)))
rows("softplus", [[x] for x in [-800, -40, -1, 0, 1, 40, 800, 1e300]], lambda x: mp.log(1 + mp.exp(x)))
rows("coverage", [[1, 0.3, 2], [10, 0.3, 2], [1e4, 0.3, 2], [1e8, 0.05, 1.5], [3, 2, 50], [0, 0.3, 2]],
     lambda k, a, b: 1 - mp.beta(a, b + k) / mp.beta(a, b))
