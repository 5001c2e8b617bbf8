"""Issues 22 and 23 as notices: evidence uploaded or downloaded, attestations expiring or expired, and
classifications to re-ask. The evidence and regulation apps announce with their own signals (or, for
expiry, are found by the hourly scan) and never import this app."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from . import selectors, webhooks
from .events import consent_owners, days_word
from .kinds import Event, Kind
from .services import Notice
from .texts import _, text

CONSENT_KIND = "consent"  # the evidence kind of a consent record (inventory/evidence_kinds.py)


def evidence_page(evidence: Any) -> str:
    return reverse("evidence:record", kwargs={"kind": evidence.kind, "pk": evidence.object_id})


def record_owner_ids(*, record: Any) -> set[int]:
    """Who answers for the record: the owner of the model it belongs to (a version, a risk and its
    mitigations and acceptances); for a consent record, the source's steward and the owners of the models
    that use the source (as for the other consent notices)."""
    from governance.inventory.models import ConsentRecord, MLModel

    if isinstance(record, ConsentRecord):
        return set(consent_owners(source_ids={record.data_source_id}).get(record.data_source_id, set()))
    model = record if isinstance(record, MLModel) else getattr(record, "model", None)
    if model is None and getattr(record, "risk", None) is not None:
        model = record.risk.model
    if isinstance(model, MLModel) and model.owner_id:
        return {model.owner_id}
    return set()


def evidence_uploaded(*, evidence: Any, record: Any, actor: Any, superseded: Any = None) -> Notice:
    """The record's owners learn of new evidence; the uploader is never told of their own upload."""
    from governance.evidence.kinds import kind_of

    kind = kind_of(record)
    what = f"{kind.label} {kind.title_of(record)}" if kind else str(record)
    if superseded is not None:
        title = text(_("Evidence replaced on %(record)s: %(file)s"), record=what, file=evidence.name)
    else:
        title = text(_("Evidence added on %(record)s: %(file)s"), record=what, file=evidence.name)
    return Notice(
        kind=Kind.EVIDENCE_UPLOADED,
        key=f"evidence_uploaded:{evidence.pk}",
        title=title,
        body=evidence.description,
        url=evidence_page(evidence),
        recipient_ids=frozenset(record_owner_ids(record=record) - {actor.pk}),
    )


def evidence_uploaded_data(*, evidence: Any, superseded: Any = None) -> dict[str, Any]:
    return {
        "evidence_id": evidence.pk,
        "kind": evidence.kind,
        "record_id": evidence.object_id,
        "name": evidence.name,
        "sha256": evidence.sha256,
        "size": evidence.size,
        "supersedes_id": superseded.pk if superseded is not None else None,
    }


def evidence_downloaded(*, evidence: Any, actor: Any) -> Notice | None:
    """Only where an owner should know: a signed consent form read by someone other than the source's
    steward tells the steward (once per file, reader and day). Other downloads notify no one."""
    if evidence.kind != CONSENT_KIND:
        return None
    from governance.inventory.models import ConsentRecord

    consent = (
        ConsentRecord.objects.filter(pk=evidence.object_id)
        .values("data_source_id", "data_source__steward_id", "reference")
        .first()
    )
    if consent is None or consent["data_source__steward_id"] in (None, actor.pk):
        return None
    today = timezone.localdate()
    return Notice(
        kind=Kind.EVIDENCE_DOWNLOADED,
        key=f"evidence_downloaded:{evidence.pk}:by:{actor.pk}:{today:%Y-%m-%d}",
        title=text(
            _("%(user)s downloaded the consent form %(file)s (%(reference)s)"),
            user=actor.get_username(),
            file=evidence.name,
            reference=consent["reference"],
        ),
        url=evidence_page(evidence),
        recipient_ids=frozenset({consent["data_source__steward_id"]}),
    )


def regulation_page(model_id: int) -> str:
    return reverse("regulation:model", args=[model_id])


