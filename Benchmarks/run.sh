#!/usr/bin/env bash
# ScaleLab benchmarks, each next to its reference run on the same machine in the same run.
# Usage: bash Benchmarks/run.sh          (needs hyperfine and gnuplot-nox; python3 with numpy/scipy)
set -euo pipefail
cd "$(dirname "$0")/.."
# The installable build (see the README): the Swift runtime linked in, which halves start-up.
swift build -c release --static-swift-stdlib --scratch-path .build-static >/dev/null
scale=.build-static/release/scale
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== start-up: scale -e 'print 1' vs gnuplot -e 'print 1'"
if command -v hyperfine >/dev/null && command -v gnuplot >/dev/null; then
    hyperfine -N --warmup 5 --runs 50 "$scale -e 'print 1'" "gnuplot -e 'print 1'" 2>&1 | grep -E "Benchmark|Time|faster"
else
    echo "(skipped: install hyperfine and gnuplot-nox)"
fi

echo "== 1,000,000-row CSV: load time and peak memory (targets: < 2 s, < 10x the file size)"
python3 - "$work/big.csv" <<'PY'
import random, sys
random.seed(1)
with open(sys.argv[1], "w") as f:
    f.write("N,D,loss\n")
    for _ in range(1_000_000):
        f.write("%.6g,%.6g,%.6f\n" % (random.uniform(1e8, 1e10), random.uniform(1e9, 1e11), random.uniform(2, 4)))
PY
size=$(stat -c %s "$work/big.csv")
/usr/bin/time -f "%e s elapsed, %M KiB peak" "$scale" -e "t = load \"$work/big.csv\"" 2>&1 | tail -1
echo "file: $((size / 1024)) KiB"

for extra in Benchmarks/bench_*.sh; do
    [ -e "$extra" ] && bash "$extra" "$scale"
done
