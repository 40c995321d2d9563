"""Reference: best-of-1024 with a noisy verifier, vectorised numpy, as one would write it.

Each trial draws 1024 samples, each correct with p = 0.3, scores them correct + N(0, 0.5²),
and keeps the highest-scoring; accuracy is the fraction of trials whose kept sample is correct.
Usage: python3 Benchmarks/bestof_numpy.py [trials]     (prints accuracy and seconds)
"""
import sys
import time

import numpy as np

trials = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
k, p, sigma = 1024, 0.3, 0.5
rng = np.random.default_rng(1)
t0 = time.perf_counter()
wins = 0
chunk = 2000  # 2000 x 1024 doubles per array: fits in memory comfortably
for start in range(0, trials, chunk):
    n = min(chunk, trials - start)
    correct = rng.random((n, k)) < p
    scores = correct + sigma * rng.standard_normal((n, k))
    best = np.argmax(scores, axis=1)
    wins += int(correct[np.arange(n), best].sum())
elapsed = time.perf_counter() - t0
print("accuracy %.6f" % (wins / trials))
print("seconds %.4f" % elapsed)
