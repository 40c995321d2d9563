"""Writes the training logs of Tests/ScaleDataTests/Fixtures/logs with the trackers' own writers, and
what the trackers' own readers say of them.

TensorBoard: event files written by tensorboardX's SummaryWriter (add_scalar, which stores
Summary.Value.simple_value, beside histograms and text that are not scalars) and by TensorBoard's
own EventFileWriter with scalars stored as tensors (DT_FLOAT, DT_DOUBLE and DT_HALF, in float_val,
double_val, half_val and tensor_content, as TF2's tf.summary.scalar and newer PyTorch writers store
them), in nested run folders, one run with two event files (a restarted run), and one file in the
folder itself (the run "."); a copy whose last record is cut short and a copy with one byte of a
record's data changed. `expected-tensorboard.csv` holds every scalar as TensorBoard's
EventAccumulator reads it (simple values from Scalars(), tensors from Tensors() through
make_ndarray), numbers as repr text so that no reader's number parsing stands between the two;
tbparse's SummaryReader is checked to read the same rows (the script fails where they differ).

W&B: three offline runs (WANDB_MODE=offline, no network) with configs, nested config values,
history with keys missing on some steps, a nested logged dict, text, and summaries set by hand;
one run long enough that its records cross a 32 KiB block. `expected-wandb.json` holds what the
runs' .wandb logs say, decoded with wandb's own Record protobuf (the framing read as W&B's
datastore reads it: zlib CRC-32 of the type byte and the chunk), checked against what this script
logged. Syncing needs W&B's servers, so the synced layout (files/wandb-summary.json and
files/config.yaml beside the log) is written here from those records, as W&B writes it: one run
agreeing with its log, one whose summary file says another loss. `expected-errors.json` names the
byte offsets of the damaged and cut-short copies.

Run: python3 Tests/References/training_logs.py [OUT]   (in a venv of Tests/References/
training_logs.txt; OUT defaults to the committed fixtures; .ci/logs writes a fresh copy elsewhere)
"""
import csv, glob, json, os, shutil, struct, sys, time, zlib

os.environ["WANDB_MODE"] = "offline"
os.environ["WANDB_SILENT"] = "true"
os.environ.setdefault("WANDB_DISABLE_CODE", "true")

import numpy as np
import yaml
from tensorboardX import SummaryWriter
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.util import tensor_util
import wandb
from wandb.proto import wandb_internal_pb2

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ScaleDataTests", "Fixtures", "logs")
out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else here)
if os.path.exists(out):
    shutil.rmtree(out)
os.makedirs(out)
tb = os.path.join(out, "tensorboard")

# ---- TensorBoard, simple values (tensorboardX) ----
def scalars(folder, steps, tags, suffix=""):
    w = SummaryWriter(folder, filename_suffix=suffix)
    for s in steps:
        for k, tag in enumerate(tags):
            w.add_scalar(tag, float(np.float32(4.0 / (1 + 0.05 * s) + 0.01 * k)), s)
        if s == steps[0]:
            w.add_histogram("weights", np.linspace(-1, 1, 11) * (1 + s), s, bins=4)  # not a scalar
    w.add_text("notes", "a text summary is not a scalar", steps[-1])
    w.close()

scalars(os.path.join(tb, "baseline"), range(0, 20), ["loss", "lr"])
scalars(os.path.join(tb, "sweep", "lr-1e-3"), range(0, 10), ["train/loss"], suffix=".a")
time.sleep(1.1)  # a restarted run: a second file, later in name order
scalars(os.path.join(tb, "sweep", "lr-1e-3"), range(10, 15), ["train/loss"], suffix=".b")
scalars(os.path.join(tb, "sweep", "lr-3e-4"), range(0, 12), ["train/loss", "eval/loss"])
scalars(tb, range(0, 3), ["loss"])  # the folder's own run, "."

# ---- TensorBoard, scalars as tensors (TensorBoard's own writer) ----
def tensor(dtype, value, field):
    shape = tensor_shape_pb2.TensorShapeProto()
    t = tensor_pb2.TensorProto(dtype=dtype, tensor_shape=shape)
    np_type = {types_pb2.DT_FLOAT: np.float32, types_pb2.DT_DOUBLE: np.float64, types_pb2.DT_HALF: np.float16}[dtype]
    x = np_type(value)
    if field == "content":
        t.tensor_content = x.tobytes()
    elif field == "half_val":
        t.half_val.append(int(x.view(np.uint16)))
    elif field == "float_val":
        t.float_val.append(float(x))
    else:
        t.double_val.append(float(x))
    return t

