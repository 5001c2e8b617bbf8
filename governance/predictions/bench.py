# ruff: noqa: RUF001 (the report writes the multiplication sign on purpose)
"""The metrics bench: a reference and a live set computed by real Celery workers (one process, then two),
beside the plain pandas + Fairlearn + scipy script (bench_floor.py). Figures go to their own section of
docs/benchmarks.md, between markers, so the rest of the file is left alone.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import connection
from django.utils import timezone

from governance.inventory.models import MLModel, ModelVersion
from governance.teams.models import Membership, Team

from . import bench_data, bench_stages, services, timings
from .models import PredictionSet

START, END = "<!-- bench_metrics:start -->", "<!-- bench_metrics:end -->"
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Round:
    upload_s: float = 0.0
    reference_s: float = 0.0
    live_s: float = 0.0
    cpu_s: float = 0.0
    stages: dict = field(default_factory=dict)  # per role: bench_stages.breakdown

    @property
    def compute_s(self) -> float:
        return self.reference_s + self.live_s


@dataclass
class WorkerRun:
    """Rounds of (reference, live) on the same worker processes; figures are the median round's."""

    processes: int
    rounds: list[Round] = field(default_factory=list)
    peak_rss_mib: float = 0.0
    statuses: list[str] = field(default_factory=list)

    @property
    def median(self) -> Round:
        return sorted(self.rounds, key=lambda r: r.compute_s)[(len(self.rounds) - 1) // 2]

    @property
    def outcome(self) -> str:
        counts = {status: self.statuses.count(status) for status in sorted(set(self.statuses))}
        return ", ".join(f"{n} × {status}" for status, n in counts.items())


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def _rss_mib(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def _cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    except (OSError, IndexError, ValueError):
        return 0.0


class Sampler(threading.Thread):
    """Peak resident memory of any one worker process (parent or child), sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.stopped = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            for pid in [self.pid, *_children(self.pid)]:
                self.peak = max(self.peak, _rss_mib(pid))
            time.sleep(0.05)


def _start_workers(processes: int, queue: str, log_dir: Path) -> list[subprocess.Popen]:
    """`processes` worker instances of one process each (prefork, concurrency 1), each in its own session.

    Linux's autogroup scheduler (on here) shares CPU between sessions, not processes: two pool processes of
    one worker would split one session's share of a busy machine. Separate instances, as separate machines
    or services would be in production, each get their own share.
    """
    from celery import current_app as app  # the project app; not imported by module (no import cycle)

    env = {
        **os.environ,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "PYTHONUNBUFFERED": "1",
        "PREDICTION_TIMINGS": "1",
    }
    started, names = [], []
    for i in range(processes):
        name = f"{queue}-{i}@{platform.node()}"
        command = [
            sys.executable, "-m", "celery", "-A", "governance", "worker", "--pool=prefork", "--concurrency=1",
            "--loglevel=warning", "-Q", queue, "-n", name,
            "--without-gossip", "--without-mingle", "--without-heartbeat", "-O", "fair",
        ]  # fmt: skip
        handle = (log_dir / f"{queue}-{i}.log").open("w")
        started.append(
            subprocess.Popen(  # noqa: S603
                command, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
            )
        )
        names.append(name)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in started):
            raise RuntimeError("a bench worker exited at start-up")
        answered = app.control.ping(destination=names, timeout=1.0)
        if len(answered) == processes and all(_children(p.pid) for p in started):
            return started
        time.sleep(0.5)
    raise RuntimeError("the bench workers did not answer within 90 s")


def _wait(prediction_set: PredictionSet, timeout: float = 1800) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        prediction_set.refresh_from_db(fields=["status"])
        if prediction_set.status in (PredictionSet.Status.COMPUTED, PredictionSet.Status.REJECTED):
            return prediction_set.status
        # The poll's granularity adds to the measured time (of both configurations): keep it small.
        time.sleep(0.005)
    return "timed out"


def _version() -> tuple[object, ModelVersion]:
    user, _ = get_user_model().objects.get_or_create(
        username="bench-metrics", defaults={"is_superuser": True}
    )
    team, _ = Team.objects.get_or_create(slug="bench-metrics", defaults={"name": "Bench metrics"})
    Membership.objects.get_or_create(user=user, team=team, defaults={"role": Membership.Role.MAINTAINER})
    model, _ = MLModel.objects.get_or_create(
        name="bench-metrics", team=team, defaults={"owner": user, "purpose": "Metrics bench."}
    )
    version, _ = ModelVersion.objects.get_or_create(
        model=model, label="1.0", defaults={"registered_by": user}
    )
    return user, version


def _upload(user, version, role: str, path: Path) -> PredictionSet:
    with path.open("rb") as handle:
        upload = File(handle, name=path.name)
        upload.size = path.stat().st_size
        return services.prediction_set_upload(
            actor=user, version=version, role=role, upload=upload, columns=bench_data.columns(), threshold=0.5
        )


@dataclass
class _Group:
    run: WorkerRun
    queue: str
    workers: list[subprocess.Popen]
    samplers: list[Sampler]

    def cpu(self) -> float:
        return sum(_cpu_s(pid) for w in self.workers for pid in [w.pid, *_children(w.pid)])


def _round(group: _Group, user, version, reference: Path, live: Path) -> None:
    from celery import current_app as app  # the project app; not imported by module (no import cycle)

    app.conf.task_default_queue = group.queue  # the upload sends to this group; its workers send to it too
    this, cpu_before = Round(), group.cpu()
    for role, path in (("reference", reference), ("live", live)):
        started = time.perf_counter()
        prediction_set = _upload(user, version, role, path)
        uploaded, uploaded_at = time.perf_counter(), time.time()
        group.run.statuses.append(_wait(prediction_set))
        this.upload_s += uploaded - started
        setattr(this, f"{role}_s", time.perf_counter() - uploaded)
        records = timings.collect(set_id=prediction_set.pk)
        this.stages[role] = bench_stages.breakdown(records, uploaded=uploaded_at, seen=time.time())
    this.cpu_s = group.cpu() - cpu_before
    group.run.rounds.append(this)


def run_workers(sizes: tuple[int, ...], reference: Path, live: Path, *, rounds: int = 1) -> list[WorkerRun]:
    """One group of worker processes per size, each on its own queue, all started first; rounds alternate
    between the groups (one process, two, one, two, ...) so a change in the machine's load falls on both."""
    user, version = _version()
    log_dir = Path(tempfile.mkdtemp(prefix="bench-metrics-"))
    groups: list[_Group] = []
    try:
        for size in sizes:
            queue = f"bench-metrics-{uuid.uuid4().hex[:8]}"
            workers = _start_workers(size, queue, log_dir)
            samplers = [Sampler(w.pid) for w in workers]
            groups.append(_Group(WorkerRun(processes=size), queue, workers, samplers))
            for sampler in samplers:
                sampler.start()
        for _ in range(rounds):
            for group in groups:
                _round(group, user, version, reference, live)
    finally:
        for group in groups:
            for sampler in group.samplers:
                sampler.stopped.set()
                sampler.join()
            group.run.peak_rss_mib = max(s.peak for s in group.samplers)
            for worker in group.workers:
                worker.send_signal(signal.SIGTERM)
            for worker in group.workers:
                worker.wait(timeout=60)
        for log in log_dir.glob("*.log"):
            log.unlink()
        log_dir.rmdir()
    PredictionSet.objects.filter(version=version).update(purge_after=timezone.localdate())
    services.prediction_sets_purge()  # the bench's rows are not kept
    return [group.run for group in groups]


def run_floor(reference: Path, live: Path, spec_path: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    output = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "governance.predictions.bench_floor",
            str(reference),
            str(live),
            str(spec_path),
        ],
        capture_output=True,
        text=True,
        check=True,
        start_new_session=True,  # its own scheduler share, as each worker gets (see _start_workers)
    ).stdout
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(output.strip().splitlines()[-1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {**result, "wall_s": wall, "cpu_s": cpu}


def bench(*, rows: int, rounds: int = 3, workdir: Path | None = None, floor: bool = True) -> dict:
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        folder = Path(tmp)
        reference, live = folder / "reference.parquet", folder / "live.parquet"
        bench_data.write(str(reference), rows=rows, seed=1)
        bench_data.write(str(live), rows=rows, seed=2, shift=0.2)
        spec = {
            "prediction": "score",
            "label": "y",
            "threshold": 0.5,
            "sensitive": bench_data.SENSITIVE,
            "numeric": [*bench_data.NUMERIC, "score"],
            "categorical": bench_data.CATEGORICAL,
        }
        spec_path = folder / "spec.json"
        spec_path.write_text(json.dumps(spec))
        load_before = os.getloadavg()
        floor_figures = (
            run_floor(reference, live, spec_path)
            if floor
            else {"wall_s": 0.0, "cpu_s": 0.0, "peak_rss_mib": 0.0}
        )
        one, two = run_workers((1, 2), reference, live, rounds=rounds)
        return {
            "rows": rows,
            "file_mib": (reference.stat().st_size + live.stat().st_size) / 2**20,
            "floor": floor_figures,
            "one": one,
            "two": two,
            "rounds": rounds,
            "load": (load_before, os.getloadavg()),
        }


def _verdict(met: bool | None) -> str:
    """Each target is judged in words, so a missed one reads as missed beside its figure."""
    return "not measured" if met is None else "met" if met else "**missed**"


def report(figures: dict) -> str:
    runs, floor = (figures["one"], figures["two"]), figures["floor"]
    one, two = (run.median for run in runs)
    speedup = one.compute_s / two.compute_s if two.compute_s else 0.0
    ratio = one.compute_s / floor["wall_s"] if floor["wall_s"] else 0.0
    cpu_ratio = one.cpu_s / floor["cpu_s"] if floor["cpu_s"] else 0.0
    (l1, l5, _), (e1, e5, _) = figures["load"]
    database = connection.vendor
    lines = [
        START,
        "## Responsible-AI metrics from prediction sets",
        "",
        "Made by `make bench-metrics` (`manage.py bench_metrics`). A reference and a live set of "
        f"{figures['rows']:,} rows × 20 features (15 numeric, 5 categorical) × 2 sensitive attributes, "
        f"a score and a label ({figures['file_mib']:.0f} MiB of Parquet in all, row groups of "
        f"{bench_data.ROW_GROUP:,}), "
        "computed by real Celery workers (prefork, Redis broker, "
        f"{database} results) from upload to stored results: fairness per attribute and intersection, "
        "PSI, KS and Jensen-Shannon per feature and for the score. Each configuration runs "
        f"{figures['rounds']} rounds (reference then live) on the same worker processes, the rounds of one "
        "and of two processes alternating (both groups are started first) so a change of the machine's load "
        "falls on both; the table gives the "
        "median round (by compute wall time), its CPU time being that of the worker processes during the "
        "round (start-up excluded).",
        "",
        f"- Date: {timezone.now():%Y-%m-%d %H:%M} UTC; machine: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
        f"- Machine load (1 / 5 min averages) before: {l1:.1f} / {l5:.1f}, after: {e1:.1f} / {e5:.1f} "
        "(the cores are shared with other work; wall times stretch with it, CPU times much less)",
        "",
        "| run | reference s | live s | compute wall s | CPU s | peak RSS MiB (one process) | outcome |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        "| floor: one-shot pandas + Fairlearn + scipy | — | — | "
        f"{floor['wall_s']:.1f} | {floor['cpu_s']:.1f} | {floor['peak_rss_mib']:.0f} | "
        "loads both files whole |",
    ]
    for run in runs:
        median = run.median
        lines.append(
            f"| product, {run.processes} worker process{'es' if run.processes > 1 else ''} | "
            f"{median.reference_s:.1f} | {median.live_s:.1f} | {median.compute_s:.1f} | {median.cpu_s:.1f} | "
            f"{run.peak_rss_mib:.0f} | {run.outcome} |"
        )
    every = {run.processes: ", ".join(f"{r.compute_s:.1f}" for r in run.rounds) for run in runs}
    peak = max(run.peak_rss_mib for run in runs)
    within_floor = _verdict(ratio <= 1.5 if ratio else None)
    lines += [
        "",
        f"- Every round's compute wall s: one process {every[1]}; two processes {every[2]}.",
        f"- Scale-out: two processes finish in {two.compute_s:.1f} s against {one.compute_s:.1f} s on one: "
        f"**{speedup:.2f}×** (target ≥ 1.6×: {_verdict(speedup >= 1.6)}).",
        f"- Against the floor: one worker process takes **{ratio:.2f}×** the floor's wall time "
        f"({one.compute_s:.1f} s vs {floor['wall_s']:.1f} s; target ≤ 1.5×: {within_floor}) "
        f"and {cpu_ratio:.2f}× its CPU time.",
        f"- Peak resident memory of any worker process: {peak:.0f} MiB "
        f"(target ≤ 1536 MiB: {_verdict(peak <= 1536)}); the floor's: "
        f"{floor['peak_rss_mib']:.0f} MiB.",
        f"- Upload (hashing and storing the two files through the storage API, in the web process): "
        f"{one.upload_s:.1f} s, not counted above.",
    ]
    columns = [
        (f"{run.processes} process{'es' if run.processes > 1 else ''}, {role}", run.median.stages[role])
        for run in runs
        for role in ("reference", "live")
        if role in run.median.stages
    ]
    if columns:
        lines += [
            "",
            "Where the time goes (the median rounds; each stage's start and end as the worker processes "
            "recorded them, `PREDICTION_TIMINGS`):",
            "",
            *bench_stages.table(columns),
        ]
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END) + "\n?", re.S)
    text = (
        pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    )
    path.write_text(text)
