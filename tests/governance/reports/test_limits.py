"""Report floods (issue 17.3): one active build per requester, kind, subject and language; a per-minute
request limit and a daily build quota per user, on the pages and the API alike. Filed reports are kept."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from governance.reports import limits, services
from governance.reports.models import Report
from tests.factories import MLModelFactory

API = "/api/v1/reports/"


@pytest.fixture
def model(team, maintainer):
    return MLModelFactory(team=team, owner=maintainer, name="churn-model")


def dossier(model) -> dict:
    return {"kind": "model_dossier", "model": model.pk}


@pytest.mark.django_db
def test_a_flood_of_the_same_request_queues_one_build(client, viewer, model):
    """The attack: a viewer queues 25 dossier builds in two seconds. Now one is built; the repeats get it,
    and past the per-minute limit they are refused."""
    client.force_login(viewer)
    answers = [client.post(API, dossier(model), content_type="application/json") for _ in range(25)]
    statuses = [a.status_code for a in answers]
    assert statuses == [202] + [200] * 9 + [429] * 15
    assert Report.objects.count() == 1
    assert {a.json()["id"] for a in answers[:10]} == {Report.objects.get().pk}
    refused = answers[-1]
    assert refused.json()["error"]["code"] == "throttled" and int(refused["Retry-After"]) >= 1
    assert "10 reports within a minute" in refused.json()["error"]["detail"]


@pytest.mark.django_db
def test_a_repeat_on_the_page_leads_to_the_report_already_queued(client, viewer, model):
    client.force_login(viewer)
    first = client.post(reverse("reports:request"), dossier(model))
    again = client.post(reverse("reports:request"), dossier(model), follow=True)
    report = Report.objects.get()
    assert first.url == reverse("reports:detail", args=[report.pk])
    assert again.redirect_chain[-1][0] == first.url
    assert f"Report #{report.pk} for the same subject is already queued for you" in again.content.decode()


@pytest.mark.django_db
def test_what_counts_as_the_same_report(viewer, auditor, model, team):
    first = services.report_request(actor=viewer, kind="model_dossier", model=model, enqueue=False)
    assert first.language == "en"  # the active language (LANGUAGE_CODE en-gb): its LANGUAGES code
    same, created = services.report_request_or_existing(
        actor=viewer, kind="model_dossier", model=model, enqueue=False
    )
    assert (same.pk, created) == (first.pk, False)
    ask = services.report_request
    others = [
        ask(actor=auditor, kind="model_dossier", model=model, enqueue=False),  # another requester
        ask(actor=viewer, kind="team_maturity", team=team, enqueue=False),  # another kind and subject
        ask(actor=viewer, kind="model_dossier", model=model, language="ko", enqueue=False),  # language
    ]
    assert len({first.pk, *(r.pk for r in others)}) == 4
    services.report_build(report_id=first.pk)  # finished: the next request is a new build
    assert ask(actor=viewer, kind="model_dossier", model=model, enqueue=False).pk != first.pk


@pytest.mark.django_db
def test_the_database_holds_the_rule_when_two_requests_race(viewer, auditor, model, monkeypatch):
    first = services.report_request(actor=viewer, kind="model_dossier", model=model, enqueue=False)
    organisation = services.report_request(actor=auditor, kind="organisation", enqueue=False)
    for kept, subject in ((first, {"model": model}), (organisation, {})):
        with pytest.raises(IntegrityError), transaction.atomic():
            Report.objects.create(requested_by=kept.requested_by, kind=kept.kind, **subject)
    # The other request committed between this one's look-up and its insert: it gets that report.
    calls = []
    real = services._active_repeat

    def late(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(services, "_active_repeat", late)
    report, created = services.report_request_or_existing(
        actor=viewer, kind="model_dossier", model=model, enqueue=False
    )
    assert (report.pk, created, len(calls)) == (first.pk, False, 2)


@pytest.mark.django_db
def test_the_request_rate_is_limited_per_user_on_pages_and_api(
    client, settings, monkeypatch, viewer, auditor, model, team
):
    settings.REPORT_REQUESTS_PER_MINUTE = 3
    start = timezone.now().replace(second=5)
    clock = {"now": start}
    monkeypatch.setattr(limits.timezone, "now", lambda: clock["now"])
    team_report = {"kind": "team_maturity", "team": team.pk}
    client.force_login(viewer)
    for _ in range(3):
        assert client.post(reverse("reports:request"), dossier(model)).status_code == 302
    page = client.post(reverse("reports:request"), team_report)
    assert page.status_code == 429 and page["Retry-After"] == "55"
    assert "You have asked for 3 reports within a minute" in page.content.decode()
    api = client.post(API, team_report, content_type="application/json")
    assert api.status_code == 429 and api["Retry-After"] == "55"
    assert not Report.objects.filter(kind="team_maturity").exists()
    client.force_login(auditor)  # per user: another user is not held back
    assert client.post(API, dossier(model), content_type="application/json").status_code == 202
    clock["now"] = start + datetime.timedelta(seconds=60)  # the next minute
    client.force_login(viewer)
    assert client.post(API, team_report, content_type="application/json").status_code == 202


@pytest.mark.django_db
def test_the_daily_build_quota_refuses_new_builds_and_keeps_the_files(client, settings, viewer, team):
    settings.REPORT_BUILDS_PER_DAY = 2
    models = [MLModelFactory(team=team, name=f"model-{i}") for i in range(3)]
    client.force_login(viewer)
    built = []
    for model in models[:2]:
        report = services.report_request(actor=viewer, kind="model_dossier", model=model, enqueue=False)
        built.append(services.report_build(report_id=report.pk))
    api = client.post(API, dossier(models[2]), content_type="application/json")
    assert api.status_code == 429
    message = api.json()["error"]["detail"]
    assert "2 reports in the last 24 hours, the daily quota" in message and "stay available" in message
    page = client.post(reverse("reports:request"), dossier(models[2]))
    assert page.status_code == 429 and "the daily quota" in page.content.decode()
    assert Report.objects.count() == 2
    for report in built:  # evidence is kept: every filed report still downloads
        assert client.get(reverse("reports:download", args=[report.pk])).status_code == 200
    # A day later the oldest no longer counts.
    Report.objects.filter(pk=built[0].pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert client.post(API, dossier(models[2]), content_type="application/json").status_code == 202


@pytest.mark.django_db
def test_the_migration_fails_repeated_active_builds_before_adding_the_rule(viewer, model):
    """Rows from before the rule: the oldest active build of a requester, kind and subject goes on, the
    repeats are failed naming it. (Before the rule there was no language: rows differing only in it stand
    in for repeats, which the constraint now refuses to store.)"""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("governance.reports.migrations.0005_report_language_one_active")
    kept = Report.objects.create(requested_by=viewer, kind="model_dossier", model=model)
    repeat = Report.objects.create(requested_by=viewer, kind="model_dossier", model=model, language="ko")
    other = Report.objects.create(requested_by=viewer, kind="team_maturity", team=model.team)
    migration.fail_repeated_builds(apps, None)
    statuses = dict(Report.objects.values_list("pk", "status"))
    assert statuses == {kept.pk: "queued", repeat.pk: "failed", other.pk: "queued"}
    assert Report.objects.get(pk=repeat.pk).error == (
        f"Not built: report #{kept.pk} for the same subject was already queued for you."
    )
