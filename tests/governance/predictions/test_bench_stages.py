"""The bench's where-the-time-goes figures, from the stage records the workers leave."""

from __future__ import annotations

import pytest

from governance.predictions.bench_stages import breakdown, table


def _r(stage: str, start: float, end: float, pid: int = 1, **extra) -> dict:
    return {"stage": stage, "start": start, "end": end, "pid": pid, **extra}


def test_serial_stages_jobs_per_worker_and_the_unlock():
    records = [
        _r("plan", 10.01, 10.03),
        _r("send chord", 10.04, 10.06),
        _r("compute task", 10.00, 10.06),
        _r("job", 10.07, 10.57, pid=1, kind="scan"),  # worker 1: two jobs with a 0.03 s gap
        _r("job", 10.60, 10.90, pid=1, kind="scan"),
        _r("job", 10.08, 10.80, pid=2, kind="scan"),  # worker 2 idles from 10.80 to 10.90
        _r("job stored", 10.95, 10.95),
        _r("merge", 11.00, 11.01),
        _r("finish", 11.01, 11.11),
        _r("store", 11.11, 11.15),
        _r("merge task", 11.00, 11.16),
    ]
    got = breakdown(records, uploaded=9.99, seen=11.18)
    assert got["queue"] == pytest.approx(0.01)
    assert got["plan"] == pytest.approx(0.02)
    assert got["send"] == pytest.approx(0.02)
    assert got["start_rest"] == pytest.approx(0.02)  # 0.06 - plan 0.02 - send 0.02
    assert got["first_wait"] == pytest.approx(0.01)
    assert got["jobs_span"] == pytest.approx(0.83)
    assert got["jobs_sum"] == pytest.approx(0.5 + 0.3 + 0.72)
    assert got["gaps"] == pytest.approx(0.03)
    assert got["tail"] == pytest.approx(0.10)
    assert got["unlock"] == pytest.approx(0.10)
    assert got["stored"] == pytest.approx(0.05)
    assert got["poll"] == pytest.approx(0.02)
    assert got["total"] == pytest.approx(1.19)
    assert got["kinds"] == {"scan": 3}
    assert sorted(n for n, _busy in got["workers"]) == [1, 2]
    lines = table([("1 process, live", got)])
    assert any(line.startswith("| chord unlock") and "0.100" in line for line in lines)


def test_a_set_without_records_shows_dashes_not_zeros():
    got = breakdown([], uploaded=1.0, seen=3.0)
    assert got["total"] == pytest.approx(2.0)
    row = next(line for line in table([("x", got)]) if line.startswith("| chord unlock"))
    assert row.endswith("| — |")
