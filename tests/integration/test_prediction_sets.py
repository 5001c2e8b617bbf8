"""A prediction set split across a real worker as chords of row-group tasks and merge tasks (through Redis
and PostgreSQL) gives exactly the figures the one-process loop gives; a bad row in a late slice rejects the
set and leaves the worker running."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from governance.predictions import compute, services
from governance.predictions.models import PredictionSet
from tests.factories import MLModelFactory, ModelVersionFactory
from tests.governance.predictions.helpers import COLUMNS, parquet_bytes, scored

pytestmark = [pytest.mark.integration]
TIMEOUT = 90.0


def _wait(prediction_set: PredictionSet, worker) -> PredictionSet:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        prediction_set.refresh_from_db()
        if prediction_set.status in (PredictionSet.Status.COMPUTED, PredictionSet.Status.REJECTED):
            return prediction_set
        if not worker.alive():
            pytest.fail(f"worker exited\n{worker.log()}")
        time.sleep(0.3)
    pytest.fail(f"set #{prediction_set.pk} still {prediction_set.status}\n{worker.log()}")


def _upload(actor, version, role, data: bytes) -> PredictionSet:
    upload = SimpleUploadedFile(f"{role}.parquet", data)
    return services.prediction_set_upload(
        actor=actor, version=version, role=role, upload=upload, columns=COLUMNS
    )


def test_chord_matches_the_inline_loop_and_rejects_without_stopping_the_worker(worker, team, maintainer):
    model = MLModelFactory(team=team, owner=maintainer, name="scale-out", stage="production")
    version = ModelVersionFactory(model=model, label="1.0", status="deployed")
    ref_data = parquet_bytes(scored(30_000, seed=1), row_group_size=5_000)  # six slices
    live_data = parquet_bytes(scored(20_000, seed=2, shift=0.5), row_group_size=4_000)

    reference = _wait(_upload(maintainer, version, "reference", ref_data), worker)
    assert reference.status == "computed", (reference.rejection_reason, worker.log())
    inline = compute.compute_inline(
        lambda: io.BytesIO(ref_data), columns=COLUMNS, threshold=0.5, min_group_size=30
    )
    assert reference.profile == inline["profile"]
    assert reference.results["fairness"] == inline["fairness"]

    live = _wait(_upload(maintainer, version, "live", live_data), worker)
    assert live.status == "computed", (live.rejection_reason, worker.log())
    inline_live = compute.compute_inline(
        lambda: io.BytesIO(live_data),
        columns=COLUMNS,
        threshold=0.5,
        min_group_size=30,
        profile=inline["profile"],
    )
    assert live.results["drift"] == inline_live["drift"]
    assert live.snapshot.origin == "computed"

    bad = scored(12_000, seed=3)
    bad.loc[11_500, "y"] = 7
    rejected = _wait(_upload(maintainer, version, "live", parquet_bytes(bad, row_group_size=3_000)), worker)
    assert rejected.status == "rejected"
    assert rejected.rejection_reason.startswith("row 11501, column 'y'")
    assert worker.alive()
