"""Each event of issue 21 as notices with their recipients (the issue's table), built in bulk.

Event keys name the event and, for time-based ones, the threshold crossed (and the date it refers to), so a
scan that runs every hour notifies once per threshold, and a new review cycle or renewed consent notifies
again."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, Subquery
from django.db.models.expressions import OuterRef
from django.urls import reverse
from django.utils.functional import lazy

from governance.checks.models import CheckResult, CheckRun, Outcome
from governance.foundation.lazytext import Joined

from . import selectors
from .kinds import Kind
from .services import Notice
from .texts import _, count_word, lower, text
from .texts import days_word as days_word

REVIEW_SOON_DAYS = 14
ACCEPTANCE_SOON_DAYS = 30


def promotion_requested(*, request: Any) -> Notice:
    """Those who may decide: the team's maintainers and the governance admins, never the requester."""
    model = request.model
    deciders = (
        selectors.maintainer_ids(team_ids={model.team_id})[model.team_id] | selectors.governance_admin_ids()
    )
    return Notice(
        kind=Kind.PROMOTION_REQUESTED,
        key=f"promotion_requested:{request.pk}",
        title=text(
            _("%(model)s %(version)s: promotion to %(environment)s requested"),
            model=model.name,
            version=request.version.label,
            environment=request.environment.name,
        ),
        body=request.justification,
        url=reverse("promotions:request_detail", args=[request.pk]),
        recipient_ids=frozenset(deciders - {request.requested_by_id}),
    )


def promotion_decided(*, request: Any) -> Notice:
    return Notice(
        kind=Kind.PROMOTION_DECIDED,
        key=f"promotion_decided:{request.pk}",
        title=text(
            _("%(model)s %(version)s to %(environment)s: %(status)s"),
            model=request.model.name,
            version=request.version.label,
            environment=request.environment.name,
            status=lower(type(request).Status(request.status).label),
        ),
        body=request.decision_reason,
        url=reverse("promotions:request_detail", args=[request.pk]),
        recipient_ids=frozenset({request.requested_by_id}),
    )


def report_ready(*, report: Any) -> Notice:
    return Notice(
        kind=Kind.REPORT_READY,
        key=f"report_ready:{report.pk}",
        title=text(_("Your report is ready: %(kind)s"), kind=type(report).Kind(report.kind).label),
        url=reverse("reports:detail", args=[report.pk]),
        recipient_ids=frozenset({report.requested_by_id}),
    )


def consent_owners(*, source_ids: set[int]) -> dict[int, set[int]]:
    """Each data source's steward and the owners of the models that use it (two queries)."""
    from governance.inventory.models import DataSource, DataSourceUse

    found = {
        pk: {steward}
        for pk, steward in DataSource.objects.filter(pk__in=source_ids).values_list("pk", "steward_id")
    }
    uses = DataSourceUse.objects.filter(data_source_id__in=source_ids).values_list(
        "data_source_id", "model__owner_id"
    )
    for source_id, owner_id in uses:
        if owner_id:
            found.setdefault(source_id, set()).add(owner_id)
    return found


def consent_withdrawn(*, consent: Any) -> Notice:
    recipients = consent_owners(source_ids={consent.data_source_id}).get(consent.data_source_id, set())
    return Notice(
        kind=Kind.CONSENT_WITHDRAWN,
        key=f"consent_withdrawn:{consent.pk}",
        title=text(
            _("Consent withdrawn: %(reference)s (%(purpose)s)"),
            reference=consent.reference,
            purpose=consent.purpose,
        ),
        url=reverse("inventory:data_source_detail", args=[consent.data_source_id]),
        recipient_ids=frozenset(recipients),
    )


def check_failures(*, run_id: int) -> tuple[list[Notice], list[dict[str, Any]]]:
    """Checks failing in this run that did not fail in the model's previous successful run, one notice per
    model to its owner; and the same as data for the webhook. Two queries whatever the run's size."""
    previous = (
        CheckResult.objects.filter(
            model_id=OuterRef("model_id"),
            check_key=OuterRef("check_key"),
            run_id__lt=run_id,
            run__status=CheckRun.Status.SUCCEEDED,
        )
        .order_by("-run_id")
        .values("outcome")[:1]
    )
    rows = (
        CheckResult.objects.filter(run_id=run_id, outcome=Outcome.FAIL)
        .annotate(before=Subquery(previous))
        .filter(Q(before__isnull=True) | ~Q(before=Outcome.FAIL))
        .values_list("model_id", "model__name", "model__owner_id", "check_key")
        .order_by("model_id", "check_key")
    )
    by_model: dict[int, dict[str, Any]] = {}
    for model_id, name, owner_id, check_key in rows:
        entry = by_model.setdefault(
            model_id, {"model_id": model_id, "model": name, "owner": owner_id, "checks": []}
        )
        entry["checks"].append(check_key)
    notices = [
        Notice(
            kind=Kind.CHECK_FAILING,
            key=f"check_failing:run:{run_id}:model:{model_id}",
            title=text(
                _("%(model)s: %(checks)s newly failing"),
                model=e["model"],
                checks=count_word(len(e["checks"]), _("%(count)s check"), _("%(count)s checks")),
            ),
            body=check_titles(e["checks"]),
            url=reverse("inventory:model_detail", args=[model_id]),
            recipient_ids=frozenset({e["owner"]} if e["owner"] else set()),
        )
        for model_id, e in by_model.items()
    ]
    data = [
        {"model_id": e["model_id"], "model": e["model"], "checks": e["checks"]} for e in by_model.values()
    ]
    return notices, data


def _check_title(key: str) -> str:
    import governance.checks.catalogue  # noqa: F401  (registers the checks)
    from governance.checks.registry import get_check

    check = get_check(key)
    return check.title if check else key  # a check since removed: its key


def check_titles(keys: list[str]) -> Joined:
    """The checks' titles, read in the language of whoever reads the notice (its recipient's, when
    notify_many writes the body), not their keys: "Owner is an active user, Model card complete"."""
    return Joined([lazy(_check_title, str)(key) for key in keys], ", ")


def review_threshold(*, due: datetime.date, today: datetime.date) -> str:
    return "overdue" if due < today else "due_soon"


def webhook_disabled(*, endpoint: Any) -> Notice:
    """The governance admins learn that an endpoint stopped receiving (the issue: "its admins are told")."""
    return Notice(
        kind=Kind.WEBHOOK_DISABLED,
        key=f"webhook_disabled:{endpoint.pk}:{endpoint.consecutive_failures}:{endpoint.disabled_reason[:60]}",
        title=text(_("Webhook endpoint disabled: %(name)s"), name=endpoint.name),
        body=endpoint.disabled_reason,
        url=reverse("notifications:webhook_detail", args=[endpoint.pk]),
        recipient_ids=frozenset(selectors.governance_admin_ids() | {endpoint.created_by_id}),
    )
