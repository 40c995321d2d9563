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

for extra in Benchmarks/bench_*.sh; do
    [ -e "$extra" ] && bash "$extra" "$scale"
done
