"""Writes of the reports app: request a report (who may is decided here) and build one (the task calls it)."""

from __future__ import annotations

import datetime
import hashlib
import logging
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance.checks.engine import TRANSIENT_DB_ERRORS
from governance.checks.models import CheckRun
from governance.foundation.dispatch import dispatch_once, resend_lost, task_sender
from governance.inventory.models import MLModel
from governance.teams import permissions as perms
from governance.teams.models import Team

from . import limits
from .builders import annex_iv, dossier, organisation
from .builders import check_run as run_pdf
from .builders import team as team_pdf
from .document import Rendered
from .models import Report, default_language, supported_language
from .signals import report_ready

logger = logging.getLogger(__name__)
ACTIVE = (Report.Status.QUEUED, Report.Status.RUNNING)
MODEL_KINDS = (Report.Kind.MODEL_DOSSIER, Report.Kind.TECHNICAL_DOCUMENTATION)


def can_request(user: Any, *, kind: str, model: MLModel | None = None, team: Team | None = None) -> bool:
    """The same rule as the subject's pages: the model's or team's viewers; organisation-wide reports for
    governance admins and auditors."""
    if kind in MODEL_KINDS and model is not None:
        return perms.can_view_team(user, model.team_id)
    if kind == Report.Kind.TEAM_MATURITY and team is not None:
        return perms.can_view_team(user, team.pk)
    if kind in (Report.Kind.ORGANISATION, Report.Kind.CHECK_RUN):
        return perms.sees_everything(user)
    return False


def report_request(
    *,
    actor: Any,
    kind: str,
    model: MLModel | None = None,
    team: Team | None = None,
    check_run: CheckRun | None = None,
    language: str | None = None,
    enqueue: bool = True,
) -> Report:
    """Record a queued report and, once committed, hand it to a worker; the report already queued or
    running when the same person asks again for the same one (see report_request_or_existing)."""
    subject = {"kind": kind, "model": model, "team": team, "check_run": check_run}
    return report_request_or_existing(actor=actor, language=language, enqueue=enqueue, **subject)[0]


def report_request_or_existing(
    *,
    actor: Any,
    kind: str,
    model: MLModel | None = None,
    team: Team | None = None,
    check_run: CheckRun | None = None,
    language: str | None = None,
    enqueue: bool = True,
) -> tuple[Report, bool]:
    """(report, created). Who may ask is the subject's rule; every request counts towards the per-minute
    limit; a repeat of a report still queued or running for the same requester, kind, subject and language
    returns that one; a new build must fit the daily quota (limits.ReportLimitReached otherwise)."""
    if kind not in Report.Kind.values:
        raise ValidationError(
            {"kind": _("Choose one of %(kinds)s.") % {"kinds": ", ".join(Report.Kind.values)}}
        )
    subject = {
        Report.Kind.MODEL_DOSSIER: ("model", model),
        Report.Kind.TECHNICAL_DOCUMENTATION: ("model", model),
        Report.Kind.TEAM_MATURITY: ("team", team),
        Report.Kind.CHECK_RUN: ("check_run", check_run),
    }.get(kind)
    if subject is not None and subject[1] is None:
        missing = {
            "model": _("Name the model this report is about."),
            "team": _("Name the team this report is about."),
            "check_run": _("Name the check run this report is about."),
        }
        raise ValidationError({subject[0]: missing[subject[0]]})
    model = model if kind in MODEL_KINDS else None
    team = team if kind == Report.Kind.TEAM_MATURITY else None
    check_run = check_run if kind == Report.Kind.CHECK_RUN else None
    if not can_request(actor, kind=kind, model=model, team=team):
        raise PermissionDenied(
            _(
                "Reports on a model or team are for the people who may see it; organisation and check-run "
                "reports are for governance admins and auditors."
            )
        )
    limits.count_request(actor)
    subject = {"kind": kind, "model": model, "team": team, "check_run": check_run}
    try:
        language = supported_language(language) if language else default_language()
    except LookupError:
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        raise ValidationError({"language": _("Choose one of %(codes)s.") % {"codes": codes}}) from None
    existing = _active_repeat(actor=actor, language=language, **subject)
    if existing is not None:
        return existing, False
    limits.check_daily_quota(actor)
    report = Report(requested_by=actor, language=language, **subject)
    report.full_clean(validate_constraints=False)  # the one-active rule is the database's (a race below)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        existing = _active_repeat(actor=actor, language=language, **subject)
        if existing is None:
            raise
        return existing, False
    if enqueue:
        transaction.on_commit(lambda: _enqueue(report.pk, instance=report))
    return report, True


def _active_repeat(*, actor: Any, language: str, **subject: Any) -> Report | None:
    return (
        Report.objects.filter(requested_by=actor, language=language, status__in=ACTIVE, **subject)
        .order_by("created_at", "id")
        .first()
    )


def _enqueue(report_id: int, *, instance: Report | None = None) -> None:
    """Hand a new report to the queue. If the broker cannot take it, the report stays queued, marked as
    waiting for the queue, and recovery sends it when the queue is back; the request still answers."""
    _dispatch(report_id, None, recovering=False, instance=instance)


