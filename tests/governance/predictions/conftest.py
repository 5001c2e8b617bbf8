from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from governance.predictions import computing, services
from tests.factories import MLModelFactory, ModelVersionFactory

from .helpers import COLUMNS, parquet_bytes, scored


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "predictions": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "prediction-sets")},
        },
    }
    from django.core.files.storage import storages
    from django.utils.functional import empty

    from governance.predictions.models import PREDICTION_STORAGE

    def forget():
        storages._storages.pop("predictions", None)
        PREDICTION_STORAGE._wrapped = empty

    forget()
    yield
    forget()


@pytest.fixture
def version(team, maintainer):
    model = MLModelFactory(
        team=team, name="Credit scoring", owner=maintainer, stage="production", ai_act_tier="high"
    )
    return ModelVersionFactory(model=model, label="1.0", status="deployed")


def csv_upload(df, name="set.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    df.to_csv(buffer, index=False)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def parquet_upload(df, name="set.parquet", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, parquet_bytes(df, **kwargs), content_type="application/octet-stream")


def upload_and_compute(*, actor, version, role, upload, columns=None, **kwargs):
    prediction_set = services.prediction_set_upload(
        actor=actor, version=version, role=role, upload=upload, columns=columns or COLUMNS, **kwargs
    )
    return computing.compute_inline(set_id=prediction_set.pk)


@pytest.fixture
def reference_set(version, maintainer):
    return upload_and_compute(
        actor=maintainer, version=version, role="reference", upload=parquet_upload(scored(4_000, seed=2))
    )