def classification_reask(*, model: Any, classification: Any) -> Notice:
    """The model's owner and its team's maintainers, once per classification answer: editing the purpose
    again before anyone re-answers adds nothing; re-answering and changing it again notifies again."""
    recipients = selectors.maintainer_ids(team_ids={model.team_id})[model.team_id]
    if model.owner_id:
        recipients = recipients | {model.owner_id}
    answered = classification.answered_at
    return Notice(
        kind=Kind.CLASSIFICATION_REASK,
        key=f"classification_reask:{classification.pk}:{answered:%Y%m%dT%H%M%S.%f}",
        title=text(
            _("%(model)s: its purpose changed, so its %(framework)s classification needs asking again"),
            model=model.name,
            framework=dict(classification._meta.get_field("framework").choices).get(
                classification.framework, classification.framework
            ),
        ),
        url=regulation_page(model.pk),
        recipient_ids=frozenset(recipients),
    )


def attestation_notices(*, today: datetime.date) -> list[Notice]:
    """Attestations expiring within NOTIFICATIONS_ATTESTATION_WARNING_DAYS, and those that expired within
    the same number of days back, to the attester and the model's owner; one query for any number. An
    attestation already renewed (a later one for the same obligation, not withdrawn) is left out, as is a
    withdrawn one. Each is published to the subscribed webhooks too (one query for the endpoints)."""
    from governance.regulation.models import Attestation
    from governance.regulation.obligations import BY_KEY

    days = settings.NOTIFICATIONS_ATTESTATION_WARNING_DAYS
    renewed = Attestation.objects.filter(
        model_id=OuterRef("model_id"),
        obligation=OuterRef("obligation"),
        withdrawn_at__isnull=True,
        expires_on__gt=OuterRef("expires_on"),
    )
    rows = (
        Attestation.objects.filter(
            withdrawn_at__isnull=True,
            expires_on__gt=today - datetime.timedelta(days=days),
            expires_on__lte=today + datetime.timedelta(days=days),
        )
        .exclude(Exists(renewed))
        .values_list(
            "pk", "model_id", "model__name", "model__owner_id", "attested_by_id", "obligation", "expires_on"
        )
        .order_by("expires_on", "pk")
    )
    endpoints = {
        event: webhooks.subscribed(event=event)
        for event in (Event.ATTESTATION_EXPIRING, Event.ATTESTATION_EXPIRED)
    }
    notices = []
    for pk, model_id, name, owner_id, attester_id, obligation, expires in rows:
        expired = expires <= today  # in force while expires_on > today (Attestation.in_force)
        found = BY_KEY.get(obligation)
        label = found.title if found else obligation
        if expired:
            kind, event, key = (
                Kind.ATTESTATION_EXPIRED,
                Event.ATTESTATION_EXPIRED,
                f"attestation_expired:{pk}",
            )
            title = text(
                _("%(model)s: the attestation of “%(obligation)s” expired on %(day)s"),
                model=name,
                obligation=label,
                day=f"{expires:%Y-%m-%d}",
            )
        else:
            kind, event = Kind.ATTESTATION_EXPIRING, Event.ATTESTATION_EXPIRING
            key = f"attestation_expiring:{pk}:{expires:%Y-%m-%d}:within:{days}"
            title = text(
                _("%(model)s: the attestation of “%(obligation)s” expires in %(days)s"),
                model=name,
                obligation=label,
                days=days_word((expires - today).days),
            )
        notices.append(
            Notice(
                kind=kind,
                key=key,
                title=title,
                url=regulation_page(model_id),
                recipient_ids=frozenset({attester_id} | ({owner_id} if owner_id else set())),
            )
        )
        if endpoints[event]:
            webhooks.event_publish(
                endpoints=endpoints[event],
                event=event,
                key=key,
                data={
                    "attestation_id": pk,
                    "model_id": model_id,
                    "model": name,
                    "obligation": obligation,
                    "expires_on": expires.isoformat(),
                },
            )
    return notices
