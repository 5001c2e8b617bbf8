"""The floor the bench compares against: the same metrics by a plain one-shot script that loads both files
whole with pandas and calls Fairlearn and scipy directly. Run as a subprocess so its memory is its own:

    python -m governance.predictions.bench_floor reference.parquet live.parquet spec.json
"""

from __future__ import annotations

import json
import resource
import sys
import time
from itertools import combinations

import numpy as np
import pandas as pd
from fairlearn.metrics import (
    MetricFrame,
    count,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from scipy.spatial.distance import jensenshannon
from scipy.stats import chi2_contingency, ks_2samp


def fairness(df: pd.DataFrame, spec: dict) -> dict:
    """One MetricFrame per attribute and per pair, on the rows; the differences and ratio from it."""
    decided = (df[spec["prediction"]] >= spec["threshold"]).astype(int)
    actual = df[spec["label"]]
    out = {}
    keys = [[s] for s in spec["sensitive"]] + [list(p) for p in combinations(spec["sensitive"], 2)]
    for key in keys:
        frame = MetricFrame(
            metrics={"sr": selection_rate, "tpr": true_positive_rate, "fpr": false_positive_rate, "n": count},
            y_true=actual,
            y_pred=decided,
            sensitive_features=df[key],
        )
        rates = frame.by_group["sr"]
        high, low = rates.idxmax(), rates.idxmin()
        n = frame.by_group["n"]
        table = [[rates[g] * n[g], (1 - rates[g]) * n[g]] for g in (high, low)]
        difference = frame.difference()
        out[" & ".join(key)] = {
            "by_group": frame.by_group.to_dict(),
            "dp_difference": difference["sr"],
            "dp_ratio": frame.ratio()["sr"],
            "eo_difference": max(difference["tpr"], difference["fpr"]),
            "chi2_p": chi2_contingency(table, correction=False)[1],
        }
    return out


def drift(ref: pd.DataFrame, live: pd.DataFrame, spec: dict) -> dict:
    out = {}
    for name in spec["numeric"]:
        a, b = ref[name].dropna().to_numpy(), live[name].dropna().to_numpy()
        edges = np.unique(np.quantile(a, np.arange(1, 10) / 10, method="inverted_cdf"))
        p = np.bincount(np.searchsorted(edges, a), minlength=len(edges) + 1) / len(a)
        q = np.bincount(np.searchsorted(edges, b), minlength=len(edges) + 1) / len(b)
        p, q = np.clip(p, 1e-6, None), np.clip(q, 1e-6, None)
        ks = ks_2samp(a, b)
        out[name] = {
            "psi": float(np.sum((q - p) * np.log(q / p))),
            "ks": float(ks.statistic),
            "ks_p": float(ks.pvalue),
            "js": float(jensenshannon(p, q, base=2)),
        }
    for name in spec["categorical"]:
        p_counts = ref[name].value_counts()
        q_counts = live[name].value_counts().reindex(p_counts.index, fill_value=0)
        p = np.clip(p_counts.to_numpy() / p_counts.sum(), 1e-6, None)
        q = np.clip(q_counts.to_numpy() / max(q_counts.sum(), 1), 1e-6, None)
        out[name] = {"psi": float(np.sum((q - p) * np.log(q / p))), "js": float(jensenshannon(p, q, base=2))}
    return out


def main(argv: list[str]) -> None:
    reference_path, live_path, spec_path = argv
    with open(spec_path) as handle:
        spec = json.load(handle)
    started = time.perf_counter()
    ref, live = pd.read_parquet(reference_path), pd.read_parquet(live_path)
    result = {"reference": fairness(ref, spec), "live": fairness(live, spec), "drift": drift(ref, live, spec)}
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_rss_mib": peak_kib / 1024, "features": len(result["drift"])}))


if __name__ == "__main__":
    main(sys.argv[1:])
