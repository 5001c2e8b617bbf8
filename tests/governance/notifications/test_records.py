"""Issues 22 and 23 through the notifications system: evidence uploaded and consent forms downloaded,
attestations expiring and expired (the hourly scan, time controlled), classifications to re-ask. Each event
makes one notice per recipient however often it is announced, and never tells people of their own action."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.evidence import services as evidence_services
from governance.inventory.services.registry import model_update
from governance.notifications import receivers, scan, webhooks
from governance.notifications.kinds import Event, Kind
from governance.notifications.models import (
    Notification,
    NotificationPreference,
    WebhookDelivery,
    WebhookEndpoint,
)
from governance.regulation import services as regulation_services
from governance.regulation.models import Attestation
from governance.regulation.obligations import OBLIGATIONS
from governance.risks import services as risk_services
from governance.risks.models import Risk
from tests.factories import ConsentRecordFactory, DataSourceFactory, DataSourceUseFactory, MLModelFactory
from tests.governance.evidence.conftest import _evidence_storage, upload  # noqa: F401
from tests.governance.regulation.conftest import eu_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def hooked(gov_admin, monkeypatch):
    """An endpoint for every event (deliveries are only recorded, not sent)."""
    monkeypatch.setattr(webhooks, "_queue", lambda pk, countdown=0: None)
    return WebhookEndpoint.objects.create(
        name="All",
        url="https://93.184.216.34/",
        events=list(Event.values),
        secret="s" * 20,
        created_by=gov_admin,
    )


def notes(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", "event_key"))


def recipients(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def a_risk(model, actor):
    return risk_services.risk_create(
        actor=actor,
        model=model,
        title="Drift",
        category=Risk.Category.PERFORMANCE_DECAY,
        owner=actor,
        inherent_likelihood=3,
        inherent_impact=3,
        residual_likelihood=2,
        residual_impact=2,
    )


def uploaded(capture, *, actor, record, name="report.pdf"):
    with capture(execute=True):
        return evidence_services.evidence_upload(actor=actor, record=record, upload=upload(name))


# --- evidence uploaded ------------------------------------------------------------------------------------


def test_upload_tells_the_model_owner_once_not_the_uploader(
    model, contributor, maintainer, hooked, django_capture_on_commit_callbacks
):
    risk = a_risk(model, contributor)  # model.owner is the contributor
    evidence = uploaded(django_capture_on_commit_callbacks, actor=maintainer, record=risk)
    # the signal again (a retry, a second receiver run): still one notice, one delivery
    receivers.on_evidence_uploaded(sender=None, evidence=evidence, record=risk, actor=maintainer)
    assert notes(Kind.EVIDENCE_UPLOADED) == [(contributor.pk, f"evidence_uploaded:{evidence.pk}")]
    notice = Notification.objects.get(kind=Kind.EVIDENCE_UPLOADED)
    assert notice.url == reverse("evidence:record", kwargs={"kind": "risk", "pk": risk.pk})
    assert "report.pdf" in notice.title and "Drift" in notice.title
    assert notice.mail == Notification.Mail.DIGEST  # the kind's default: the daily digest
    delivery = WebhookDelivery.objects.get(event=Event.EVIDENCE_UPLOADED)
    assert delivery.payload["evidence_id"] == evidence.pk and delivery.payload["kind"] == "risk"

    # the owner uploading to their own model's record is told nothing
    uploaded(django_capture_on_commit_callbacks, actor=contributor, record=risk, name="again.pdf")
    assert recipients(Kind.EVIDENCE_UPLOADED) == [contributor.pk]


def test_the_owners_immediate_choice_is_kept(
    model, contributor, maintainer, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=contributor, kind=Kind.EVIDENCE_UPLOADED, delivery="immediate")
    uploaded(django_capture_on_commit_callbacks, actor=maintainer, record=a_risk(model, contributor))
    assert Notification.objects.get(kind=Kind.EVIDENCE_UPLOADED).mail == Notification.Mail.PENDING


def test_consent_evidence_tells_the_steward_and_the_owners_of_models_using_it(
    team, contributor, maintainer, gov_admin, django_capture_on_commit_callbacks
):
    source = DataSourceFactory(team=team, steward=maintainer)
    DataSourceUseFactory(model=MLModelFactory(team=team, owner=contributor), data_source=source)
    consent = ConsentRecordFactory(data_source=source)
    first = uploaded(django_capture_on_commit_callbacks, actor=gov_admin, record=consent)
    assert recipients(Kind.EVIDENCE_UPLOADED) == sorted([maintainer.pk, contributor.pk])
    assert Notification.objects.filter(kind=Kind.EVIDENCE_UPLOADED).first().url == reverse(
        "evidence:record", kwargs={"kind": "consent", "pk": consent.pk}
    )
    # the steward uploading: only the model owner hears of it
    second = uploaded(django_capture_on_commit_callbacks, actor=maintainer, record=consent, name="b.pdf")
    assert notes(Kind.EVIDENCE_UPLOADED) == sorted(
        [
            (maintainer.pk, f"evidence_uploaded:{first.pk}"),
            (contributor.pk, f"evidence_uploaded:{first.pk}"),
            (contributor.pk, f"evidence_uploaded:{second.pk}"),
        ]
    )


# --- evidence downloaded ----------------------------------------------------------------------------------


def test_a_signed_consent_form_read_by_another_tells_the_steward_once(
    team, model, contributor, maintainer, django_capture_on_commit_callbacks
):
    source = DataSourceFactory(team=team, steward=maintainer)
    consent = ConsentRecordFactory(data_source=source)
    form = uploaded(django_capture_on_commit_callbacks, actor=maintainer, record=consent)
    evidence_services.evidence_download_announce(actor=contributor, evidence=form)
    evidence_services.evidence_download_announce(actor=contributor, evidence=form)  # twice the same day
    assert notes(Kind.EVIDENCE_DOWNLOADED) == [
        (maintainer.pk, f"evidence_downloaded:{form.pk}:by:{contributor.pk}:{timezone.localdate():%Y-%m-%d}")
    ]
    notice = Notification.objects.get(kind=Kind.EVIDENCE_DOWNLOADED)
    assert contributor.username in notice.title
    assert notice.url == reverse("evidence:record", kwargs={"kind": "consent", "pk": consent.pk})

    # the steward's own download, and a download of another kind of evidence, tell no one
    evidence_services.evidence_download_announce(actor=maintainer, evidence=form)
    risk_file = uploaded(
        django_capture_on_commit_callbacks, actor=contributor, record=a_risk(model, contributor)
    )
    evidence_services.evidence_download_announce(actor=maintainer, evidence=risk_file)
    assert Notification.objects.filter(kind=Kind.EVIDENCE_DOWNLOADED).count() == 1


# --- attestations (the hourly scan) -----------------------------------------------------------------------


def attest(model, attester, *, expires_on, obligation=None):
    return Attestation.objects.create(
        model=model,
        obligation=obligation or OBLIGATIONS[0].key,
        status="satisfied",
        note="Reviewed by the oversight board.",
        attested_by=attester,
        expires_on=expires_on,
    )


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def test_attestation_expiring_then_expired_notifies_each_once(model, contributor, maintainer, hooked):
    ends = datetime.date(2027, 3, 31)
    attestation = attest(model, maintainer, expires_on=ends)  # model.owner is the contributor
    scan.scan(now=at(ends - datetime.timedelta(days=31)))
    assert not Notification.objects.exists()  # outside the 30-day window

    for days_before in (30, 29, 10, 1):  # hourly and daily scans inside the window
        scan.scan(now=at(ends - datetime.timedelta(days=days_before)))
    key = f"attestation_expiring:{attestation.pk}:2027-03-31:within:30"
    assert notes(Kind.ATTESTATION_EXPIRING) == sorted([(contributor.pk, key), (maintainer.pk, key)])
    notice = Notification.objects.filter(kind=Kind.ATTESTATION_EXPIRING).first()
    assert notice.url == reverse("regulation:model", args=[model.pk]) and "30 days" in notice.title
    assert not Notification.objects.filter(kind=Kind.ATTESTATION_EXPIRED).exists()

    for days_after in (0, 0, 5):  # expires_on is the first day it is no longer in force
        scan.scan(now=at(ends + datetime.timedelta(days=days_after)))
    expired = f"attestation_expired:{attestation.pk}"
    assert notes(Kind.ATTESTATION_EXPIRED) == sorted([(contributor.pk, expired), (maintainer.pk, expired)])
    assert Notification.objects.count() == 4
    assert WebhookDelivery.objects.filter(event=Event.ATTESTATION_EXPIRING).count() == 1
    assert (
        WebhookDelivery.objects.get(event=Event.ATTESTATION_EXPIRED).payload["attestation_id"]
        == attestation.pk
    )


def test_the_warning_window_is_a_setting(model, maintainer, settings):
    settings.NOTIFICATIONS_ATTESTATION_WARNING_DAYS = 7
    ends = datetime.date(2027, 3, 31)
    attest(model, maintainer, expires_on=ends)
    scan.scan(now=at(ends - datetime.timedelta(days=8)))
    assert not Notification.objects.exists()
    scan.scan(now=at(ends - datetime.timedelta(days=7)))
    assert Notification.objects.filter(kind=Kind.ATTESTATION_EXPIRING).exists()


def test_renewed_withdrawn_and_long_expired_attestations_are_left_alone(model, maintainer):
    ends = datetime.date(2027, 3, 31)
    attest(model, maintainer, expires_on=ends)
    attest(model, maintainer, expires_on=ends + datetime.timedelta(days=365))  # renewed
    withdrawn = attest(model, maintainer, expires_on=ends, obligation=OBLIGATIONS[1].key)
    Attestation.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    attest(model, maintainer, expires_on=ends - datetime.timedelta(days=100), obligation=OBLIGATIONS[2].key)
    scan.scan(now=at(ends - datetime.timedelta(days=5)))
    assert not Notification.objects.exists()


def test_the_attestation_scan_costs_the_same_queries_for_more_attestations(team, maintainer):
    ends = timezone.localdate() + datetime.timedelta(days=10)

    def attestations(n):
        for _ in range(n):
            attest(MLModelFactory(team=team, owner=maintainer), maintainer, expires_on=ends)

    counts = []
    for n in (2, 10):
        attestations(n)
        with CaptureQueriesContext(connection) as ctx:
            scan.scan()
        counts.append(len(ctx.captured_queries))
    assert Notification.objects.filter(kind=Kind.ATTESTATION_EXPIRING).count() == 12
    assert counts[0] == counts[1], counts


# --- classification to re-ask -----------------------------------------------------------------------------


def test_a_changed_purpose_tells_owner_and_maintainers_once_per_answer(
    team, model, contributor, maintainer, viewer, hooked
):
    regulation_services.classification_answer(
        actor=contributor, model=model, framework="eu_ai_act", answers=eu_answers()
    )
    model.refresh_from_db()
    model_update(actor=contributor, model=model, purpose="Now it decides who gets a loan.")
    model.refresh_from_db()
    model_update(actor=contributor, model=model, purpose="Now it decides who gets a mortgage.")
    assert recipients(Kind.CLASSIFICATION_REASK) == sorted([contributor.pk, maintainer.pk])  # not the viewer
    notice = Notification.objects.filter(kind=Kind.CLASSIFICATION_REASK).first()
    assert notice.url == reverse("regulation:model", args=[model.pk]) and "EU AI Act" in notice.title
    assert WebhookDelivery.objects.filter(event=Event.CLASSIFICATION_REASK).count() == 1

    # asked again, then the purpose changes again: a new notice
    regulation_services.classification_answer(
        actor=contributor, model=model, framework="eu_ai_act", answers=eu_answers()
    )
    model.refresh_from_db()
    model_update(actor=contributor, model=model, purpose="Sorts support e-mail again.")
    assert Notification.objects.filter(kind=Kind.CLASSIFICATION_REASK).count() == 4


def test_version_and_mitigation_evidence_reach_the_models_owner(
    model, version, contributor, maintainer, django_capture_on_commit_callbacks
):
    from governance.risks.models import Mitigation

    mitigation = Mitigation.objects.create(
        risk=a_risk(model, contributor), description="Retrain monthly on fresh data.", owner=maintainer
    )
    on_version = uploaded(django_capture_on_commit_callbacks, actor=maintainer, record=version)
    on_mitigation = uploaded(
        django_capture_on_commit_callbacks, actor=maintainer, record=mitigation, name="m.pdf"
    )
    assert notes(Kind.EVIDENCE_UPLOADED) == sorted(
        [
            (contributor.pk, f"evidence_uploaded:{on_version.pk}"),
            (contributor.pk, f"evidence_uploaded:{on_mitigation.pk}"),
        ]
    )
