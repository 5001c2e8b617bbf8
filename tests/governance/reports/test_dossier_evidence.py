"""The dossier lists each evidence file behind the model's records with its SHA-256 (read back)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from governance.evidence import services
from governance.reports.builders import dossier
from tests.factories import MLModelFactory, ModelVersionFactory
from tests.governance.reports.conftest import pdf_text, rated_risk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _evidence_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence")},
        },
    }


def test_dossier_lists_evidence_with_hashes(team, maintainer):
    model = MLModelFactory(team=team, owner=maintainer, name="churn")
    version = ModelVersionFactory(model=model, label="2.0.0")
    risk = rated_risk(model, maintainer)
    pdf = b"%PDF-1.4\n%%EOF\n"
    on_version = services.evidence_upload(
        actor=maintainer, record=version, upload=SimpleUploadedFile("validation.pdf", pdf)
    )
    old = services.evidence_upload(
        actor=maintainer, record=risk, upload=SimpleUploadedFile("plan.txt", b"first plan")
    )
    on_risk = services.evidence_upload(
        actor=maintainer, record=risk, upload=SimpleUploadedFile("plan.txt", b"second plan"), supersedes=old
    )
    other = MLModelFactory(team=team, owner=maintainer)
    elsewhere = services.evidence_upload(
        actor=maintainer, record=rated_risk(other, maintainer), upload=SimpleUploadedFile("x.txt", b"other")
    )
    built = dossier.build(model_id=model.pk, report_id=None, author="x", generated_at=timezone.now())
    text = "".join(pdf_text(built.data).split())  # hashes are printed in two halves
    assert "Evidencefiles" in text
    assert on_version.sha256 in text and "validation.pdf" in text
    assert on_risk.sha256 in text
    assert old.sha256 not in text  # superseded: on the record's page, not in the dossier
    assert elsewhere.sha256 not in text


def test_dossier_says_when_there_is_no_evidence(team, maintainer):
    model = MLModelFactory(team=team, owner=maintainer)
    built = dossier.build(
        model_id=model.pk, report_id=None, author="x", generated_at=datetime.datetime.now(datetime.UTC)
    )
    assert "No evidence files are attached" in pdf_text(built.data)
