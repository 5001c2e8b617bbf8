"""Where the bench's time goes, stage by stage, from the records the workers leave (timings.py): the serial
parts (queueing, planning, the chord's unlock, merging, storing) beside the jobs that run in parallel.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

STAGES = [
    ("queue", "queue wait: upload committed → compute task starts"),
    ("normalise", "normalise (CSV → Parquet; none for a Parquet upload)"),
    ("plan", "plan: open the file, spec, ranges, row groups"),
    ("start_rest", "compute task's rest: status update, job list"),
    ("send", "send the chord (one message per job)"),
    ("first_wait", "wait: chord sent → first job starts"),
    ("jobs_span", "jobs: first start → last end"),
    ("jobs_sum", "jobs: sum of their durations"),
    ("longest", "jobs: the longest"),
    ("gaps", "jobs: idle between a worker's jobs (sum over workers)"),
    ("tail", "jobs: a worker idle at the end (first finisher → last end)"),
    ("unlock", "chord unlock: last job ends → merge task starts"),
    ("stored", "… of which: the last job's result stored, the chord counted, the merge sent"),
    ("merge", "merge the partials"),
    ("finish", "finish: metrics from the merged counts"),
    ("store", "store (one transaction)"),
    ("poll", "bench sees the status (its polling)"),
    ("total", "total: upload committed → bench sees it"),
]


def breakdown(records: list[dict], *, uploaded: float, seen: float) -> dict:
    """Seconds per stage of one set, and per worker its job count and busy seconds."""
    by = defaultdict(list)
    for r in records:
        by[r["stage"]].append(r)

    def one(name: str) -> dict | None:
        return by[name][0] if by[name] else None

    def took(name: str) -> float:
        return sum(r["end"] - r["start"] for r in by[name])

    task, send, merge_task = one("compute task"), one("send chord"), one("merge task")
    jobs = sorted(by["job"], key=lambda r: r["start"])
    out = {"total": seen - uploaded, "normalise": took("normalise"), "plan": took("plan")}
    if task:
        out["queue"] = task["start"] - uploaded
        out["start_rest"] = (
            task["end"] - task["start"] - took("normalise") - took("plan") - took("send chord")
        )
    if send:
        out["send"] = send["end"] - send["start"]
    workers: dict[int, list[dict]] = defaultdict(list)
    for job in jobs:
        workers[job["pid"]].append(job)
    if jobs:
        last = max(j["end"] for j in jobs)
        out["first_wait"] = jobs[0]["start"] - (send["end"] if send else uploaded)
        out["jobs_span"] = last - jobs[0]["start"]
        out["jobs_sum"] = sum(j["end"] - j["start"] for j in jobs)
        out["longest"] = max(j["end"] - j["start"] for j in jobs)
        out["gaps"] = sum(b["start"] - a["end"] for mine in workers.values() for a, b in pairwise(mine))
        out["tail"] = last - min(mine[-1]["end"] for mine in workers.values())
        if merge_task:
            out["unlock"] = merge_task["start"] - last
        if by["job stored"]:
            out["stored"] = max(r["end"] for r in by["job stored"]) - last
    for name in ("merge", "finish", "store"):
        out[name] = took(name)
    if merge_task:
        out["poll"] = seen - merge_task["end"]
    out["workers"] = [(len(mine), sum(j["end"] - j["start"] for j in mine)) for mine in workers.values()]
    out["kinds"] = {
        kind: sum(1 for j in jobs if j.get("kind") == kind) for kind in sorted({j.get("kind") for j in jobs})
    }
    return out


def table(columns: list[tuple[str, dict]]) -> list[str]:
    """A Markdown table: one row per stage, one column per (configuration, set)."""
    lines = [
        "| stage (s) | " + " | ".join(title for title, _ in columns) + " |",
        "| --- | " + " | ".join("---:" for _ in columns) + " |",
    ]
    for key, label in STAGES:
        cells = [f"{b[key]:.3f}" if key in b else "—" for _, b in columns]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    jobs = [", ".join(f"{n} {kind}" for kind, n in b.get("kinds", {}).items()) or "—" for _, b in columns]
    lines.append("| jobs | " + " | ".join(jobs) + " |")
    per_worker = [
        "; ".join(f"{n} jobs, {busy:.2f} s" for n, busy in b.get("workers", [])) or "—" for _, b in columns
    ]
    lines.append("| each worker: jobs, busy s | " + " | ".join(per_worker) + " |")
    return lines