scalar_meta = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="scalars"))
w = EventFileWriter(os.path.join(tb, "tf2"))
for s in range(8):
    values = [
        summary_pb2.Summary.Value(tag="loss", tensor=tensor(types_pb2.DT_FLOAT, 3.0 / (1 + s), "float_val"), metadata=scalar_meta),
        summary_pb2.Summary.Value(tag="loss_content", tensor=tensor(types_pb2.DT_FLOAT, 2.5 - 0.1 * s, "content")),
        summary_pb2.Summary.Value(tag="grad_norm", tensor=tensor(types_pb2.DT_DOUBLE, 0.1 + s / 3, "double_val")),
        summary_pb2.Summary.Value(tag="grad_norm_content", tensor=tensor(types_pb2.DT_DOUBLE, 1 / (3 + s), "content")),
        summary_pb2.Summary.Value(tag="lr_half", tensor=tensor(types_pb2.DT_HALF, 1e-3 * (s + 1) / 3, "half_val")),
        summary_pb2.Summary.Value(tag="lr_half_content", tensor=tensor(types_pb2.DT_HALF, 0.7 / (s + 1), "content")),
    ]
    # not scalars: a vector, and a string
    vec = tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, tensor_shape=tensor_shape_pb2.TensorShapeProto(dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=3)]), float_val=[1, 2, 3])
    values.append(summary_pb2.Summary.Value(tag="vector", tensor=vec))
    values.append(summary_pb2.Summary.Value(tag="text", tensor=tensor_pb2.TensorProto(dtype=types_pb2.DT_STRING, string_val=[b"hello"])))
    w.add_event(event_pb2.Event(wall_time=1_700_000_000.25 + s, step=100 * s, summary=summary_pb2.Summary(value=values)))
w.close()

# ---- what EventAccumulator reads: each folder holding event files is a run, named relative to tb ----
rows = []
runs = sorted({os.path.relpath(os.path.dirname(p), tb) for p in glob.glob(os.path.join(tb, "**", "*tfevents*"), recursive=True)},
              key=lambda r: r.encode())
for run in runs:
    acc = EventAccumulator(os.path.join(tb, run), size_guidance={"scalars": 0, "tensors": 0, "histograms": 1, "images": 1}, purge_orphaned_data=False)
    acc.Reload()
    tags = acc.Tags()
    for tag in tags["scalars"]:
        for e in acc.Scalars(tag):
            rows.append((run, tag, e.step, e.wall_time, float(e.value)))
    for tag in tags["tensors"]:
        for e in acc.Tensors(tag):
            a = tensor_util.make_ndarray(e.tensor_proto)
            if a.size == 1 and a.dtype in (np.float16, np.float32, np.float64):
                rows.append((run, tag, e.step, e.wall_time, float(a.reshape(()))))
with open(os.path.join(out, "expected-tensorboard.csv"), "w", newline="") as f:
    cw = csv.writer(f)
    cw.writerow(["run", "tag", "step", "wall_time", "value"])
    for r in rows:
        cw.writerow([r[0], r[1], r[2], repr(float(r[3])), repr(r[4])])

# ---- tbparse, the other reader researchers use, reads the same table (the Swift tests compare
# against the rows above; a fixture on which the two readers disagree fails here) ----
from tbparse import SummaryReader
reader = SummaryReader(tb, extra_columns={"dir_name", "wall_time"})
parsed = []
for frame in (reader.scalars, reader.tensors):
    for r in frame.itertuples(index=False):
        value = np.asarray(r.value)
        if value.size == 1 and value.dtype.kind == "f":
            parsed.append((r.dir_name or ".", r.tag, int(r.step), float(r.wall_time), float(value.reshape(()))))
assert sorted(parsed) == sorted(rows), "tbparse and EventAccumulator disagree on the fixtures"

# ---- a cut-short copy of the tensor run's file, a damaged copy of the baseline's ----
def records(data):
    at, out = 0, []
    while at < len(data):
        (n,) = struct.unpack("<Q", data[at:at + 8])
        out.append((at, n))
        at += 16 + n
    return out

