"""Uploading evidence: what is kept (hash, size, type on content), what is refused, nothing half-stored."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance.evidence import services
from governance.evidence.models import EvidenceFile
from governance.evidence.signals import evidence_uploaded
from tests.governance.evidence.conftest import PDF, docx, office_zip, upload

pytestmark = pytest.mark.django_db


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_upload_keeps_hash_size_type_and_announces(risk, contributor, _evidence_storage):
    heard = []
    evidence_uploaded.connect(lambda **kw: heard.append(kw), weak=False, dispatch_uid="t-heard")
    try:
        evidence = services.evidence_upload(actor=contributor, record=risk, upload=upload())
    finally:
        evidence_uploaded.disconnect(dispatch_uid="t-heard")
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.size == len(PDF)
    assert evidence.media_type == "application/pdf"
    assert evidence.kind == "risk" and evidence.record == risk
    assert evidence.history.first().history_user == contributor
    assert len(stored_files(_evidence_storage)) == 1
    assert evidence.open_stored().read() == PDF


def test_signal_fires_after_commit(risk, contributor, django_capture_on_commit_callbacks):
    heard = []
    evidence_uploaded.connect(lambda **kw: heard.append(kw), weak=False, dispatch_uid="t-commit")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            evidence = services.evidence_upload(actor=contributor, record=risk, upload=upload())
    finally:
        evidence_uploaded.disconnect(dispatch_uid="t-commit")
    assert [h["evidence"] for h in heard] == [evidence]
    assert heard[0]["record"] == risk and heard[0]["actor"] == contributor


def test_supersede_keeps_the_old_file(risk, contributor):
    first = services.evidence_upload(actor=contributor, record=risk, upload=upload("v1.pdf"))
    second = services.evidence_upload(
        actor=contributor, record=risk, upload=upload("v2.pdf"), supersedes=first
    )
    first.refresh_from_db()
    assert first.superseded_by == second and first.superseded_at is not None
    assert EvidenceFile.objects.count() == 2
    with pytest.raises(ValidationError, match="already been superseded"):
        services.evidence_upload(actor=contributor, record=risk, upload=upload("v3.pdf"), supersedes=first)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 200, "executable"),
        ("notes.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "executable"),
        ("run.txt", b"#!/bin/sh\nrm -rf /\n", "executable"),
        ("empty.pdf", b"", "empty"),
        ("report.txt", PDF, "ends in '.txt'"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
        ("binary.txt", b"abc\x00def", "not accepted"),
        ("archive.docx", office_zip({"a.txt": b"hello"}), "application/zip"),
        ("macro.docx", docx({"word/vbaProject.bin": b"x"}), "macros"),
        ("bad\x07name.pdf", PDF, "control characters"),
        ("dir\\name.pdf", PDF, "path"),
        ("fdp.\u202eexe.pdf", PDF, "control characters"),  # right-to-left override disguises the name
    ],
)
def test_refused_files_leave_nothing(risk, contributor, _evidence_storage, name, content, message):
    with pytest.raises(ValidationError, match=message):
        services.evidence_upload(actor=contributor, record=risk, upload=upload(name, content))
    assert EvidenceFile.objects.count() == 0
    assert stored_files(_evidence_storage) == []


def test_zip_bomb_in_an_office_file_is_refused(risk, contributor, settings, _evidence_storage):
    bomb = docx({"word/media/filler.xml": b"\x00" * (5 * 1024 * 1024)})  # compresses about 1000:1
    with pytest.raises(ValidationError, match="zip bomb"):
        services.evidence_upload(actor=contributor, record=risk, upload=upload("bomb.docx", bomb))
    settings.EVIDENCE_ZIP_MAX_RATIO = 10**6
    settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED = 1024 * 1024
    with pytest.raises(ValidationError, match="zip bomb"):  # the total, whatever the ratio
        services.evidence_upload(actor=contributor, record=risk, upload=upload("bomb.docx", bomb))
    assert stored_files(_evidence_storage) == []


def test_office_text_and_csv_are_accepted(risk, contributor):
    doc = services.evidence_upload(actor=contributor, record=risk, upload=upload("answer.docx", docx()))
    assert doc.media_type.endswith("wordprocessingml.document")
    csv = services.evidence_upload(
        actor=contributor, record=risk, upload=upload("rows.csv", "이름,값\n가,1\n".encode())
    )
    assert csv.media_type == "text/csv"
    note = services.evidence_upload(
        actor=contributor, record=risk, upload=upload("동의서.txt", "동의합니다".encode())
    )
    assert note.name == "동의서.txt" and note.media_type == "text/plain"


def test_over_the_limit(risk, contributor, settings, _evidence_storage):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="larger than the limit"):
        services.evidence_upload(actor=contributor, record=risk, upload=upload("big.txt", b"a" * 101))
    assert stored_files(_evidence_storage) == []


def test_a_viewer_may_not_attach(risk, viewer, outsider, _evidence_storage):
    for user in (viewer, outsider):
        with pytest.raises(PermissionDenied):
            services.evidence_upload(actor=user, record=risk, upload=upload())
    assert stored_files(_evidence_storage) == []


def test_a_failed_database_write_removes_the_stored_file(risk, contributor, monkeypatch, _evidence_storage):
    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(EvidenceFile, "save", boom)
    with pytest.raises(RuntimeError):
        services.evidence_upload(actor=contributor, record=risk, upload=upload())
    assert stored_files(_evidence_storage) == []
