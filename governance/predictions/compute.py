"""The computation as jobs over one set, with no Django in it: plan, jobs, merge, finish.

One pass of independent jobs whose results merge by addition, so Celery runs them as one chord (tasks.py)
and `compute_inline` runs them in a loop (tests). A live set's jobs are row-group "scan" slices on the
reference's bins. A reference set's jobs are column tasks (each reads COLUMNS_PER_JOB numeric columns whole,
twice, and finds their exact deciles itself: see `bins.column_bins`) and row-group "rows" slices (fairness,
categories); the column jobs come first, being the longer ones, so no worker is left with a long tail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from .metrics import report
from .metrics.partials import merge, packed
from .reading import Rejected, build_spec, column_ranges, parquet_file, read_columns, read_slice, slices

Opener = Callable[[], IO[bytes]]
# Two numeric columns a job: 16 columns give 8 jobs, as many as the row groups of a 1M-row set, each long
# enough that a task's fixed costs (message, result row) stay small beside it.
COLUMNS_PER_JOB = 2


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


def jobs(spec: dict, parts: list[list[int]], *, reference: bool) -> list[dict[str, Any]]:
    """The pass's jobs: a reference's column jobs then its "rows" slices; a live set's "scan" slices."""
    if not reference:
        return [{"stage": "scan", "row_group": rg, "offset": offset} for rg, offset in parts]
    names = spec["numeric"]
    columns = [
        {"stage": "columns", "names": names[i : i + COLUMNS_PER_JOB]}
        for i in range(0, len(names), COLUMNS_PER_JOB)
    ]
    return columns + [{"stage": "rows", "row_group": rg, "offset": offset} for rg, offset in parts]


def run_job(source: IO[bytes] | str, spec: dict, job: dict[str, Any]) -> dict:
    """One job's partial, packed as it travels to the merge (`partials.packed`)."""
    if job["stage"] == "columns":
        return packed(read_columns(source, spec, names=job["names"]))
    return packed(
        read_slice(source, spec, row_group=job["row_group"], offset=job["offset"], stage=job["stage"])
    )


def finish(spec: dict, merged: dict, *, profile: dict | None, min_group_size: int) -> dict[str, Any]:
    """What is stored, from the merged results: a reference's profile, or a live set's drift; fairness."""
    raise_error(merged)
    result = {
        "rows": merged["rows"],
        "fairness": report.fairness(merged, labelled=bool(spec["label"]), min_group_size=min_group_size),
        "window": merged.get("ts"),
    }
    if profile is None:
        result["profile"] = report.reference_profile(merged, spec=spec)
    else:
        result["drift"] = report.drift(profile, merged)
    return result


def compute_inline(
    opener: Opener,
    *,
    columns: dict,
    threshold: float | None,
    min_group_size: int,
    profile: dict | None = None,
) -> dict[str, Any]:
    """Every job in this process, one after another, then the merge: the same code the Celery chord runs."""
    with opener() as source:
        spec, parts = plan(source, columns=columns, threshold=threshold, profile=profile)
    results = []
    for job in jobs(spec, parts, reference=profile is None):
        with opener() as source:
            results.append(run_job(source, spec, job))
    return finish(spec, merge(results), profile=profile, min_group_size=min_group_size)
