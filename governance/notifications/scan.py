"""The beat scan for time-based events: reviews due or overdue, acceptances and consents expiring, stale
assessments, deployments out of policy, attestations expiring or expired (records.py). A fixed number of
queries per kind; the unique key per threshold makes the hourly scan notify each crossing once."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from governance.foundation.lazytext import Joined

from . import records, selectors, webhooks
from .events import ACCEPTANCE_SOON_DAYS, REVIEW_SOON_DAYS, consent_owners, days_word, review_threshold
from .kinds import Event, Kind
from .services import Notice, notify_many
from .texts import _, text


def review_notices(*, today: datetime.date) -> list[Notice]:
    from governance.risks.models import Risk

    risks = Risk.objects.filter(
        status=Risk.Status.ACTIVE, next_review_due__lte=today + datetime.timedelta(days=REVIEW_SOON_DAYS)
    ).values_list("pk", "title", "owner_id", "next_review_due")
    notices = []
    for pk, title, owner_id, due in risks:
        threshold = review_threshold(due=due, today=today)
        if threshold == "overdue":
            heading = text(_("Risk review is overdue: %(risk)s"), risk=title)
        else:
            heading = text(_("Risk review is due on %(day)s: %(risk)s"), day=f"{due:%Y-%m-%d}", risk=title)
        notices.append(
            Notice(
                kind=Kind.REVIEW_DUE,
                key=f"review_due:risk:{pk}:{due:%Y-%m-%d}:{threshold}",
                title=heading,
                url=reverse("risks:detail", args=[pk]),
                recipient_ids=frozenset({owner_id}),
            )
        )
    return notices


def acceptance_notices(*, today: datetime.date) -> list[Notice]:
    from governance.risks.models import Risk, RiskAcceptance

    rows = RiskAcceptance.objects.filter(
        risk__status=Risk.Status.ACTIVE,
        accepted_on__lte=today,
        expires_on__gt=today,
        expires_on__lte=today + datetime.timedelta(days=ACCEPTANCE_SOON_DAYS),
    ).values_list("pk", "risk_id", "risk__title", "risk__owner_id", "approver_id", "expires_on")
    return [
        Notice(
            kind=Kind.ACCEPTANCE_EXPIRING,
            key=f"acceptance_expiring:{pk}:{expires:%Y-%m-%d}",
            title=text(
                _("Risk acceptance expires in %(days)s: %(risk)s"),
                days=days_word((expires - today).days),
                risk=title,
            ),
            url=reverse("risks:detail", args=[risk_id]),
            recipient_ids=frozenset({owner_id, approver_id}),
        )
        for pk, risk_id, title, owner_id, approver_id, expires in rows
    ]


def consent_notices(*, today: datetime.date) -> list[Notice]:
    from governance.checks.models import CheckPolicy
    from governance.inventory.models import ConsentRecord

    policy = CheckPolicy.objects.first()
    window = policy.consent_warning_days if policy else 30
    rows = list(
        ConsentRecord.objects.filter(
            withdrawn_at__isnull=True,
            expires_on__gt=today,
            expires_on__lte=today + datetime.timedelta(days=window),
        ).values_list("pk", "data_source_id", "reference", "purpose", "expires_on")
    )
    owners = consent_owners(source_ids={row[1] for row in rows}) if rows else {}
    return [
        Notice(
            kind=Kind.CONSENT_EXPIRING,
            key=f"consent_expiring:{pk}:{expires:%Y-%m-%d}",
            title=text(
                _("Consent %(reference)s (%(purpose)s) expires on %(day)s"),
                reference=reference,
                purpose=purpose,
                day=f"{expires:%Y-%m-%d}",
            ),
            url=reverse("inventory:data_source_detail", args=[source_id]),
            recipient_ids=frozenset(owners.get(source_id, set())),
        )
        for pk, source_id, reference, purpose, expires in rows
    ]


def assessment_notices(*, now: datetime.datetime) -> list[Notice]:
    from assessments.models import Assessment

    cutoff = now - datetime.timedelta(days=settings.NOTIFICATIONS_ASSESSMENT_MAX_AGE_DAYS)
    latest = (
        Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
        .values("team_id", "team__name", "team__slug")
        .annotate(last=Max("submitted_at"))
        .filter(last__lt=cutoff)
    )
    latest = list(latest)
    maintainers = selectors.maintainer_ids(team_ids={row["team_id"] for row in latest})
    return [
        Notice(
            kind=Kind.ASSESSMENT_STALE,
            key=f"assessment_stale:team:{row['team_id']}:{row['last']:%Y-%m-%d}",
            title=text(_("%(team)s: latest assessment is older than 12 months"), team=row["team__name"]),
            url=reverse("assessments:team", args=[row["team__slug"]]),
            recipient_ids=frozenset(maintainers.get(row["team_id"], set())),
        )
        for row in latest
    ]


def out_of_policy_notices() -> list[Notice]:
    """Versions holding production out of policy (the gate's flag): the owner and the governance admins,
    once per deployment and version; the same as webhook events."""
    from governance.promotions.gate import policy_reason_messages
    from governance.promotions.models import Deployment

    rows = Deployment.objects.filter(out_of_policy=True).values_list(
        "pk",
        "model_id",
        "model__name",
        "model__owner_id",
        "version_id",
        "version__label",
        "environment__name",
        "policy_reasons",
        "policy_messages",
    )
    admins = selectors.governance_admin_ids()
    endpoints = webhooks.subscribed(event=Event.OUT_OF_POLICY)  # none: no query per deployment
    notices = []
    for pk, model_id, name, owner_id, version_id, label, env, reasons, messages in rows:
        key = f"out_of_policy:deployment:{pk}:version:{version_id}"
        notices.append(
            Notice(
                kind=Kind.OUT_OF_POLICY,
                key=key,
                title=text(
                    _("%(model)s %(version)s in %(environment)s is out of policy"),
                    model=name,
                    version=label,
                    environment=env,
                ),
                body=Joined(policy_reason_messages(reasons, messages)) if isinstance(reasons, list) else "",
                url=reverse("inventory:model_detail", args=[model_id]),
                recipient_ids=frozenset(({owner_id} if owner_id else set()) | admins),
            )
        )
        if not endpoints:
            continue
        webhooks.event_publish(
            endpoints=endpoints,
            event=Event.OUT_OF_POLICY,
            key=key,
            data={
                "model_id": model_id,
                "model": name,
                "version": label,
                "environment": env,
                "reasons": reasons,
            },
        )
    return notices


def scan(*, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Every time-based event at once; the number of notices created per kind."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    groups = {
        Kind.REVIEW_DUE: review_notices(today=today),
        Kind.ACCEPTANCE_EXPIRING: acceptance_notices(today=today),
        Kind.CONSENT_EXPIRING: consent_notices(today=today),
        Kind.ASSESSMENT_STALE: assessment_notices(now=now),
        Kind.OUT_OF_POLICY: out_of_policy_notices(),
        "attestations": records.attestation_notices(today=today),
    }
    return {str(kind): notify_many(notices=notices) for kind, notices in groups.items()}
