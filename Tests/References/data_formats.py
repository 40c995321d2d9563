"""Writes the files of Tests/ScaleDataTests/Fixtures with pandas itself, and what pandas reads back.

Each format is written by the reference tool the way trackers and notebooks write it: CSV with
every field quoted (pandas' QUOTE_ALL, as W&B exports), TSV, JSON records, JSON Lines
(orient="records", lines=True), and gzip of the CSV and of the JSON Lines. `expected.json` holds,
for every file, each column's values as pandas' read_csv / read_json read them (null where pandas
reads a missing value), so that the Swift test compares ScaleLab's reading value by value.
pandas' reads are asked to be correctly rounded, as ScaleLab's are (float_precision="round_trip"
for CSV, precise_float=True for JSON; by default read_json is 1 ulp off for about a third of these).
Numbers are written into expected.json as their repr text, so that no JSON reader's number
parsing stands between the two (Foundation's on Linux is not correctly rounded).

Run: python3 Tests/References/data_formats.py  (pandas 2.x; the fixtures are committed)
"""
import csv, gzip, json, os, random, warnings
warnings.simplefilter("ignore")
import numpy as np
import pandas as pd

here = os.path.join(os.path.dirname(__file__), "..", "ScaleDataTests", "Fixtures")
os.makedirs(here, exist_ok=True)
rng = random.Random(20261207)

n = 60
names = ["run-%d" % i for i in range(n)]
names[3] = 'quoted "name", with comma'
names[7] = "ünïcode ✓"
frame = pd.DataFrame({
    "name": names,
    "dataset": [rng.choice(["c4", "c4_original", "fineweb"]) for _ in range(n)],
    "N": [rng.choice([1e8, 3.3e8, 1e9, 3.3e9]) * (1 + rng.random()) for _ in range(n)],
    "step": [rng.randrange(0, 10**6) for _ in range(n)],
    "loss": [2 + rng.random() * 2 for _ in range(n)],
    "lr": [10 ** rng.uniform(-5, -2) for _ in range(n)],
    "done": [rng.random() < 0.5 for _ in range(n)],
})
# holes: about one cell in eight of the number columns and of one text column
for col in ["loss", "lr", "N"]:
    for i in range(n):
        if rng.random() < 0.125:
            frame.loc[i, col] = np.nan
for i in range(n):
    if rng.random() < 0.1:
        frame.loc[i, "dataset"] = None

written = {}
frame.to_csv(os.path.join(here, "quoted.csv"), index=False, quoting=csv.QUOTE_ALL)
written["quoted.csv"] = pd.read_csv(os.path.join(here, "quoted.csv"), float_precision="round_trip")
frame.to_csv(os.path.join(here, "plain.tsv"), index=False, sep="\t")
written["plain.tsv"] = pd.read_csv(os.path.join(here, "plain.tsv"), sep="\t", float_precision="round_trip")
frame.to_json(os.path.join(here, "records.json"), orient="records")
written["records.json"] = pd.read_json(os.path.join(here, "records.json"), orient="records", precise_float=True)
frame.to_json(os.path.join(here, "lines.jsonl"), orient="records", lines=True)
written["lines.jsonl"] = pd.read_json(os.path.join(here, "lines.jsonl"), orient="records", lines=True, precise_float=True)
with open(os.path.join(here, "quoted.csv"), "rb") as f, gzip.open(os.path.join(here, "quoted.csv.gz"), "wb") as g:
    g.write(f.read())
written["quoted.csv.gz"] = pd.read_csv(os.path.join(here, "quoted.csv.gz"), float_precision="round_trip")
frame.to_json(os.path.join(here, "lines.jsonl.gz"), orient="records", lines=True, compression="gzip")
written["lines.jsonl.gz"] = pd.read_json(os.path.join(here, "lines.jsonl.gz"), orient="records", lines=True, precise_float=True)

def cells(series):
    out = []
    for v in series.tolist():
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append(None)
        elif isinstance(v, (bool, np.bool_)):
            out.append(bool(v))
        elif isinstance(v, (int, np.integer, float, np.floating)):
            out.append({"number": repr(float(v))})
        else:
            out.append(v)
    return out

expected = {name: {"columns": list(df.columns), "values": {c: cells(df[c]) for c in df.columns}} for name, df in written.items()}
with open(os.path.join(here, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1, ensure_ascii=False)
print("wrote", sorted(written))
