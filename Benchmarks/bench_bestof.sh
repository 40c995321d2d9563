#!/usr/bin/env bash
# simulate bestof 1024 with p = 0.3, verifier = noisy(0.5), trials = 20000, end to end, against numpy.
set -euo pipefail
scale="$1"
echo "== best-of-1024, noisy verifier, 20,000 trials"
python3 - "$scale" <<'PY'
import subprocess, sys, time
scale = sys.argv[1]
code = "simulate bestof 1024 with p = 0.3, verifier = noisy(0.5), trials = 20000"
runs = []
for _ in range(5):
    t0 = time.perf_counter()
    out = subprocess.run([scale, "-e", code], capture_output=True, text=True, check=True).stdout
    runs.append(time.perf_counter() - t0)
print(out.strip())
ours = min(runs)
ref = subprocess.run([sys.executable, "Benchmarks/bestof_numpy.py"], capture_output=True, text=True, check=True).stdout
theirs = float([l for l in ref.splitlines() if l.startswith("seconds")][0].split()[1])
print("numpy:", " ".join(ref.split()))
print("scale end to end (best of 5, process start included): %.4f s; numpy simulation alone: %.4f s; numpy / scale = %.1fx" % (ours, theirs, theirs / ours))
PY
