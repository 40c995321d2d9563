#!/usr/bin/env bash
# The whole 4,500-start Chinchilla grid: ScaleLab (release) next to scipy's L-BFGS-B with the exact
# gradient; then the law's natural form, fitted by variable projection from one start.
set -euo pipefail
scale="$1"
echo "== Chinchilla replication grid, 4,500 starts (Huber δ = 1e-3 on log loss)"
# Runs with process start included; the ratio uses their median (this VM's timings wander by tens
# of per cent from run to run, and scipy's one long run averages that out).
median_of() {  # median_of RUNS SCRIPT: prints the median wall time in seconds, then the last output
    local times=() out=""
    for _ in $(seq "$1"); do
        local start end
        start=$(date +%s.%N)
        out=$("$scale" "$2")
        end=$(date +%s.%N)
        times+=("$(python3 -c "print($end - $start)")")
    done
    printf "%s\n" "${times[@]}" | sort -g | sed -n "$((($1 + 1) / 2))p"
    echo "$out"
}
grid=$(median_of 5 Benchmarks/chinchilla_grid.scale)
ours=$(echo "$grid" | head -1)
echo "$grid" | tail -n +2
printf "scale grid: median %.3f s of 5 runs\n" "$ours"
ref=$(python3 Benchmarks/chinchilla_scipy.py Examples/data/chinchilla.csv)
echo "$ref" | sed 's/^/scipy: /'
theirs=$(echo "$ref" | awk '/^seconds/ {print $2}')
python3 -c "print(\"scipy grid / scale grid = %.1fx\" % ($theirs / $ours))"
natural=$(median_of 21 Benchmarks/chinchilla_natural.scale)
nat=$(echo "$natural" | head -1)
echo "$natural" | tail -n +2
python3 -c "print(\"scale natural form (variable projection, one start): median %.1f ms of 21 runs, process start included; scipy grid / natural = %.0fx\" % ($nat * 1000, $theirs / $nat))"
