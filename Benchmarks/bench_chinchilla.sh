#!/usr/bin/env bash
# The whole 4,500-start Chinchilla grid: ScaleLab (release) next to scipy's L-BFGS-B with the exact gradient.
set -euo pipefail
scale="$1"
echo "== Chinchilla replication grid, 4,500 starts (Huber δ = 1e-3 on log loss)"
# Five runs, process start included; the ratio uses their median (this VM's timings wander by tens
# of per cent from run to run, and scipy's one long run averages that out).
times=()
for _ in 1 2 3 4 5; do
    start=$(date +%s.%N)
    out=$("$scale" Benchmarks/chinchilla_grid.scale)
    end=$(date +%s.%N)
    times+=("$(python3 -c "print($end - $start)")")
done
echo "$out"
ours=$(printf "%s\n" "${times[@]}" | sort -g | sed -n 3p)
printf "scale: median %.3f s of 5 runs (%s)\n" "$ours" "$(printf "%s\n" "${times[@]}" | sort -g | xargs printf "%.3f ")"
ref=$(python3 Benchmarks/chinchilla_scipy.py Examples/data/chinchilla.csv)
echo "$ref" | sed 's/^/scipy: /'
theirs=$(echo "$ref" | awk '/^seconds/ {print $2}')
python3 -c "print(\"scipy / scale = %.1fx\" % ($theirs / $ours))"
