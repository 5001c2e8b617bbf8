"""Syncs of an MLflow connector: request one, run it, record what it did.

A run reads the whole registry first (upstream.read_registry), then writes it in batches of BATCH_SIZE
models, one transaction each: a server that fails while being read leaves nothing written, and a failure
while writing leaves whole batches only (the next sync, being a diff, carries on). Every write is in the
history under the "MLflow sync" user.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.foundation.writes import validated_save
from governance.inventory.services.tags import reserved_aliases
from governance.teams import permissions as perms

from . import upstream
from .batches import apply_batch, settled_models
from .importing import Context
from .models import MlflowConnector, SyncRun

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
SYSTEM_USERNAME = "mlflow-sync"
STALE_AFTER = datetime.timedelta(hours=2)  # a run "running" longer than this was lost with its worker
MAX_NOTES = 200
# Every run is read again at least this often, so a metric logged to an ended run still arrives.
RUNS_REREAD_EVERY = datetime.timedelta(hours=24)


def sync_actor() -> Any:
    """The "MLflow sync" user the history names for every sync write: inactive, no password, no login."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": "MLflow", "last_name": "sync", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def connector_save(*, actor: Any, connector: MlflowConnector) -> MlflowConnector:
    if not perms.is_governance_admin(actor):
        raise PermissionDenied(_("Only governance admins register MLflow connectors."))
    validated_save(connector, actor=actor, reason="Saved")
    return connector


def sync_request(*, actor: Any | None, connector: MlflowConnector, trigger: str) -> SyncRun:
    """A queued run; refused while another run of the connector is queued or running."""
    if trigger == SyncRun.Trigger.BUTTON and not perms.is_governance_admin(actor):
        raise PermissionDenied(_("Only governance admins start a sync."))
    if not connector.enabled:
        raise ValidationError(_("This connector is disabled; enable it in the admin first."))
    with transaction.atomic():
        connector = MlflowConnector.objects.select_for_update().get(pk=connector.pk)
        busy = connector.runs.filter(
            status__in=[SyncRun.Status.QUEUED, SyncRun.Status.RUNNING],
            created_at__gte=timezone.now() - STALE_AFTER,
        ).first()
        if busy is not None:
            raise ValidationError(
                _("Sync #%(pk)s of this connector is already %(value)s.")
                % {"pk": busy.pk, "value": busy.get_status_display().lower()}
            )
        # Not a change of the connector's settings: no history record.
        MlflowConnector.objects.filter(pk=connector.pk).update(last_started_at=timezone.now())
        return SyncRun.objects.create(connector=connector, trigger=trigger, requested_by=actor)


def sync_execute(*, run_id: int, client: Any | None = None, all_runs: bool = False) -> SyncRun:
    """Run a queued sync to its end; a redelivered task finds it no longer queued and does nothing.

    `all_runs` reads every version's run, as a sync does when none did within RUNS_REREAD_EVERY."""
    with transaction.atomic():
        run = SyncRun.objects.select_for_update().select_related("connector").get(pk=run_id)
        if run.status != SyncRun.Status.QUEUED:
            return run
        run.status, run.started_at = SyncRun.Status.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at"])
    connector = run.connector
    counts: Counter = Counter()
    notes: list[str] = []
    try:
        read_all = all_runs or _all_runs_due(connector, now=run.started_at)
        listing = upstream.read_registry(
            connector,
            client=client,
            settled=None if read_all else (lambda ms: settled_models(connector=connector, models=ms)),
        )
        run.mlflow_seconds = listing.seconds
        run.all_runs_read = listing.runs_skipped == 0
        if listing.runs_skipped:
            notes.append(
                f"Runs of {listing.runs_skipped} versions not read again: their listing is unchanged and "
                f"their runs had ended. Every run is read at least every "
                f"{RUNS_REREAD_EVERY.total_seconds() / 3600:.0f} hours."
            )
        ctx = Context(run=run, connector=connector, actor=sync_actor(), reserved=reserved_aliases())
        models = sorted(listing.models, key=lambda m: m.name)
        for start in range(0, len(models), BATCH_SIZE):
            batch = apply_batch(ctx=ctx, models=models[start : start + BATCH_SIZE])
            counts.update(batch.counts)
            notes += batch.notes
        if connector.write_back:
            from .writeback import write_back

            written, seconds, problems = write_back(connector=connector, listing=listing, client=client)
            counts["written_back"] += written
            run.mlflow_seconds += seconds
            notes += problems
    except upstream.UpstreamError as exc:
        return _finish(run, counts, notes, error=str(exc))
    except Exception as exc:
        logger.exception("MLflow sync #%s failed", run.pk)
        done = "; earlier batches were written whole" if counts else ""
        return _finish(run, counts, notes, error=f"{type(exc).__name__}: {str(exc)[:500]}{done}")
    return _finish(run, counts, notes, error="")


def _all_runs_due(connector: MlflowConnector, *, now: datetime.datetime) -> bool:
    """True unless a sync that read every run succeeded within RUNS_REREAD_EVERY."""
    return not connector.runs.filter(
        status=SyncRun.Status.SUCCEEDED, all_runs_read=True, started_at__gte=now - RUNS_REREAD_EVERY
    ).exists()


def _finish(run: SyncRun, counts: Counter, notes: list[str], *, error: str) -> SyncRun:
    for name in ("created", "updated", "unchanged", "conflicts", "unmapped", "written_back"):
        setattr(run, name, counts.get(name, 0))
    run.notes = notes[:MAX_NOTES] + (
        [f"… and {len(notes) - MAX_NOTES} more"] if len(notes) > MAX_NOTES else []
    )
    run.error = error
    run.status = SyncRun.Status.FAILED if error else SyncRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    run.save()
    return run


def sync_now(
    *,
    actor: Any | None,
    connector: MlflowConnector,
    trigger: str,
    client: Any | None = None,
    all_runs: bool = False,
) -> SyncRun:
    """Request and run in this process (the management command and tests)."""
    run = sync_request(actor=actor, connector=connector, trigger=trigger)
    return sync_execute(run_id=run.pk, client=client, all_runs=all_runs)


def due_connectors(*, now: datetime.datetime | None = None) -> list[MlflowConnector]:
    now = now or timezone.now()
    return [c for c in MlflowConnector.objects.filter(enabled=True, interval_minutes__gt=0) if c.is_due(now)]
