"""The issue's events reach the right people (and webhooks) once: check runs, consents, reports,
acceptances, stale assessments, out of policy, versions; and a notification failure never undoes the event."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from governance.checks.models import CheckResult, CheckRun
from governance.notifications import receivers, scan, webhooks
from governance.notifications.kinds import Event, Kind
from governance.notifications.models import Notification, WebhookDelivery, WebhookEndpoint
from tests.factories import ConsentRecordFactory, DataSourceFactory, DataSourceUseFactory, MLModelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hooked(gov_admin, monkeypatch):
    """An endpoint for every event (no sending: deliveries are only recorded here)."""
    monkeypatch.setattr(webhooks, "_queue", lambda pk, countdown=0: None)
    return WebhookEndpoint.objects.create(
        name="All",
        url="https://93.184.216.34/",
        events=list(Event.values),
        secret="s" * 20,
        created_by=gov_admin,
    )


def run_with(results, *, status="succeeded"):
    run = CheckRun.objects.create(status=status, finished_at=timezone.now())
    for check_key, model, outcome in results:
        CheckResult.objects.create(run=run, check_key=check_key, model=model, outcome=outcome)
    return run


def test_a_check_newly_failing_tells_the_owner_once_per_run(team, contributor, maintainer, hooked):
    a = MLModelFactory(team=team, owner=contributor, name="scorer")
    b = MLModelFactory(team=team, owner=maintainer, name="ranker")
    first = run_with([("doc.card", a, "fail"), ("doc.card", b, "pass"), ("risk.rated", b, "fail")])
    receivers.on_check_run_finished(sender=None, run_id=first.pk)
    second = run_with([("doc.card", a, "fail"), ("doc.card", b, "fail"), ("risk.rated", b, "fail")])
    receivers.on_check_run_finished(sender=None, run_id=second.pk)
    receivers.on_check_run_finished(sender=None, run_id=second.pk)  # the signal twice: nothing new
    notes = {
        (n.recipient_id, n.event_key): n.body for n in Notification.objects.filter(kind=Kind.CHECK_FAILING)
    }
    assert notes == {
        (contributor.pk, f"check_failing:run:{first.pk}:model:{a.pk}"): "doc.card",
        # by its title (the catalogue's, in the owner's language); doc.card is no check: shown as its key
        (
            maintainer.pk,
            f"check_failing:run:{first.pk}:model:{b.pk}",
        ): "Staging and production models have rated risks",
        # in the second run only b's doc.card is new; a's was already failing
        (maintainer.pk, f"check_failing:run:{second.pk}:model:{b.pk}"): "doc.card",
    }
    delivery = WebhookDelivery.objects.get(event=Event.CHECK_RUN_FINISHED, payload__run_id=second.pk)
    assert delivery.payload["new_failures"] == [{"model_id": b.pk, "model": "ranker", "checks": ["doc.card"]}]


def test_consent_withdrawn_tells_steward_and_owners_and_the_webhook(team, maintainer, contributor, hooked):
    from governance.inventory.services.data import consent_withdraw

    source = DataSourceFactory(team=team, steward=maintainer)
    model = MLModelFactory(team=team, owner=contributor)
    DataSourceUseFactory(model=model, data_source=source)
    consent = ConsentRecordFactory(data_source=source)
    consent_withdraw(actor=maintainer, consent=consent, reason="The person asked.")
    got = set(Notification.objects.filter(kind=Kind.CONSENT_WITHDRAWN).values_list("recipient_id", flat=True))
    assert got == {maintainer.pk, contributor.pk}
    assert WebhookDelivery.objects.filter(
        event=Event.CONSENT_WITHDRAWN, payload__consent_id=consent.pk
    ).exists()


def test_report_ready_tells_the_requester(team, contributor, hooked):
    from governance.reports.models import Report
    from governance.reports.signals import report_ready

    model = MLModelFactory(team=team, owner=contributor)
    report = Report.objects.create(
        kind="model_dossier", model=model, requested_by=contributor, status="succeeded"
    )
    report_ready.send(sender=Report, report=report)
    n = Notification.objects.get(kind=Kind.REPORT_READY)
    assert n.recipient == contributor and n.url == f"/reports/{report.pk}/"
    assert WebhookDelivery.objects.filter(event=Event.REPORT_READY).count() == 1


def test_version_registered_goes_to_webhooks_only(model, contributor, hooked):
    from governance.inventory.services.registry import version_register

    version = version_register(actor=contributor, model=model, label="2.0.0")
    delivery = WebhookDelivery.objects.get(event=Event.VERSION_REGISTERED)
    assert delivery.payload == {"version_id": version.pk, "model_id": model.pk, "label": "2.0.0"}
    assert not Notification.objects.exists()


def test_acceptance_expiring_reaches_approver_and_owner(model, contributor, maintainer):
    from governance.risks.models import RiskAcceptance
    from tests.governance.reports.conftest import rated_risk

    risk = rated_risk(model, contributor)
    type(risk).objects.filter(pk=risk.pk).update(status="active", next_review_due=None)
    today = timezone.localdate()
    RiskAcceptance.objects.create(
        risk=risk,
        approver=maintainer,
        justification="Low exposure.",
        accepted_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=20),
    )
    scan.scan()
    scan.scan()
    got = list(
        Notification.objects.filter(kind=Kind.ACCEPTANCE_EXPIRING).values_list("recipient_id", flat=True)
    )
    assert sorted(got) == sorted([maintainer.pk, contributor.pk])


def test_stale_assessment_tells_the_team_maintainers(team, maintainer, contributor, settings):
    from assessments.models import Assessment, Framework

    framework = Framework.objects.first()
    old = timezone.now() - datetime.timedelta(days=400)
    Assessment.objects.create(
        team=team,
        framework=framework,
        status="submitted",
        assessor=maintainer,
        started_by=maintainer,
        submitted_at=old,
        started_at=old,
    )
    scan.scan()
    assert list(
        Notification.objects.filter(kind=Kind.ASSESSMENT_STALE).values_list("recipient_id", flat=True)
    ) == [maintainer.pk]
    settings.NOTIFICATIONS_ASSESSMENT_MAX_AGE_DAYS = 500
    Notification.objects.all().delete()
    scan.scan()
    assert not Notification.objects.exists()


def test_out_of_policy_tells_owner_and_admins_once_and_the_webhook(
    version, production, contributor, gov_admin, hooked
):
    from governance.promotions.models import Deployment

    Deployment.objects.create(
        model=version.model,
        environment=production,
        version=version,
        since=timezone.now(),
        out_of_policy=True,
        policy_reasons=["No rated risks."],
    )
    scan.scan()
    scan.scan()
    got = set(Notification.objects.filter(kind=Kind.OUT_OF_POLICY).values_list("recipient_id", flat=True))
    assert got == {contributor.pk, gov_admin.pk}
    assert WebhookDelivery.objects.filter(event=Event.OUT_OF_POLICY).count() == 1


def test_a_notification_bug_never_undoes_the_event(version, production, contributor, monkeypatch):
    from governance.notifications import events
    from governance.promotions import services as promotion_services
    from governance.promotions.models import PromotionRequest

    def broken(**kwargs):
        raise RuntimeError("bug in a notice")

    monkeypatch.setattr(events, "promotion_requested", broken)
    request = promotion_services.promotion_request_create(
        actor=contributor, version=version, environment=production, justification="Passed evaluation."
    )
    assert PromotionRequest.objects.filter(pk=request.pk).exists()
    assert not Notification.objects.exists()