def _dispatch(
    report_id: int, seen: datetime.datetime | None, *, recovering: bool = True, instance: Report | None = None
) -> bool:
    return dispatch_once(
        model=Report,
        pk=report_id,
        active=ACTIVE,
        seen=seen,
        recovering=recovering,
        send=task_sender("reports.build"),
        label="Report",
        instance=instance,
    )


def _fail_poison(report_id: int, recoveries: int) -> None:
    report_fail(
        report_id=report_id,
        message=f"The build made no progress after it was sent again {recoveries} times; "
        "a worker may be crashing on it. Request the report again once that is resolved.",
    )


def reports_recover(*, stale_after: datetime.timedelta | None = None) -> list[int]:
    """Send again the reports the queue lost; the ids sent. Safe to run anywhere, any number at once.

    Queued reports never handed to the queue go at once; queued or running ones with no progress (dispatch or
    start) for `stale_after` go again (their worker died holding the message); one sent again
    RECOVERY_MAX_ATTEMPTS times without finishing is failed with the reason. A build is safe to repeat.
    """
    if stale_after is None:
        stale_after = datetime.timedelta(seconds=settings.RECOVERY_STALE_SECONDS)
    cutoff = timezone.now() - stale_after
    stale = Q(dispatched_at__lt=cutoff) & (Q(started_at__isnull=True) | Q(started_at__lt=cutoff))
    candidates = (
        Report.objects.filter(status__in=ACTIVE)
        .filter(Q(dispatched_at__isnull=True) | stale)
        .order_by("created_at")
        .values_list("pk", "dispatched_at", "recovery_count")
    )
    return resend_lost(candidates=candidates, dispatch=_dispatch, fail=_fail_poison, label="Report")


def report_render(report: Report, *, generated_at: datetime.datetime | None = None) -> Rendered:
    """The PDF of a report record, by kind: the builders take ids, so this is the only dispatch."""
    generated_at = generated_at or timezone.now()
    author = report.requested_by.get_full_name() or report.requested_by.get_username()
    common = {"report_id": report.pk, "author": author, "generated_at": generated_at}
    with translation.override(report.language or default_language()):  # headings, tables, faces
        if report.kind == Report.Kind.MODEL_DOSSIER:
            return dossier.build(model_id=report.model_id, **common)
        if report.kind == Report.Kind.TECHNICAL_DOCUMENTATION:
            return annex_iv.build(model_id=report.model_id, **common)
        if report.kind == Report.Kind.TEAM_MATURITY:
            return team_pdf.build(team_id=report.team_id, **common)
        if report.kind == Report.Kind.CHECK_RUN:
            return run_pdf.build(run_id=report.check_run_id, **common)
        return organisation.build(**common)


def report_build(*, report_id: int) -> Report:
    """Build a queued report, store the file and its SHA-256, record timings; a build error fails the
    report with the reason (a retry of a finished report does nothing)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("requested_by").get(pk=report_id)
        if report.is_finished:
            return report
        report.status = Report.Status.RUNNING
        report.started_at = timezone.now()
        report.save(update_fields=["status", "started_at"])
    start = time.perf_counter()
    try:
        rendered = report_render(report, generated_at=report.started_at)
    except TRANSIENT_DB_ERRORS:
        raise  # the task retries these
    except Exception as exc:  # any other build error fails the report with a reason its reader can act on
        logger.exception("Report %s failed: %s: %s", report.pk, type(exc).__name__, exc)
        with translation.override(report.language or default_language()):  # the requester reads it
            reason = failure_reason(exc, report_id=report.pk)
        report_fail(report_id=report.pk, message=reason)
        report.refresh_from_db()
        return report
    report.sha256 = hashlib.sha256(rendered.data).hexdigest()
    report.size_bytes = len(rendered.data)
    report.page_count = rendered.pages
    report.file.save(report.filename_ascii, ContentFile(rendered.data), save=False)
    report.status = Report.Status.SUCCEEDED
    report.finished_at = timezone.now()
    report.error = ""
    report.save()
    report_ready.send(sender=Report, report=report)  # notifications (issue 21)
    logger.info("Report %s built: %s pages in %.2f s", report.pk, rendered.pages, time.perf_counter() - start)
    return report


def failure_reason(exc: BaseException, *, report_id: int, gave_up: bool = False) -> str:
    """What the requester reads when a build fails: plain words and what to do, never the exception's text
    (it holds internals such as "Flowable <Table@0x7F…>"); the detail goes to the log with the report id."""
    if isinstance(exc, ObjectDoesNotExist):
        return _("What this report is about no longer exists, so it could not be built.")
    if gave_up or isinstance(exc, TRANSIENT_DB_ERRORS):
        return _(
            "The build stopped after repeated errors reaching the database or the task queue. Request the "
            "report again in a few minutes."
        )
    return _(
        "The PDF could not be built because of an error in the report generator (logged under report "
        "#%(id)s for the administrators). Request the report again; if it fails again, tell a governance "
        "admin."
    ) % {"id": report_id}


def report_fail(*, report_id: int, message: str) -> None:
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.SUCCEEDED).update(
        status=Report.Status.FAILED, finished_at=timezone.now(), error=message[:2000]
    )
