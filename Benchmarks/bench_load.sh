#!/usr/bin/env bash
# load against pandas and polars, whole process (interpreter and imports included) and peak memory,
# interleaved repeats, medians: a 1,000,000-row CSV, the same rows as JSON Lines, and 1,000 small
# CSVs by one pattern. Each reference reads the same files into the same table (the pattern's with
# a column naming each file) and the script checks that every reader saw the same row count.
# Usage: bash Benchmarks/bench_load.sh SCALE [BASELINE]   (pandas and polars: from $PYTHON, else a
# venv made here; BASELINE, another build of scale, is measured in the same rounds, for a change's
# before and after)
set -euo pipefail
scale="$1"
baseline="${2:-}"
cd "$(dirname "$0")/.."
py="${PYTHON:-python3}"
if ! "$py" -c "import pandas, polars" 2>/dev/null; then
    venv=.build-bench-venv
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -c "import pandas, polars" 2>/dev/null || "$venv/bin/pip" install -q pandas polars
    py="$venv/bin/python"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== load: 1,000,000-row CSV, the same as JSON Lines, 1,000 small CSVs by a pattern; against pandas and polars"
"$py" - "$scale" "$work" "$baseline" <<'PY'
import json, os, random, statistics, subprocess, sys
scale, work, baseline = sys.argv[1], sys.argv[2], sys.argv[3]
random.seed(1)
rows = 1_000_000
with open(f"{work}/big.csv", "w") as c, open(f"{work}/big.jsonl", "w") as j:
    c.write("run,step,N,D,loss\n")
    for i in range(rows):
        run, step = "run-%d" % (i % 97), i // 97
        n, d, loss = random.uniform(1e8, 1e10), random.uniform(1e9, 1e11), random.uniform(2, 4)
        c.write("%s,%d,%.6g,%.6g,%.6f\n" % (run, step, n, d, loss))
        j.write('{"run": "%s", "step": %d, "N": %.6g, "D": %.6g, "loss": %.6f}\n' % (run, step, n, d, loss))
os.makedirs(f"{work}/sweep")
for k in range(1000):
    with open(f"{work}/sweep/run-{k:04d}.csv", "w") as f:
        f.write("step,loss,lr\n")
        for s in range(20):
            f.write("%d,%.6f,%.3g\n" % (s * 100, random.uniform(2, 4), 3e-4))

jobs = {
    "csv": (f"{work}/big.csv", rows,
            [scale, "-e", f't = load "{work}/big.csv"\nprint len(t.loss)'],
            ["-c", f"import pandas as pd; t = pd.read_csv('{work}/big.csv'); print(len(t))"],
            ["-c", f"import polars as pl; t = pl.read_csv('{work}/big.csv'); print(len(t))"]),
    "jsonl": (f"{work}/big.jsonl", rows,
              [scale, "-e", f't = load "{work}/big.jsonl"\nprint len(t.loss)'],
              ["-c", f"import pandas as pd; t = pd.read_json('{work}/big.jsonl', lines=True); print(len(t))"],
              ["-c", f"import polars as pl; t = pl.read_ndjson('{work}/big.jsonl'); print(len(t))"]),
    "glob": (f"{work}/sweep", 20_000,
             [scale, "-e", f't = load "{work}/sweep/*.csv"\nprint len(t.loss)'],
             ["-c", f"import glob, os, pandas as pd; t = pd.concat([pd.read_csv(p).assign(file=os.path.basename(p)[:-4]) for p in sorted(glob.glob('{work}/sweep/*.csv'))]); print(len(t))"],
             ["-c", f"import polars as pl; t = pl.read_csv('{work}/sweep/*.csv', include_file_paths='file'); print(len(t))"]),
}

def measure(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True, check=True)
    seconds, kib = out.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib), out.stdout.strip().splitlines()[-1]

def size(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))
    return os.path.getsize(path)

for name, (path, expected, ours, pandas, polars) in jobs.items():
    runners = [("scale", ours), ("pandas", [sys.executable] + pandas), ("polars", [sys.executable] + polars)]
    if baseline:
        runners.append(("baseline", [baseline] + ours[1:]))
    times = {who: [] for who, _ in runners}
    peaks = {who: [] for who, _ in runners}
    for _ in range(3):  # interleaved, so that a slow minute hits all of them
        for who, cmd in runners:
            t, m, printed = measure(cmd)
            assert int(float(printed)) == expected, (who, name, printed)
            times[who].append(t)
            peaks[who].append(m)
    med = {k: statistics.median(v) for k, v in times.items()}
    mem = {k: max(v) / 1024 for k, v in peaks.items()}
    mib = size(path) / 2**20
    print("%-5s  %.1f MiB of files   scale %.3f s, %.0f MiB   pandas %.3f s, %.0f MiB   polars %.3f s, %.0f MiB" % (
        name, mib, med["scale"], mem["scale"], med["pandas"], mem["pandas"], med["polars"], mem["polars"]))
    print("       scale/polars time %.2fx, scale/pandas time %.2fx, scale peak memory %.1fx the files" % (
        med["scale"] / med["polars"], med["scale"] / med["pandas"], mem["scale"] / mib))
    if baseline:
        print("       baseline %.3f s, %.0f MiB: scale/baseline time %.2fx, memory %.2fx" % (
            med["baseline"], mem["baseline"], med["scale"] / med["baseline"], mem["scale"] / mem["baseline"]))
PY
