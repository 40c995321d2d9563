#!/usr/bin/env bash
# Complexity guards: each data path that grows with rows, measured at n and 2n rows (the load of
# the same file subtracted, so the ratio is the verb's own). The measure is callgrind's count of
# instructions, which is the same from run to run whatever else the machine does (seconds, medians
# of three, where valgrind is missing). A linear path doubles (ratio ≈ 2); the script fails when a
# ratio passes 2.6, which an n log n path at these sizes does not reach and a quadratic one
# (ratio ≈ 4) always does.
# Usage: bash Benchmarks/bench_complexity.sh SCALE   (N: the smaller row count, default 40000)
set -euo pipefail
scale="$1"
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== complexity: each verb on a long table of training curves at n and 2n rows (net of the load)"
python3 - "$scale" "$work" "${N:-$(command -v valgrind >/dev/null && echo 40000 || echo 400000)}" <<'PY'
import math, random, re, shutil, statistics, subprocess, sys, time
scale, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(1)

def write(rows):
    # runs of 1,000 logged steps, two tags a step: the long shape TensorBoard gives
    path = f"{work}/curves-{rows}.csv"
    with open(path, "w") as f:
        f.write("run,step,tag,value,N,C,lr\n")
        for i in range(rows // 2):
            run, step = i // 1000, i % 1000 + 1
            N = 1e7 * (1 + run % 50)
            for tag in ("loss", "acc"):
                f.write("r%d,%d,%s,%.6f,%g,%g,%g\n" % (run, step, tag, 2 + 3 / math.sqrt(step) + random.gauss(0, 0.01), N, 6 * N * step * 1e6, 1e-3 * (1 - step / 1001)))
    return path

verbs = {
    "load": "",
    "where": "u = t where value > 2.5",
    "pivot_wider": 'w = pivot_wider(t, names = "tag", values = "value", id = ["run", "step"])',
    "pivot_longer": 'w = pivot_longer(t, "value", "lr", names = "metric", values = "v")',
    "summarize": "s = summarize t by run with final = last(value), at500 = at(step, value, 500), smooth = last(ema(value, 0.6)), best = min(value)",
    "lr_areas": 'l = lr_areas(t where tag == "loss")',
    "envelope": 'e = envelope (t where tag == "loss") by run flops C loss value levels 1500',
    "sort": "v = sort(t.value)",
}
# valgrind where it can read the binary (it gives up on some release builds' debug info)
counting = shutil.which("valgrind") is not None and subprocess.run(
    ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", scale, "-e", "print 1"], capture_output=True).returncode == 0
unit = "instructions" if counting else "s"
def timed(path, body):
    script = f't = load "{path}"\n{body}\nprint len(t)\n'
    if counting:
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", scale, "-e", script],
                             check=True, capture_output=True, text=True)
        return float(re.search(r"Collected : (\d+)", out.stderr).group(1))
    best = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([scale, "-e", script], check=True, capture_output=True)
        best.append(time.perf_counter() - start)
    return statistics.median(best)

small, large = write(n), write(2 * n)
base = {p: timed(p, "") for p in (small, large)}
failed = []
for name, body in verbs.items():
    if name == "load":
        t1, t2 = base[small], base[large]
    else:
        t1, t2 = timed(small, body) - base[small], timed(large, body) - base[large]
    # seconds below 50 ms are start-up noise, not the verb: no ratio is judged from them
    ratio = t2 / t1 if t1 > (0 if counting else 0.05) else float("nan")
    flag = "" if not ratio > 2.6 else "   ** superlinear"
    show = (lambda x: "%.4g %s" % (x, unit))
    print("%-13s %7d rows %-22s %7d rows %-22s ratio %.2f%s" % (name, n, show(t1), 2 * n, show(t2), ratio, flag))
    if ratio > 2.6:
        failed.append(name)
if failed:
    sys.exit("superlinear in rows: " + ", ".join(failed))
PY
