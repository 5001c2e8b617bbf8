"""The computation as stages over row-group slices, with no Django in it: plan, slices, merge, finish.

A reference set takes two passes (scan: fairness counts and fine-grid counts; refine: the values inside the
cells holding its deciles); a live set takes one pass on the reference's bins. Each pass is a list of slice
jobs whose results merge by addition, so Celery runs them as a chord (tasks.py) and `compute_inline` runs
them in a loop (tests, the bench's one-process figure).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from .metrics import report
from .metrics.partials import merge
from .reading import Rejected, build_spec, column_ranges, parquet_file, read_slice, slices

Opener = Callable[[], IO[bytes]]


def plan(
    source: IO[bytes], *, columns: dict, threshold: float | None, profile: dict | None
) -> tuple[dict[str, Any], list[list[int]]]:
    """The spec for the first pass and its slices. `profile` is the reference's, for a live set."""
    pf = parquet_file(source)
    spec = build_spec(pf, columns, threshold=threshold)
    if profile is None:
        spec["grid"] = column_ranges(pf, spec["numeric"])
    else:
        ours = sorted(spec["numeric"] + spec["categorical"])
        theirs = sorted([*profile["numeric"], *profile["categorical"]])
        if ours != theirs:
            extra, lacking = set(ours) - set(theirs), set(theirs) - set(ours)
            parts = []
            if extra:
                parts.append(f"not in the reference: {', '.join(sorted(extra))}")
            if lacking:
                parts.append(f"missing here: {', '.join(sorted(lacking))}")
            raise Rejected(f"live and reference sets have different features ({'; '.join(parts)})")
        kinds = dict.fromkeys(profile["numeric"], "numeric") | dict.fromkeys(
            profile["categorical"], "categorical"
        )
        for name in spec["numeric"]:
            if kinds[name] != "numeric":
                raise Rejected(f"column '{name}' is a number here but text in the reference")
        for name in spec["categorical"]:
            if kinds[name] != "categorical":
                raise Rejected(f"column '{name}' is text here but a number in the reference")
        spec["grid"] = {
            n: profile["numeric"][n]["grid"] for n in spec["numeric"] if profile["numeric"][n].get("grid")
        }
        spec["edges"] = {n: profile["numeric"][n]["edges"] for n in spec["numeric"]}
    return spec, slices(pf)


def raise_error(merged: dict) -> None:
    if merged.get("error"):
        e = merged["error"]
        raise Rejected(f"row {e['row']}, column '{e['column']}': {e['message']}")


def refine_spec(spec: dict, scan: dict) -> dict:
    """The second pass's spec: which grid cells of each numeric column hold a decile."""
    targets = report.refine_targets(scan, spec["numeric"])
    return {
        **spec,
        "targets": {name: sorted({cell for cell, _ in t}) for name, t in targets.items()},
        "decile_targets": {name: [list(x) for x in t] for name, t in targets.items()},
    }


def reference_finish(spec: dict, scan: dict, refine: dict, *, min_group_size: int) -> dict[str, Any]:
    targets = {name: [tuple(x) for x in t] for name, t in spec.get("decile_targets", {}).items()}
    profile = report.reference_profile(scan=scan, refine=refine, spec=spec, targets=targets)
    return {
        "rows": scan["rows"],
        "profile": profile,
        "fairness": report.fairness(scan, labelled=bool(spec["label"]), min_group_size=min_group_size),
        "window": scan.get("ts"),
    }


def live_finish(spec: dict, scan: dict, profile: dict, *, min_group_size: int) -> dict[str, Any]:
    return {
        "rows": scan["rows"],
        "fairness": report.fairness(scan, labelled=bool(spec["label"]), min_group_size=min_group_size),
        "drift": report.drift(profile, scan),
        "window": scan.get("ts"),
    }


def run_pass(opener: Opener, spec: dict, parts: list[list[int]], stage: str) -> dict:
    results = []
    for row_group, offset in parts:
        with opener() as source:
            results.append(read_slice(source, spec, row_group=row_group, offset=offset, stage=stage))
    merged = merge(results)
    raise_error(merged)
    return merged


def compute_inline(
    opener: Opener,
    *,
    columns: dict,
    threshold: float | None,
    min_group_size: int,
    profile: dict | None = None,
) -> dict[str, Any]:
    """Every stage in this process, one slice after another: the same code the Celery chord runs."""
    with opener() as source:
        spec, parts = plan(source, columns=columns, threshold=threshold, profile=profile)
    scan = run_pass(opener, spec, parts, "scan")
    if profile is not None:
        return live_finish(spec, scan, profile, min_group_size=min_group_size)
    second = refine_spec(spec, scan)
    refine = run_pass(opener, second, parts, "refine") if second["targets"] else merge([])
    return reference_finish(second, scan, refine, min_group_size=min_group_size)
