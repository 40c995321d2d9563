#!/usr/bin/env bash
# load of training logs against the trackers' own Python readers, whole process (interpreter and
# imports included) and peak memory: 1,000 TensorBoard runs of 10,000 logged steps each (10 million
# scalars) against EventAccumulator + pandas and tbparse building the same long table, and 1,000
# offline W&B runs of 10,000 steps (their history) against pandas reading the same history as JSON Lines. The
# files are written by a writer of our own (raw TFRecord/LevelDB-log bytes, wandb's Record protobuf),
# since a million add_scalar calls would take the benchmark's time. The script checks that each
# reader saw the same row count. Sizes: LOGS_RUNS, LOGS_STEPS, WANDB_RUNS; REPEATS (default 1).
# Usage: bash Benchmarks/bench_logs.sh SCALE   (the Python side: a venv made here)
set -euo pipefail
scale="$1"
cd "$(dirname "$0")/.."
venv=.build-bench-logs-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import tensorboard, pandas, crc32c, wandb, tbparse" 2>/dev/null \
    || "$venv/bin/pip" install -q tensorboard==2.21.0 pandas==3.1.1 crc32c==2.9.post0 wandb==0.31.0 tbparse==0.0.9
py="$venv/bin/python"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== load training logs: ${LOGS_RUNS:-1000} TensorBoard runs × ${LOGS_STEPS:-10000} steps against EventAccumulator + pandas and tbparse; ${WANDB_RUNS:-1000} W&B runs' history against pandas"
"$py" - "$scale" "$work" <<'PY'
import json, os, random, shutil, statistics, struct, subprocess, sys, zlib
import crc32c
from wandb.proto import wandb_internal_pb2 as pb
scale, work = sys.argv[1], sys.argv[2]
runs, steps, wandb_runs = int(os.environ.get("LOGS_RUNS", 1000)), int(os.environ.get("LOGS_STEPS", 10000)), int(os.environ.get("WANDB_RUNS", 1000))
repeats = int(os.environ.get("REPEATS", 1))
random.seed(1)

# ---- TensorBoard: Event{wall_time, step, summary{value{tag, simple_value}}} as raw bytes ----
def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)

def masked(data):
    c = crc32c.crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF

def record(data):
    length = struct.pack("<Q", len(data))
    return length + struct.pack("<I", masked(length)) + data + struct.pack("<I", masked(data))

def event(step, wall, tag, value):
    v = b"\x0a" + varint(len(tag)) + tag + b"\x15" + struct.pack("<f", value)
    summary = b"\x0a" + varint(len(v)) + v
    return b"\x09" + struct.pack("<d", wall) + b"\x10" + varint(step) + b"\x2a" + varint(len(summary)) + summary

tb = os.path.join(work, "tb")
distinct = []
for k in range(10):  # ten distinct files, each copied to a hundred runs
    out = [record(b"\x09" + struct.pack("<d", 1.7e9) + b"\x1a\x0dbrain.Event:2")]
    for s in range(steps):
        out.append(record(event(s, 1.7e9 + s * 0.5, b"loss", 4.0 / (1 + 0.001 * s) + random.uniform(0, 0.01))))
    distinct.append(b"".join(out))
for r in range(runs):
    folder = os.path.join(tb, "run-%04d" % r)
    os.makedirs(folder)
    with open(os.path.join(folder, "events.out.tfevents.1700000000.host"), "wb") as f:
        f.write(distinct[r % 10])

# ---- W&B: run-<id>.wandb logs (LevelDB log framing, zlib CRC-32) and the same history as JSON Lines ----
def leveldb(records):
    out = bytearray(b":W&B" + struct.pack("<H", 0xBEE1) + b"\x00")
    for data in records:
        left = 32768 - len(out) % 32768
        if left < 7:
            out += b"\x00" * left
            left = 32768
        first = True
        while True:
            room = left - 7
            chunk, data = data[:room], data[room:]
            kind = (1 if not data else 2) if first else (4 if not data else 3)
            out += struct.pack("<IHB", zlib.crc32(chunk, zlib.crc32(bytes([kind]))) & 0xFFFFFFFF, len(chunk), kind) + chunk
            first = False
            if not data:
                break
            left = 32768
    return bytes(out)

