"""Signal receivers: the lower apps announce events, this app turns them into notices and webhook
deliveries. A receiver never breaks the sender: it works in a savepoint and logs its own failure (the
event itself, a promotion or a report, must not be undone by a notification bug)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db import transaction

from . import events, records, webhooks
from .kinds import Event
from .services import notify, notify_many

logger = logging.getLogger(__name__)


def robust(receiver: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(receiver)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            with transaction.atomic():
                receiver(*args, **kwargs)
        except Exception:
            logger.exception("Notification receiver %s failed; the event itself stands", receiver.__name__)

    return wrapper


@robust
def on_promotion_requested(sender: Any, request: Any, **kwargs: Any) -> None:
    notify(notice=events.promotion_requested(request=request))
    webhooks.event_publish(event=Event.PROMOTION_REQUESTED, key=str(request.pk), data=_promotion(request))


@robust
def on_promotion_decided(sender: Any, request: Any, **kwargs: Any) -> None:
    notify(notice=events.promotion_decided(request=request))
    webhooks.event_publish(event=Event.PROMOTION_DECIDED, key=str(request.pk), data=_promotion(request))


def _promotion(request: Any) -> dict[str, Any]:
    return {
        "request_id": request.pk,
        "model_id": request.model_id,
        "model": request.model.name,
        "version": request.version.label,
        "environment": request.environment.name,
        "kind": request.kind,
        "status": request.status,
    }


@robust
def on_report_ready(sender: Any, report: Any, **kwargs: Any) -> None:
    notify(notice=events.report_ready(report=report))
    webhooks.event_publish(
        event=Event.REPORT_READY,
        key=str(report.pk),
        data={"report_id": report.pk, "kind": report.kind, "sha256": report.sha256},
    )


@robust
def on_consent_withdrawn(sender: Any, consent: Any, **kwargs: Any) -> None:
    notify(notice=events.consent_withdrawn(consent=consent))
    webhooks.event_publish(
        event=Event.CONSENT_WITHDRAWN,
        key=str(consent.pk),
        data={
            "consent_id": consent.pk,
            "data_source_id": consent.data_source_id,
            "reference": consent.reference,
            "purpose": consent.purpose,
        },
    )


@robust
def on_check_run_finished(sender: Any, run_id: int, **kwargs: Any) -> None:
    notices, failing = events.check_failures(run_id=run_id)
    notify_many(notices=notices)
    webhooks.event_publish(
        event=Event.CHECK_RUN_FINISHED, key=str(run_id), data={"run_id": run_id, "new_failures": failing}
    )


@robust
def on_version_registered(sender: Any, version: Any, **kwargs: Any) -> None:
    webhooks.event_publish(
        event=Event.VERSION_REGISTERED,
        key=str(version.pk),
        data={"version_id": version.pk, "model_id": version.model_id, "label": version.label},
    )


@robust
def on_evidence_uploaded(
    sender: Any, evidence: Any, record: Any, actor: Any, superseded: Any = None, **kwargs: Any
) -> None:
    notify(
        notice=records.evidence_uploaded(evidence=evidence, record=record, actor=actor, superseded=superseded)
    )
    webhooks.event_publish(
        event=Event.EVIDENCE_UPLOADED,
        key=str(evidence.pk),
        data=records.evidence_uploaded_data(evidence=evidence, superseded=superseded),
    )


@robust
def on_evidence_downloaded(sender: Any, evidence: Any, actor: Any, **kwargs: Any) -> None:
    notice = records.evidence_downloaded(evidence=evidence, actor=actor)
    if notice is not None:
        notify(notice=notice)


@robust
def on_classification_needs_reasking(sender: Any, model: Any, classification: Any, **kwargs: Any) -> None:
    notice = records.classification_reask(model=model, classification=classification)
    notify(notice=notice)
    webhooks.event_publish(
        event=Event.CLASSIFICATION_REASK,
        key=notice.key,
        data={
            "model_id": model.pk,
            "model": model.name,
            "classification_id": classification.pk,
            "framework": classification.framework,
        },
    )


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Count the bell once at log-in, so the pages that follow read it from the cache."""
    from .selectors import unread_count

    try:
        unread_count(user=user)
    except Exception:  # a log-in never fails because of the bell
        logger.exception("Could not count unread notifications at log-in")


def connect() -> None:
    from governance.checks.engine import run_finished
    from governance.evidence.signals import evidence_downloaded, evidence_uploaded
    from governance.inventory.services.data import consent_withdrawn
    from governance.inventory.signals import version_registered
    from governance.promotions.signals import promotion_decided, promotion_requested
    from governance.regulation.signals import classification_needs_reasking
    from governance.reports.signals import report_ready

    pairs = [
        (promotion_requested, on_promotion_requested),
        (promotion_decided, on_promotion_decided),
        (report_ready, on_report_ready),
        (consent_withdrawn, on_consent_withdrawn),
        (run_finished, on_check_run_finished),
        (version_registered, on_version_registered),
        (evidence_uploaded, on_evidence_uploaded),
        (evidence_downloaded, on_evidence_downloaded),
        (classification_needs_reasking, on_classification_needs_reasking),
    ]
    user_logged_in.connect(on_login, dispatch_uid="notifications.on_login")
    for signal, receiver in pairs:
        signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")
