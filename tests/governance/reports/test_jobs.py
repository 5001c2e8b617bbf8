"""Requesting, building and downloading reports: permissions as the subject's pages, file and SHA-256."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.checks.models import CheckRun
from governance.reports import services
from governance.reports.models import Report
from tests.factories import MLModelFactory

from .conftest import pdf_text


@pytest.fixture
def model(team, maintainer):
    return MLModelFactory(team=team, owner=maintainer, name="credit-scorer")


def _built(actor, **subject) -> Report:
    report = services.report_request(actor=actor, enqueue=False, **subject)
    return services.report_build(report_id=report.pk)


@pytest.mark.django_db
def test_build_stores_the_file_with_its_sha256_and_timings(viewer, model):
    report = _built(viewer, kind=Report.Kind.MODEL_DOSSIER, model=model)
    assert report.status == Report.Status.SUCCEEDED and report.error == ""
    data = report.file.read()
    assert hashlib.sha256(data).hexdigest() == report.sha256
    assert report.size_bytes == len(data) and report.page_count >= 2
    assert report.started_at <= report.finished_at
    assert "credit-scorer" in pdf_text(data) and f"Report #{report.pk}" in pdf_text(data)


INTERNALS = ("Flowable", "0x7F", "<", "LayoutError", "Traceback", "RuntimeError")


@pytest.mark.django_db
def test_build_failure_gives_the_requester_plain_words_and_logs_the_detail(
    client, viewer, model, monkeypatch, caplog
):
    """Issue 17.10: never internal reprs such as "Flowable <Table@0x7F…>" to the requester."""
    from reportlab.platypus.doctemplate import LayoutError

    from governance.reports.builders import dossier

    detail = "Flowable <Table@0x7FA95A71C550 3 rows x 5 cols(tallest row 6066)> too large on page 5"
    monkeypatch.setattr(dossier, "build", lambda **kw: (_ for _ in ()).throw(LayoutError(detail)))
    report = _built(viewer, kind=Report.Kind.MODEL_DOSSIER, model=model)
    assert report.status == Report.Status.FAILED and not report.file
    assert report.error.startswith("The PDF could not be built because of an error in the report generator")
    assert f"report #{report.pk}" in report.error
    assert not any(word in report.error for word in INTERNALS), report.error
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"Report {report.pk} failed: LayoutError: {detail}" in logged
    client.force_login(viewer)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    api = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert "The PDF could not be built" in page and "0x7F" not in page
    assert api["error"] == report.error


@pytest.mark.django_db
def test_who_may_request_what(viewer, outsider, auditor, gov_admin, model, team):
    with pytest.raises(PermissionDenied):
        services.report_request(actor=outsider, kind=Report.Kind.MODEL_DOSSIER, model=model, enqueue=False)
    with pytest.raises(PermissionDenied):
        services.report_request(actor=outsider, kind=Report.Kind.TEAM_MATURITY, team=team, enqueue=False)
    with pytest.raises(PermissionDenied):
        services.report_request(actor=viewer, kind=Report.Kind.ORGANISATION, enqueue=False)
    with pytest.raises(ValidationError):
        services.report_request(actor=viewer, kind=Report.Kind.MODEL_DOSSIER, enqueue=False)
    services.report_request(actor=viewer, kind=Report.Kind.TEAM_MATURITY, team=team, enqueue=False)
    for actor in (auditor, gov_admin):
        services.report_request(actor=actor, kind=Report.Kind.ORGANISATION, enqueue=False)
        services.report_request(actor=actor, kind=Report.Kind.MODEL_DOSSIER, model=model, enqueue=False)
    run = CheckRun.objects.create(scope=CheckRun.Scope.ALL, requested_by=gov_admin)
    services.report_request(actor=auditor, kind=Report.Kind.CHECK_RUN, check_run=run, enqueue=False)


@pytest.mark.django_db
def test_pages_request_show_progress_and_download(client, viewer, model, django_capture_on_commit_callbacks):
    client.force_login(viewer)
    assert (
        "Audit dossier (PDF)"
        in client.get(reverse("inventory:model_detail", args=[model.pk])).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reports:request"), {"kind": "model_dossier", "model": model.pk})
    assert len(callbacks) == 1  # queued for the worker once committed
    report = Report.objects.get()
    assert response.url == reverse("reports:detail", args=[report.pk])
    page = client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' in page and "Queued" in page  # inside <noscript>: without script
    # With script the page polls the API and reloads when the state changes; the state is spelled as
    # poll.js spells the API's answer (not yet handed to the queue here: its commit callback did not run).
    poll = f'data-poll-url="/api/v1/reports/{report.pk}/" data-poll-state="queued:waiting"'
    assert poll in page and "core/poll.js" in page
    polled = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert (polled["status"], polled["waiting_for_queue"]) == ("queued", True)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404
    services.report_build(report_id=report.pk)
    page = client.get(response.url).content.decode()
    report.refresh_from_db()
    assert 'http-equiv="refresh"' not in page and report.sha256 in page and "Download PDF" in page
    assert "data-poll-url" not in page and "poll.js" not in page
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == report.sha256
    assert f"#{report.pk}" in client.get(reverse("reports:list")).content.decode()


@pytest.mark.django_db
def test_another_teams_member_is_refused(client, viewer, outsider, model):
    report = _built(viewer, kind=Report.Kind.MODEL_DOSSIER, model=model)
    client.force_login(outsider)
    response = client.post(reverse("reports:request"), {"kind": "model_dossier", "model": model.pk})
    assert response.status_code == 403
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404
    assert f"#{report.pk}" not in client.get(reverse("reports:list")).content.decode()


@pytest.mark.django_db
def test_auditors_see_every_report_and_request_the_organisation_report(client, viewer, auditor, model):
    mine = _built(viewer, kind=Report.Kind.MODEL_DOSSIER, model=model)
    client.force_login(auditor)
    listing = client.get(reverse("reports:list")).content.decode()
    assert f"#{mine.pk}" in listing and "Organisation governance report" in listing
    assert client.get(reverse("reports:download", args=[mine.pk])).status_code == 200
    client.post(reverse("reports:request"), {"kind": "organisation"})
    assert Report.objects.filter(kind="organisation", requested_by=auditor).exists()


@pytest.mark.django_db
def test_api_request_poll_and_download(client, viewer, outsider, model):
    client.force_login(viewer)
    response = client.post(
        "/api/v1/reports/", {"kind": "model_dossier", "model": model.pk}, content_type="application/json"
    )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued" and body["download_url"] is None
    assert client.get(f"/api/v1/reports/{body['id']}/download/").status_code == 404
    services.report_build(report_id=body["id"])
    polled = client.get(f"/api/v1/reports/{body['id']}/").json()
    assert polled["status"] == "succeeded" and len(polled["sha256"]) == 64
    download = client.get(polled["download_url"])
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == polled["sha256"]

    client.force_login(outsider)
    refused = client.post(
        "/api/v1/reports/", {"kind": "model_dossier", "model": model.pk}, content_type="application/json"
    )
    # Another team's model is answered as a missing one (issue 15.12), not with a telling 403.
    assert refused.status_code == 400 and refused.json()["error"]["fields"] == {
        "model": ["No object with this id exists that you may see."]
    }
    assert client.get(f"/api/v1/reports/{body['id']}/download/").status_code == 404
    assert client.get(f"/api/v1/reports/{body['id']}/").status_code == 404


@pytest.mark.django_db
def test_unreachable_broker_leaves_the_report_waiting_until_recovery_sends_it(
    client, viewer, model, monkeypatch
):
    from governance.reports import tasks

    sent: list[int] = []

    class Unreachable:
        def delay(self, *args, **kwargs):
            raise ConnectionError("connection refused")

    monkeypatch.setattr(tasks.report_build_task, "delay", Unreachable().delay)
    client.force_login(viewer)
    with_message = client.post(
        reverse("reports:request"), {"kind": "model_dossier", "model": model.pk}, follow=True
    ).content.decode()
    report = Report.objects.get()
    assert report.status == Report.Status.QUEUED and report.error == "" and report.waiting_for_queue
    assert (
        "the task queue is unavailable: it is queued and will be built when the queue is back" in with_message
    )
    assert "Waiting for the task queue" in with_message
    body = client.post(  # another report (the same one again would be this one: issue 17.3)
        "/api/v1/reports/", {"kind": "team_maturity", "team": model.team_id}, content_type="application/json"
    ).json()
    assert body["status"] == "queued" and body["waiting_for_queue"] is True
    assert services.reports_recover() == []  # still unreachable: both stay waiting

    class Reachable:
        def delay(self, report_id):
            sent.append(report_id)

    monkeypatch.setattr(tasks.report_build_task, "delay", Reachable().delay)
    assert services.reports_recover() == [report.pk, body["id"]]
    assert services.reports_recover() == []  # claimed once
    assert sent == [report.pk, body["id"]]
    report.refresh_from_db()
    assert not report.waiting_for_queue and report.recovery_count == 0


@pytest.mark.django_db
def test_a_stale_report_is_sent_again_until_it_is_given_up(viewer, model, monkeypatch):
    """A build whose worker died (dispatched or started, then silence) is sent again, at most
    RECOVERY_MAX_ATTEMPTS times; then it fails with the reason instead of being sent forever."""
    import datetime

    from governance.foundation.dispatch import RECOVERY_MAX_ATTEMPTS
    from governance.reports import tasks

    sent: list[int] = []

    class Reachable:
        def delay(self, report_id):
            sent.append(report_id)

    monkeypatch.setattr(tasks.report_build_task, "delay", Reachable().delay)
    report = services.report_request(actor=viewer, kind=Report.Kind.MODEL_DOSSIER, model=model, enqueue=False)
    services._enqueue(report.pk)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING, started_at=timezone.now())
    assert services.reports_recover(stale_after=datetime.timedelta(minutes=5)) == []  # started just now
    for attempt in range(1, RECOVERY_MAX_ATTEMPTS + 1):
        assert services.reports_recover(stale_after=datetime.timedelta(0)) == [report.pk]
        report.refresh_from_db()
        assert report.recovery_count == attempt and report.status == Report.Status.RUNNING
    assert services.reports_recover(stale_after=datetime.timedelta(0)) == []
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and report.finished_at is not None
    assert "made no progress after it was sent again 5 times" in report.error
    assert sent == [report.pk] * (1 + RECOVERY_MAX_ATTEMPTS)
    assert services.reports_recover(stale_after=datetime.timedelta(0)) == []  # finished: left alone


@pytest.mark.django_db
def test_api_download_errors_are_json_whatever_the_client_accepts(client, viewer, model):
    client.force_login(viewer)
    report = services.report_request(actor=viewer, kind=Report.Kind.MODEL_DOSSIER, model=model, enqueue=False)
    response = client.get(f"/api/v1/reports/{report.pk}/download/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    # An unknown query parameter is named in a JSON 400 (issue 15.5), whatever the client accepts.
    response = client.get(f"/api/v1/reports/{report.pk}/download/?format=pdf", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 400 and "format" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_request_buttons_on_the_team_and_run_pages(client, viewer, auditor, team):
    client.force_login(viewer)
    assert (
        "Maturity report (PDF)" in client.get(reverse("portal:team_detail", args=[team.pk])).content.decode()
    )
    run = CheckRun.objects.create(scope=CheckRun.Scope.ALL, requested_by=auditor)
    assert "Run report (PDF)" not in client.get(reverse("checks:run_detail", args=[run.pk])).content.decode()
    client.force_login(auditor)
    assert "Run report (PDF)" in client.get(reverse("checks:run_detail", args=[run.pk])).content.decode()


@pytest.mark.django_db
def test_a_task_that_gives_up_marks_the_report_failed(viewer, model):
    from governance.reports import tasks

    report = services.report_request(actor=viewer, kind=Report.Kind.MODEL_DOSSIER, model=model, enqueue=False)
    tasks.report_build_task.on_failure(RuntimeError("db gone <0x7F>"), "task-id", (report.pk,), {}, None)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error.startswith("The build stopped after repeated errors reaching the database")
    assert not any(word in report.error for word in INTERNALS), report.error


@pytest.mark.django_db
def test_the_download_is_named_after_its_subject_and_date(client, team, maintainer, auditor):
    from urllib.parse import unquote

    today = f"{timezone.localdate():%Y-%m-%d}"
    churn = MLModelFactory(team=team, owner=maintainer, name="Churn model / v2")
    korean = MLModelFactory(team=team, owner=maintainer, name="신용 점수 모델")
    client.force_login(maintainer)
    plain = _built(maintainer, kind=Report.Kind.MODEL_DOSSIER, model=churn)
    hangul = _built(maintainer, kind=Report.Kind.MODEL_DOSSIER, model=korean)
    for url in (reverse("reports:download", args=[plain.pk]), f"/api/v1/reports/{plain.pk}/download/"):
        header = client.get(url)["Content-Disposition"]
        assert header == f'attachment; filename="dossier-churn-model-v2-{today}.pdf"'
    for url in (reverse("reports:download", args=[hangul.pk]), f"/api/v1/reports/{hangul.pk}/download/"):
        header = client.get(url)["Content-Disposition"]
        fallback, encoded = header.split("; filename*=UTF-8''")
        assert fallback == f'attachment; filename="dossier-model-{korean.pk}-{today}.pdf"'
        assert unquote(encoded) == f"dossier-신용-점수-모델-{today}.pdf" and encoded.isascii()
    run = CheckRun.objects.create(scope=CheckRun.Scope.ALL, requested_by=auditor)
    run_report = _built(auditor, kind=Report.Kind.CHECK_RUN, check_run=run)
    assert run_report.filename == f"check-run-{run.pk}-{today}.pdf"
    assert _built(auditor, kind=Report.Kind.ORGANISATION).filename == f"organisation-governance-{today}.pdf"
    assert _built(auditor, kind=Report.Kind.TEAM_MATURITY, team=team).filename == (
        f"team-maturity-credit-risk-{today}.pdf"
    )