wb = os.path.join(work, "wandb")
history_json = os.path.join(work, "history")
os.makedirs(history_json)
items = []
lines = []
for s in range(steps):
    loss = round(4.0 / (1 + 0.001 * s) + random.uniform(0, 0.01), 6)
    h = pb.Record(history=pb.HistoryRecord(item=[pb.HistoryItem(key="loss", value_json=json.dumps(loss)),
                                                 pb.HistoryItem(key="_step", value_json=str(s)),
                                                 pb.HistoryItem(key="_runtime", value_json=json.dumps(s * 0.5))],
                                           step=pb.HistoryStep(num=s)))
    items.append(h.SerializeToString())
    lines.append(json.dumps({"loss": loss, "_step": s, "_runtime": s * 0.5}))
for r in range(wandb_runs):
    rid = "r%05d" % r
    folder = os.path.join(wb, "offline-run-20250101_000000-" + rid)
    os.makedirs(folder)
    run = pb.Record(run=pb.RunRecord(run_id=rid, display_name="run %d" % r,
                                     config=pb.ConfigRecord(update=[pb.ConfigItem(key="lr", value_json=json.dumps(1e-4 * (1 + r)))])))
    with open(os.path.join(folder, "run-%s.wandb" % rid), "wb") as f:
        f.write(leveldb([run.SerializeToString()] + items))
    with open(os.path.join(history_json, rid + ".jsonl"), "w") as f:
        f.write("\n".join(lines) + "\n")

accumulator = f"""
import os, pandas as pd
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
root = {tb!r}
frames = []
for run in sorted(os.listdir(root)):
    acc = EventAccumulator(os.path.join(root, run), size_guidance={{"scalars": 0}})
    acc.Reload()
    for tag in acc.Tags()["scalars"]:
        ev = acc.Scalars(tag)
        frames.append(pd.DataFrame({{"run": run, "tag": tag, "step": [e.step for e in ev],
                                    "wall_time": [e.wall_time for e in ev], "value": [e.value for e in ev]}}))
t = pd.concat(frames, ignore_index=True)
print(len(t))
"""
history = f"""
import glob, os, pandas as pd
t = pd.concat([pd.read_json(p, lines=True).assign(run=os.path.basename(p)[:-6]) for p in sorted(glob.glob({history_json!r} + "/*.jsonl"))], ignore_index=True)
print(len(t))
"""
tbparse_reader = f"""
from tbparse import SummaryReader
t = SummaryReader({tb!r}, pivot=False, extra_columns={{"dir_name", "wall_time"}}).scalars
print(len(t))
"""
jobs = {
    "tensorboard": (tb, runs * steps, [scale, "-e", f't = load "{tb}/"\nprint len(t.value)'],
                    [([sys.executable, "-c", accumulator], "EventAccumulator+pandas"), ([sys.executable, "-c", tbparse_reader], "tbparse")]),
    "wandb": (wb, wandb_runs * steps, [scale, "-e", f't = load "{wb}/" history\nprint len(t.loss)'],
              [([sys.executable, "-c", history], "pandas (JSON Lines)")]),
}

def measure(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True, check=True)
    seconds, kib = out.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib), out.stdout.strip().splitlines()[-1]

def size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)

for name, (path, expected, ours, references) in jobs.items():
    times = {k: [] for k in ["scale"] + [who for _, who in references]}
    peaks = {k: [] for k in times}
    for _ in range(repeats):  # interleaved, so that a slow minute hits every reader
        for k, cmd in [("scale", ours)] + [(who, cmd) for cmd, who in references]:
            t, m, printed = measure(cmd)
            assert int(float(printed)) == expected, (k, name, printed, expected)
            times[k].append(t)
            peaks[k].append(m)
    med = {k: statistics.median(v) for k, v in times.items()}
    mem = {k: max(v) / 1024 for k, v in peaks.items()}
    mib = size(path) / 2**20
    print("%-11s  %d rows, %.0f MiB of files   scale %.2f s, %.0f MiB" % (name, expected, mib, med["scale"], mem["scale"])
          + "".join("   %s %.2f s, %.0f MiB" % (who, med[who], mem[who]) for _, who in references))
    for _, who in references:
        print("             scale/%s time %.3fx, memory %.2fx" % (who, med["scale"] / med[who], mem["scale"] / mem[who]))
PY
