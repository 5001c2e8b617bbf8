"""Uploading and computing prediction sets: stored once with hash and schema, results marked computed,
bad input rejected by column or row with nothing half-written, retention purge recorded, superseding."""

from __future__ import annotations

import datetime
import hashlib

import numpy as np
import pandas as pd
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from governance.inventory.models import Evaluation, MonitoringSnapshot, Origin
from governance.predictions import services
from governance.predictions.models import PredictionSet

from .conftest import csv_upload, parquet_upload, upload_and_compute
from .helpers import COLUMNS, parquet_bytes, scored

pytestmark = pytest.mark.django_db


def test_reference_upload_is_stored_once_with_hash_and_computed_as_evidence(version, maintainer):
    df = scored(3_000, seed=4)
    data = parquet_bytes(df)
    upload = SimpleUploadedFile("ref.parquet", data)
    result = upload_and_compute(actor=maintainer, version=version, role="reference", upload=upload)
    assert result.status == PredictionSet.Status.COMPUTED, result.rejection_reason
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.size_bytes == len(data)
    assert result.row_count == 3_000
    assert {c["name"] for c in result.schema} >= {"score", "y", "sex", "income"}
    assert result.file.storage.exists(result.file.name)
    assert result.threshold == 0.5 and result.threshold_source == "policy"
    evaluation = result.evaluation
    assert evaluation.origin == Origin.COMPUTED
    assert (
        evaluation.origin_detail
        == f"computed from prediction set #{result.pk} (sha256 {result.sha256[:12]}…)"
    )
    selected = (df.score >= 0.5).astype(int)
    female = df.sex == "female"
    assert evaluation.group_metrics["sex"]["female"]["selection_rate"] == pytest.approx(
        selected[female].mean()
    )
    assert evaluation.quality == pytest.approx(float((selected == df.y).mean()))
    assert "sex & age_band" in evaluation.group_metrics
    assert result.profile["numeric"]["income"]["edges"]


def test_csv_upload_is_converted_to_parquet_and_keeps_the_uploads_hash(version, maintainer):
    df = scored(500, seed=6)
    upload = csv_upload(df)
    digest = hashlib.sha256(upload.read()).hexdigest()
    upload.seek(0)
    result = upload_and_compute(
        actor=maintainer, version=version, role="reference", upload=upload, threshold=0.6
    )
    assert result.status == PredictionSet.Status.COMPUTED, result.rejection_reason
    assert result.sha256 == digest and result.file_format == "csv"
    assert result.file.name.endswith(".parquet")
    assert result.threshold == 0.6 and result.threshold_source == "upload"
    assert len(result.file.storage.listdir(f"version-{version.pk}")[1]) == 1  # the CSV itself is not kept


def test_live_set_gives_a_computed_snapshot_with_drift_and_group_figures(version, maintainer, reference_set):
    live = upload_and_compute(
        actor=maintainer,
        version=version,
        role="live",
        upload=parquet_upload(scored(2_000, seed=9, shift=1.0)),
    )
    assert live.status == PredictionSet.Status.COMPUTED, live.rejection_reason
    assert live.reference_id == reference_set.pk
    snapshot = live.snapshot
    assert snapshot.origin == Origin.COMPUTED
    assert snapshot.feature_drift["income"] > 0.25  # shifted by one standard deviation
    assert snapshot.feature_drift["tenure"] < 0.1
    assert set(snapshot.feature_drift) == {"income", "tenure", "region", "score"}
    assert snapshot.group_metrics["sex"]["male"]["selection_rate"] > 0
    assert snapshot.prediction_count == 2_000
    assert live.results["drift"]["income"]["ks"]["error_bound"] < 0.05


def test_a_new_reference_supersedes_the_old_one(version, maintainer, reference_set):
    newer = upload_and_compute(
        actor=maintainer, version=version, role="reference", upload=parquet_upload(scored(1_000, seed=3))
    )
    reference_set.refresh_from_db()
    assert reference_set.superseded_by_id == newer.pk
    assert PredictionSet.objects.filter(pk=reference_set.pk).exists()


def test_live_needs_a_reference_and_viewers_may_not_upload(version, maintainer, viewer):
    with pytest.raises(ValidationError, match="reference"):
        services.prediction_set_upload(
            actor=maintainer, version=version, role="live", upload=parquet_upload(scored(10)), columns=COLUMNS
        )
    with pytest.raises(PermissionDenied):
        services.prediction_set_upload(
            actor=viewer,
            version=version,
            role="reference",
            upload=parquet_upload(scored(10)),
            columns=COLUMNS,
        )
    assert not PredictionSet.objects.exists()


def _rejected(version, maintainer, df=None, *, upload=None, columns=None, role="reference"):
    result = upload_and_compute(
        actor=maintainer,
        version=version,
        role=role,
        upload=upload or parquet_upload(df),
        columns=columns or COLUMNS,
    )
    assert result.status == PredictionSet.Status.REJECTED
    assert not result.file  # rows of a rejected set are not kept
    assert result.evaluation_id is None and result.snapshot_id is None
    return result.rejection_reason


