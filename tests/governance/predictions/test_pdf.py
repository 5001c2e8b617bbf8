"""The dossier carries the fairness-and-drift section: the same figures and charts as the page."""

from __future__ import annotations

import pytest
from django.utils import timezone

from governance.reports.builders import dossier
from tests.governance.reports.conftest import pdf_text

from .conftest import parquet_upload, upload_and_compute
from .helpers import scored

pytestmark = pytest.mark.django_db


def test_dossier_has_group_tables_drift_and_windows(version, maintainer, reference_set):
    live = upload_and_compute(
        actor=maintainer, version=version, role="live", upload=parquet_upload(scored(1_500, seed=5, shift=1))
    )
    pdf = dossier.build(model_id=version.model_id, report_id=7, author="Auditor", generated_at=timezone.now())
    flat = " ".join(pdf_text(pdf.data).split())
    assert "Fairness and drift, computed from prediction sets" in flat
    assert (
        f"reference set #{reference_set.pk}: 4000 rows, computed from prediction set #{reference_set.pk}"
        in flat
    )
    assert "Groups of sex" in flat and "Groups of sex & age_band" in flat
    assert "0.8 of highest" in flat  # the chart's four-fifths line
    assert f"Drift of live set #{live.pk} (1500 rows)" in flat
    income_psi = live.results["drift"]["income"]["psi"]
    assert f"{income_psi:.4f}" in flat
    assert "Live windows over time" in flat


def test_dossier_says_when_there_is_no_computed_evidence(version):
    pdf = dossier.build(model_id=version.model_id, report_id=8, author="Auditor", generated_at=timezone.now())
    flat = " ".join(pdf_text(pdf.data).split())
    assert "Version 1.0 has no computed reference set; figures, if any, are reported." in flat
