# ruff: noqa: RUF001 (the report writes the multiplication sign on purpose)
"""The bench's report judges each target in words, so a missed target cannot read as a figure alone."""

from __future__ import annotations

from governance.predictions.bench import Round, WorkerRun, report


def _figures(*, one_s: tuple[float, float], two_s: tuple[float, float], floor_s: float, rss: float) -> dict:
    def run(processes: int, seconds: tuple[float, float]) -> WorkerRun:
        round_ = Round(reference_s=seconds[0], live_s=seconds[1], cpu_s=3.0)
        return WorkerRun(processes=processes, rounds=[round_], peak_rss_mib=rss, statuses=["computed"] * 2)

    return {
        "one": run(1, one_s),
        "two": run(2, two_s),
        "floor": {"wall_s": floor_s, "cpu_s": floor_s / 2, "peak_rss_mib": 1129.0},
        "load": ((11.2, 11.1, 0.0), (5.4, 8.3, 0.0)),
        "rows": 1_000_000,
        "file_mib": 224.0,
        "rounds": 1,
    }


def test_a_scale_out_under_target_reads_missed_and_the_others_met():
    # one process 3.3 + 2.6 = 5.9 s, two 2.2 + 1.7 = 3.9 s: 5.9 / 3.9 = 1.51 < 1.6
    text = report(_figures(one_s=(3.3, 2.6), two_s=(2.2, 1.7), floor_s=222.6, rss=352.0))
    assert "**1.51×** (target ≥ 1.6×: **missed**)" in text
    # 5.9 / 222.6 = 0.03 ≤ 1.5; 352 MiB ≤ 1536 MiB
    assert "target ≤ 1.5×: met)" in text
    assert "(target ≤ 1536 MiB: met)" in text
    assert "Machine load (1 / 5 min averages) before: 11.2 / 11.1, after: 5.4 / 8.3" in text


def test_targets_met_or_missed_by_their_own_figures_and_a_skipped_floor_is_not_measured():
    # 6.0 / 3.0 = 2.00 ≥ 1.6; no floor run (wall 0 s); 1600 MiB > 1536 MiB
    text = report(_figures(one_s=(3.0, 3.0), two_s=(1.5, 1.5), floor_s=0.0, rss=1600.0))
    assert "**2.00×** (target ≥ 1.6×: met)" in text
    assert "target ≤ 1.5×: not measured)" in text
    assert "(target ≤ 1536 MiB: **missed**)" in text
