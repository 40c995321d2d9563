#!/usr/bin/env bash
# The whole 4,500-start Chinchilla grid: ScaleLab (release) next to scipy's L-BFGS-B with the exact gradient.
set -euo pipefail
scale="$1"
echo "== Chinchilla replication grid, 4,500 starts (Huber δ = 1e-3 on log loss)"
start=$(date +%s.%N)
"$scale" Benchmarks/chinchilla_grid.scale
end=$(date +%s.%N)
ours=$(python3 -c "print($end - $start)")
printf "scale: %.3f s\n" "$ours"
ref=$(python3 Benchmarks/chinchilla_scipy.py Examples/data/chinchilla.csv)
echo "$ref" | sed 's/^/scipy: /'
theirs=$(echo "$ref" | awk '/^seconds/ {print $2}')
python3 -c "print(\"scipy / scale = %.1fx\" % ($theirs / $ours))"