base = sorted(glob.glob(os.path.join(tb, "baseline", "*tfevents*")))[0]
data = open(base, "rb").read()
recs = records(data)
errors = {}
# the tensor run's last record holds scalars (tensorboardX's files end with the text summary)
tf2 = sorted(glob.glob(os.path.join(tb, "tf2", "*tfevents*")))[0]
tf2_data = open(tf2, "rb").read()
tf2_recs = records(tf2_data)
os.makedirs(os.path.join(out, "tensorboard-truncated", "tf2"))
cut_at, cut_len = tf2_recs[-1]
with open(os.path.join(out, "tensorboard-truncated", "tf2", os.path.basename(tf2)), "wb") as f:
    f.write(tf2_data[:cut_at + 12 + cut_len // 2])
errors["tensorboard-truncated"] = {"file": "tf2/" + os.path.basename(tf2), "offset": cut_at, "lost_step": 700}
name = os.path.basename(base)
os.makedirs(os.path.join(out, "tensorboard-corrupt"))
bad_at, bad_len = recs[len(recs) // 2]
damaged = bytearray(data)
damaged[bad_at + 12 + bad_len // 2] ^= 0x01
with open(os.path.join(out, "tensorboard-corrupt", name), "wb") as f:
    f.write(bytes(damaged))
errors["tensorboard-corrupt"] = {"file": name, "offset": bad_at}

# ---- W&B offline runs ----
wb = os.path.join(out, "wandb-runs")
os.makedirs(wb)
logged = {}
def wandb_run(run_id, name, config, steps, summary):
    run = wandb.init(project="scalelab-fixtures", id=run_id, name=name, dir=wb, config=config)
    history = []
    for s in range(steps):
        d = {"loss": round(3.0 / (1 + 0.1 * s), 6)}
        if s % 2 == 0:
            d["acc"] = 0.5 + s / 1000
        if s % 3 == 0:
            d["eval"] = {"loss": round(3.2 / (1 + 0.1 * s), 6)}
        if s == 1:
            d["phase"] = "warmup"
        run.log(d)
        history.append(d)
    for k, v in summary.items():
        run.summary[k] = v
    run.finish()
    logged[run_id] = (name, config, history, summary)

wandb_run("base01", "baseline", {"lr": 3e-4, "batch_size": 256, "model": {"width": 512, "depth": 12}, "optimizer": "adamw"}, 12, {"best_loss": 1.25})
wandb_run("wide02", "wide", {"lr": 1e-3, "batch_size": 512, "model": {"width": 2048, "depth": 12}, "optimizer": "adamw", "warmup": True}, 120, {"best_loss": 0.875, "note": "long run"})
wandb_run("anon03", None, {"lr": 6e-4, "batch_size": 128}, 5, {})
root = os.path.join(wb, "wandb")
# what is not the run's own record goes: debug logs (their links point outside the folder), pip lists
for p in glob.glob(os.path.join(root, "debug*.log")):
    os.remove(p)
for folder in glob.glob(os.path.join(root, "offline-run-*")):
    shutil.rmtree(os.path.join(folder, "logs"), ignore_errors=True)
    shutil.rmtree(os.path.join(folder, "tmp"), ignore_errors=True)
    for p in glob.glob(os.path.join(folder, "files", "*")):
        os.remove(p)

def wandb_records(path):
    """The records of a .wandb log, framed as W&B's datastore reads them."""
    data = open(path, "rb").read()
    assert data[:4] == b":W&B" and struct.unpack("<H", data[4:6])[0] == 0xBEE1 and data[6] == 0
    at, out, pending, kinds = 7, [], None, set()
    while at < len(data):
        left = 32768 - at % 32768
        if left < 7:
            at += left
            continue
        crc, n, t = struct.unpack("<IHB", data[at:at + 7])
        chunk = data[at + 7:at + 7 + n]
        assert crc == zlib.crc32(chunk, zlib.crc32(bytes([t]))) & 0xFFFFFFFF, at
        kinds.add(t)
        if t == 1:
            out.append((at, chunk))
        elif t == 2:
            pending = (at, chunk)
        elif t == 3:
            pending = (pending[0], pending[1] + chunk)
        elif t == 4:
            out.append((pending[0], pending[1] + chunk))
            pending = None
        at += 7 + n
    return out, kinds

def key(item):
    return ".".join(item.nested_key) if item.nested_key else item.key

def flatten(d, prefix=""):
    flat = {}
    for k, v in d.items():
        if isinstance(v, dict) and v:
            flat.update(flatten(v, prefix + k + "."))
        else:
            flat[prefix + k] = v
    return flat

expected_runs, expected_history, block_kinds = [], [], set()
for folder in sorted(glob.glob(os.path.join(root, "offline-run-*")), key=lambda p: os.path.basename(p).encode()):
    log = glob.glob(os.path.join(folder, "run-*.wandb"))[0]
    recs, kinds = wandb_records(log)
    block_kinds |= kinds
    run_id, name, config, summary, history = None, None, {}, {}, []
    for at, chunk in recs:
        r = wandb_internal_pb2.Record()
        r.ParseFromString(chunk)
        kind = r.WhichOneof("record_type")
        if kind == "run":
            run_id, name = r.run.run_id, r.run.display_name or None
            for u in r.run.config.update:
                config[key(u)] = json.loads(u.value_json)
        elif kind == "config":
            for u in r.config.update:
                config[key(u)] = json.loads(u.value_json)
        elif kind == "summary":
            for u in r.summary.update:
                summary[key(u)] = json.loads(u.value_json)
            for u in r.summary.remove:
                summary.pop(key(u), None)
        elif kind == "history":
            step = {key(i): json.loads(i.value_json) for i in r.history.item}
            history.append(step)
    config = {k: v for k, v in config.items() if k != "_wandb"}
    summary = {k: v for k, v in summary.items() if k != "_wandb" and not k.startswith("_wandb.")}
    # what the script logged is what the log holds
    want_name, want_config, want_history, want_summary = logged[run_id]
    assert name == want_name and config == want_config, (run_id, name, config)
    assert [flatten({k: v for k, v in h.items() if not k.startswith("_")}) for h in history] == [flatten(h) for h in want_history], run_id
    assert all(summary[k] == v for k, v in want_summary.items()), (run_id, summary)
    row = {"run": run_id, "name": name}
    row.update(flatten(summary))
    row.update(flatten({"config": config}))
    expected_runs.append(row)
    for h in history:
        step = {"run": run_id, "step": h["_step"]}
        step.update(flatten({k: v for k, v in h.items() if k != "_step"}))
        expected_history.append(step)
    if run_id == "base01":
        baseline = (folder, summary, config)
assert {2, 4} <= block_kinds, "a record should cross a block (FIRST … LAST chunks)"
with open(os.path.join(out, "expected-wandb.json"), "w") as f:
    json.dump({"runs": expected_runs, "history": expected_history}, f, indent=1)

# ---- the synced layout: files/wandb-summary.json and files/config.yaml beside the log ----
folder, summary, config = baseline
synced = os.path.join(out, "wandb-synced")
for copy, loss in (("run-20250101_000000-base01", summary["loss"]), ("run-20250101_000001-base01", summary["loss"] + 1)):
    dest = os.path.join(synced, copy)
    shutil.copytree(folder, dest, symlinks=True)
    os.makedirs(os.path.join(dest, "files"), exist_ok=True)
    with open(os.path.join(dest, "files", "wandb-summary.json"), "w") as f:
        json.dump(dict(summary, loss=loss, _wandb={"runtime": 1}), f)
    with open(os.path.join(dest, "files", "config.yaml"), "w") as f:
        yaml.safe_dump(dict({"_wandb": {"value": {"cli_version": wandb.__version__, "t": {"1": [1, 55]}}}}, **{k: {"value": v} for k, v in config.items()}), f)
errors["wandb-synced"] = {"disagrees": "run-20250101_000001-base01", "key": "loss"}

# ---- damaged and cut-short copies of the long run's log ----
wide = [p for p in glob.glob(os.path.join(root, "offline-run-*")) if p.endswith("wide02")][0]
log = glob.glob(os.path.join(wide, "run-*.wandb"))[0]
data = open(log, "rb").read()
recs, _ = wandb_records(log)
for kind in ("wandb-truncated", "wandb-corrupt"):
    dest = os.path.join(out, kind, os.path.basename(wide))
    os.makedirs(dest)
    target = os.path.join(dest, os.path.basename(log))
    if kind == "wandb-truncated":
        at = recs[-1][0]
        open(target, "wb").write(data[:at + 9])
        errors[kind] = {"offset": at, "records": len(recs) - 1}
    else:
        at = recs[len(recs) // 2][0]
        bad = bytearray(data)
        bad[at + 7 + 2] ^= 0x01
        open(target, "wb").write(bytes(bad))
        errors[kind] = {"offset": at}
with open(os.path.join(out, "expected-errors.json"), "w") as f:
    json.dump(errors, f, indent=1)
print("wrote", out)
