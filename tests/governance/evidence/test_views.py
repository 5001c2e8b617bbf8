"""Evidence pages and API: the record's rights apply, downloads carry safe headers, bad input is a 4xx."""

import hashlib

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from governance.evidence import services
from governance.evidence.models import EvidenceFile
from tests.governance.evidence.conftest import PDF, upload

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_page_upload_and_download(client, risk, contributor):
    client.force_login(contributor)
    url = reverse("evidence:record", args=["risk", risk.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"No evidence attached yet" in page.content
    answer = client.post(url, {"file": upload("signed form.pdf"), "description": "Signed"})
    assert answer.status_code == 302
    evidence = EvidenceFile.objects.get()
    page = client.get(url)
    assert evidence.sha256.encode() in page.content
    download = client.get(reverse("evidence:download", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="signed form.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"


def test_page_shows_a_refused_file_as_a_form_error(client, risk, contributor):
    client.force_login(contributor)
    answer = client.post(
        reverse("evidence:record", args=["risk", risk.pk]), {"file": upload("x.pdf", b"MZ" * 50)}
    )
    assert answer.status_code == 400
    assert b"executable" in answer.content
    assert not EvidenceFile.objects.exists()


def test_viewer_reads_but_may_not_upload(client, risk, contributor, viewer):
    evidence = services.evidence_upload(actor=contributor, record=risk, upload=upload())
    client.force_login(viewer)
    url = reverse("evidence:record", args=["risk", risk.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"file": upload()}).status_code == 403
    assert client.get(reverse("evidence:download", args=[evidence.pk])).status_code == 200
    assert EvidenceFile.objects.count() == 1


def test_another_team_sees_nothing(client, risk, contributor, outsider):
    evidence = services.evidence_upload(actor=contributor, record=risk, upload=upload())
    client.force_login(outsider)
    assert client.get(reverse("evidence:record", args=["risk", risk.pk])).status_code == 404
    assert (
        client.post(reverse("evidence:record", args=["risk", risk.pk]), {"file": upload()}).status_code == 404
    )
    assert client.get(reverse("evidence:download", args=[evidence.pk])).status_code == 404
    assert api(outsider).get(f"/api/v1/evidence/{evidence.pk}/download/").status_code == 404
    assert api(outsider).get("/api/v1/evidence/", {"kind": "risk", "record": risk.pk}).status_code == 404


def test_unknown_kind_is_a_404(client, contributor):
    client.force_login(contributor)
    assert client.get(reverse("evidence:record", args=["nothing", 1])).status_code == 404


def test_api_upload_list_and_download(risk, contributor):
    client = api(contributor)
    answer = client.post(
        "/api/v1/evidence/",
        {"kind": "risk", "record": risk.pk, "file": upload("평가.pdf"), "description": "Validation"},
        format="multipart",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest() and body["media_type"] == "application/pdf"
    listed = client.get("/api/v1/evidence/", {"kind": "risk", "record": risk.pk})
    assert listed.status_code == 200 and [row["id"] for row in listed.json()["results"]] == [body["id"]]
    download = client.get(body["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "filename*=utf-8''%ED%8F%89%EA%B0%80.pdf" in download["Content-Disposition"]
    superseding = client.post(
        "/api/v1/evidence/",
        {"kind": "risk", "record": risk.pk, "file": upload("v2.pdf"), "supersedes": body["id"]},
        format="multipart",
    )
    assert superseding.status_code == 201
    assert client.get(f"/api/v1/evidence/{body['id']}/").json()["superseded_by"] == superseding.json()["id"]


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [("a.pdf", b"", 400), ("a.pdf", b"MZ" + b"\x00" * 10, 400), ("a.txt", PDF, 400)],
)
def test_api_bad_files(risk, contributor, name, content, status):
    answer = api(contributor).post(
        "/api/v1/evidence/",
        {"kind": "risk", "record": risk.pk, "file": upload(name, content)},
        format="multipart",
    )
    assert answer.status_code == status
    assert "file" in str(answer.json())
    assert not EvidenceFile.objects.exists()


def test_api_upload_refused_for_viewer_and_missing_params(risk, viewer):
    client = api(viewer)
    refused = client.post(
        "/api/v1/evidence/", {"kind": "risk", "record": risk.pk, "file": upload()}, format="multipart"
    )
    assert refused.status_code == 403
    assert client.get("/api/v1/evidence/").status_code == 400
    assert client.get("/api/v1/evidence/", {"kind": "risk", "record": "x"}).status_code == 400
    assert (
        client.get("/api/v1/evidence/", {"kind": "risk", "record": risk.pk, "page": 1, "x": 1}).status_code
        == 400
    )


def test_api_over_the_limit_is_413_before_reading(risk, contributor, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    answer = api(contributor).post(
        "/api/v1/evidence/",
        {"kind": "risk", "record": risk.pk, "file": upload("a.txt", b"a" * 70_000)},
        format="multipart",
    )
    assert answer.status_code == 413


def test_consent_evidence_is_for_those_who_manage_the_source(client, team, maintainer, viewer, auditor):
    from tests.factories import ConsentRecordFactory, DataSourceFactory

    source = DataSourceFactory(team=team, steward=maintainer)
    consent = ConsentRecordFactory(data_source=source)
    evidence = services.evidence_upload(actor=maintainer, record=consent, upload=upload("form.pdf"))
    url = reverse("evidence:download", args=[evidence.pk])
    client.force_login(viewer)
    assert client.get(url).status_code == 404
    client.force_login(auditor)
    assert client.get(url).status_code == 200


def test_api_odd_ids_are_404(contributor):
    client = api(contributor)
    for path in ("/api/v1/evidence/x%C2%8F/", "/api/v1/evidence/abc/download/", "/api/v1/evidence/999999/"):
        assert client.get(path).status_code == 404, path


def test_the_risk_page_lists_its_evidence_and_offers_the_upload(client, risk, contributor, viewer):
    services.evidence_upload(actor=contributor, record=risk, upload=upload("minutes.pdf"))
    client.force_login(contributor)
    page = client.get(reverse("risks:detail", args=[risk.pk]))
    assert b"minutes.pdf" in page.content and b'id="risk-evidence-file"' in page.content
    answer = client.post(reverse("evidence:record", args=["risk", risk.pk]), {"file": upload("second.pdf")})
    assert answer.status_code == 302 and EvidenceFile.objects.count() == 2
    client.force_login(viewer)
    page = client.get(reverse("risks:detail", args=[risk.pk]))
    assert b"minutes.pdf" in page.content and b'id="risk-evidence-file"' not in page.content
