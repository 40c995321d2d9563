"""What pandas and numpy compute on vectors with holes, for Tests/ScaleLangTests/MissingValueTests.

Seeded random vectors (lengths 1 to 40, about a quarter of the cells missing, some with none and
some with only missing cells); for each, pandas' sum, mean, std (n − 1), min, max, median and the
0.1/0.5/0.9 quantiles with skipna=False (missing in, NaN out: ScaleLab's `na`) and skipna=True
(ScaleLab's reduction of drop_na(x)), cumsum/cummax/cummin with skipna=False, and rolling(3,
min_periods=1).mean(). Numbers are written as repr text, missing as null.

Run: python3 Tests/References/missing_values.py  (the fixture is committed)
"""
import json, os, random, warnings
import numpy as np
import pandas as pd

warnings.simplefilter("ignore")
rng = random.Random(7)
out = []
def enc(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else repr(float(v))
for case in range(120):
    n = rng.randint(1, 40)
    share = 0.0 if case % 10 == 0 else (1.0 if case % 10 == 1 else 0.25)
    x = [None if rng.random() < share else rng.choice([rng.gauss(0, 1), rng.uniform(-1e6, 1e6), float(rng.randint(-5, 5))]) for _ in range(n)]
    s = pd.Series([np.nan if v is None else v for v in x], dtype=float)
    rec = {"x": [enc(v) for v in x]}
    for skip in (False, True):
        key = "skipna" if skip else "keepna"
        q = lambda p: s.quantile(p) if (skip or not s.isna().any()) else np.nan
        rec[key] = {
            "sum": enc(s.sum(skipna=skip) if (skip or not s.isna().any()) else np.nan),
            "mean": enc(s.mean(skipna=skip)), "sd": enc(s.std(skipna=skip)),
            "min": enc(s.min(skipna=skip)), "max": enc(s.max(skipna=skip)),
            "median": enc(s.median(skipna=skip)),
            "q10": enc(q(0.1)), "q50": enc(q(0.5)), "q90": enc(q(0.9)),
        }
    # cumulative: R's rule (and numpy's nancum… does not apply): missing from the first hole on
    first = next((i for i, v in enumerate(x) if v is None), n)
    rec["cumsum"] = [enc(v) if i < first else None for i, v in enumerate(np.cumsum([0 if v is None else v for v in x]))]
    rec["cummax"] = [enc(v) if i < first else None for i, v in enumerate(np.maximum.accumulate([0 if v is None else v for v in x]))]
    rec["cummin"] = [enc(v) if i < first else None for i, v in enumerate(np.minimum.accumulate([0 if v is None else v for v in x]))]
    roll = s.rolling(3, min_periods=1).mean()
    # a window holding a missing value is missing in ScaleLab (pandas skips it)
    rec["rolling3"] = [None if any(x[j] is None for j in range(max(0, i - 2), i + 1)) else enc(roll[i]) for i in range(n)]
    out.append(rec)
path = os.path.join(os.path.dirname(__file__), "..", "ScaleLangTests", "Fixtures", "missing_values.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", len(out), "cases")
