"""A report requested through the service is built by a real worker process and filed with its SHA-256."""

from __future__ import annotations

import hashlib
import os
import time

import pytest
from django.core.management import call_command

from governance.inventory.models import MLModel
from governance.reports import services
from governance.reports.models import Report

pytestmark = [pytest.mark.integration]
BUILD_TIMEOUT = 60.0


def test_a_model_dossier_is_built_by_the_worker(worker, reference_data):
    from django.contrib.auth import get_user_model

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    lead = get_user_model().objects.get(username="gov.lead")
    model = MLModel.objects.get(name="next-best-offer")

    report = services.report_request(actor=lead, kind=Report.Kind.MODEL_DOSSIER, model=model)  # on commit
    deadline = time.monotonic() + BUILD_TIMEOUT
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.is_finished:
            break
        if worker.process.poll() is not None:
            pytest.fail(f"worker exited while report #{report.pk} was {report.status}\n{worker.log()}")
        time.sleep(0.3)
    assert report.status == Report.Status.SUCCEEDED, (report.status, report.error, worker.log())
    with report.file.open("rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == report.sha256
    assert data.startswith(b"%PDF") and report.page_count >= 2
