"""PDF build times for `manage.py bench`: a model audit dossier (median of repeats) and the organisation
report over every model (once; hundreds of pages at org-10k). Builders run in-process; no file is stored."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .builders import dossier, organisation


@dataclass
class PdfFigure:
    name: str
    target: str
    seconds: float
    pages: int
    queries: int
    repeats: int


def measure_reports(*, model_id: int, repeats: int = 10) -> list[PdfFigure]:
    def build_dossier():
        return dossier.build(model_id=model_id, report_id=None, author="bench", generated_at=timezone.now())

    build_dossier()  # warm: fonts registered, caches filled
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        rendered = build_dossier()
        timings.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as ctx:
        build_dossier()
    figures = [
        PdfFigure(
            "Model audit dossier",
            "< 0.3 s",
            statistics.median(timings),
            rendered.pages,
            len(ctx.captured_queries),
            repeats,
        )
    ]
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        org = organisation.build(report_id=None, author="bench", generated_at=timezone.now())
        seconds = time.perf_counter() - start
    figures.append(
        PdfFigure("Organisation report", "< 20 s", seconds, org.pages, len(ctx.captured_queries), 1)
    )
    return figures


def markdown(figures: list[PdfFigure]) -> str:
    lines = [
        "",
        "## PDF reports",
        "",
        "Builders run in-process (queries, layout, fonts, PDF bytes); the worker adds only storing the file.",
        "",
        "| report | seconds (median) | pages | SQL queries | repeats | design target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    lines += [
        f"| {f.name} | {f.seconds:.2f} | {f.pages} | {f.queries} | {f.repeats} | {f.target} |"
        for f in figures
    ]
    return "\n".join(lines) + "\n"