def test_rejections_name_the_column_or_row(version, maintainer):
    df = scored(300, seed=1)
    assert "column 'incme'" in _rejected(version, maintainer, df, columns={**COLUMNS, "features": ["incme"]})
    labels = df.copy()
    labels.loc[123, "y"] = 2
    assert "row 124, column 'y'" in _rejected(version, maintainer, labels)
    sensitive = df.copy()
    sensitive["sex"] = sensitive["sex"].astype(object)
    sensitive.loc[41, "sex"] = None
    assert "row 42, column 'sex'" in _rejected(version, maintainer, sensitive)
    header_only = SimpleUploadedFile("empty.csv", b"score,y,sex,age_band,income,tenure,region\n")
    assert "empty" in _rejected(version, maintainer, upload=header_only)
    assert "empty" in _rejected(version, maintainer, upload=SimpleUploadedFile("zero.csv", b""))
    typed = df.assign(score=df.score.astype(str))
    assert "column 'score' (prediction) has type large_string; expected a number" in _rejected(
        version, maintainer, typed
    )
    broken = SimpleUploadedFile("broken.parquet", b"PAR1 not really")
    assert "Parquet" in _rejected(version, maintainer, upload=broken)
    assert not Evaluation.objects.exists()


def test_nan_in_a_numeric_sensitive_attribute_names_the_row(version, maintainer):
    df = scored(50).assign(age_band=np.arange(50, dtype=float))
    df.loc[7, "age_band"] = np.nan
    assert "row 8, column 'age_band'" in _rejected(version, maintainer, df)


def test_a_bad_row_in_a_later_slice_rejects_the_whole_set(version, maintainer):
    df = scored(25_000, seed=8)
    df.loc[24_321, "y"] = 5
    upload = parquet_upload(df, row_group_size=5_000)
    assert "row 24322" in _rejected(version, maintainer, upload=upload)


def test_live_with_different_features_is_rejected(version, maintainer, reference_set):
    df = scored(500, seed=5).rename(columns={"tenure": "months"})
    columns = {**COLUMNS, "features": ["income", "months", "region"]}
    reason = _rejected(version, maintainer, df, columns=columns, role="live")
    assert "different features" in reason and "months" in reason and "tenure" in reason
    assert not MonitoringSnapshot.objects.exists()


def test_a_file_over_the_limit_is_rejected_and_not_stored(version, maintainer, settings):
    settings.PREDICTION_SET_MAX_BYTES = 100
    result = services.prediction_set_upload(
        actor=maintainer,
        version=version,
        role="reference",
        upload=parquet_upload(scored(100)),
        columns=COLUMNS,
    )
    assert result.status == PredictionSet.Status.REJECTED
    assert "over the limit of 100 bytes" in result.rejection_reason
    assert not result.file and result.sha256 == ""


def test_request_shape_errors_are_refused_before_anything_is_recorded(version, maintainer):
    for columns, field in (
        ({**COLUMNS, "prediction": ""}, "prediction"),
        ({**COLUMNS, "sensitive": []}, "sensitive"),
        ({**COLUMNS, "label": "score"}, "columns"),
        ({**COLUMNS, "prediction_kind": "probability"}, "prediction_kind"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.prediction_set_upload(
                actor=maintainer,
                version=version,
                role="reference",
                upload=parquet_upload(scored(5)),
                columns=columns,
            )
        assert field in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.prediction_set_upload(
            actor=maintainer,
            version=version,
            role="reference",
            upload=SimpleUploadedFile("x.xlsx", b"x"),
            columns=COLUMNS,
        )
    assert not PredictionSet.objects.exists()


def test_label_predictions_and_text_cells_that_look_like_formulas(version, maintainer):
    df = pd.DataFrame(
        {
            "decision": [1, 0, 1, 1, 0, 0] * 10,
            "group": ["a", "b"] * 30,
            "note": ["=HYPERLINK(1)", "+1", "-2", "@x", "plain", "ok"] * 10,
        }
    )
    columns = {
        "prediction": "decision",
        "prediction_kind": "label",
        "sensitive": ["group"],
        "features": ["note"],
    }
    result = upload_and_compute(
        actor=maintainer, version=version, role="reference", upload=csv_upload(df), columns=columns
    )
    assert result.status == PredictionSet.Status.COMPUTED, result.rejection_reason
    assert result.threshold is None
    assert result.profile["categorical"]["note"]["counts"]["=HYPERLINK(1)"] == 10


def test_purge_deletes_rows_keeps_results_and_records_it(version, maintainer, reference_set):
    name = reference_set.file.name
    storage = reference_set.file.storage
    assert services.prediction_sets_purge(today=reference_set.purge_after - datetime.timedelta(days=1)) == []
    assert services.prediction_sets_purge(today=reference_set.purge_after) == [reference_set.pk]
    reference_set.refresh_from_db()
    assert not storage.exists(name)
    assert reference_set.purged_at is not None and not reference_set.file
    assert reference_set.sha256 and reference_set.profile and reference_set.results
    latest = reference_set.history.first()
    assert latest.purged_at is not None
    assert "rows purged" in latest.history_change_reason
    assert services.prediction_sets_purge(today=reference_set.purge_after) == []
