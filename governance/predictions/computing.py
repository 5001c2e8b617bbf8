"""The stages of computing one set, as the Celery tasks call them (take an id, read through the storage API,
write results in one transaction). A set is computed or rejected as a whole: partial results are never stored.
"""

from __future__ import annotations

import datetime
import logging
import os
from typing import Any

import pyarrow as pa
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from governance.checks.models import CheckPolicy
from governance.inventory.models import Evaluation, MonitoringSnapshot, Origin

from . import compute
from .metrics.partials import merge
from .models import PREDICTION_STORAGE, PredictionSet
from .reading import Rejected, csv_to_parquet, parquet_file, schema_of
from .timings import stage

logger = logging.getLogger(__name__)
ACTIVE = (PredictionSet.Status.RECEIVED, PredictionSet.Status.COMPUTING)
READ_ERRORS = (Rejected, pa.ArrowException, OSError, ValueError, KeyError)


def reject(*, set_id: int, reason: str) -> None:
    """Mark the set rejected; its rows are useless, so the file goes, and no result is kept."""
    with transaction.atomic():
        prediction_set = PredictionSet.objects.select_for_update().get(pk=set_id)
        if prediction_set.status not in ACTIVE:
            return
        if prediction_set.file:
            prediction_set.file.storage.delete(prediction_set.file.name)
            prediction_set.file = ""
        prediction_set.status = PredictionSet.Status.REJECTED
        prediction_set.rejection_reason = reason[:2000]
        prediction_set.save(update_fields=["status", "rejection_reason", "file"])
    logger.info("prediction set %s rejected: %s", set_id, reason)


def _normalise(prediction_set: PredictionSet) -> None:
    """A CSV upload becomes Parquet (row groups to split by), stored in place of the CSV: one copy."""
    storage, old = prediction_set.file.storage, prediction_set.file.name
    with storage.open(old, "rb") as source:
        converted = csv_to_parquet(source, sensitive=prediction_set.columns["sensitive"])
    with converted:
        name = os.path.splitext(prediction_set.original_name or "upload")[0] + ".parquet"
        prediction_set.file.save(name, File(converted), save=False)
    storage.delete(old)
    prediction_set.save(update_fields=["file"])


def _profile_of(prediction_set: PredictionSet) -> dict | None:
    if prediction_set.role != PredictionSet.Role.LIVE:
        return None
    return prediction_set.reference.profile


def compute_start(*, set_id: int) -> dict[str, Any] | None:
    """Check the file and plan the pass; None when the set is not waiting or was rejected.

    Each job names the stored file, so the jobs read it without looking the set up again.
    """
    prediction_set = PredictionSet.objects.select_related("reference").get(pk=set_id)
    if prediction_set.status not in ACTIVE or not prediction_set.file:
        return None
    profile = _profile_of(prediction_set)
    try:
        if not prediction_set.file.name.endswith(".parquet"):
            with stage("normalise", set_id=set_id):
                _normalise(prediction_set)
        with stage("plan", set_id=set_id), prediction_set.file.open("rb") as source:
            spec, parts = compute.plan(
                source, columns=prediction_set.columns, threshold=prediction_set.threshold, profile=profile
            )
            source.seek(0)
            pf = parquet_file(source)
            schema, rows = schema_of(pf), pf.metadata.num_rows
    except READ_ERRORS as exc:
        reject(set_id=set_id, reason=_reason(exc))
        return None
    PredictionSet.objects.filter(pk=set_id).update(
        status=PredictionSet.Status.COMPUTING, schema=schema, row_count=rows
    )
    jobs = compute.jobs(spec, parts, reference=profile is None)
    return {"spec": spec, "jobs": [{**job, "file": prediction_set.file.name} for job in jobs]}


def _reason(exc: Exception) -> str:
    return str(exc) if isinstance(exc, Rejected) else f"the file cannot be read: {type(exc).__name__}: {exc}"


def _source(name: str):
    """A local path when the storage has one (pyarrow reads it natively, faster), else a file object."""
    try:
        return PREDICTION_STORAGE.path(name)
    except NotImplementedError:
        return PREDICTION_STORAGE.open(name, "rb")


def job_compute(*, spec: dict, job: dict) -> dict:
    """One job's results; a read error comes back as the job's error (at its first row), never raised."""
    try:
        source = _source(job["file"])
        try:
            return compute.run_job(source, spec, job)
        finally:
            if hasattr(source, "close"):
                source.close()
    except READ_ERRORS as exc:
        return {"rows": 0, "error": {"row": job.get("offset", 0) + 1, "column": "", "message": _reason(exc)}}


def merge_finish(*, set_id: int, spec: dict, partials: list[dict]) -> None:
    """Merge every job's results and store what they give, or reject the set with the first bad row."""
    prediction_set = PredictionSet.objects.select_related("reference").get(pk=set_id)
    policy = CheckPolicy.current()
    try:
        with stage("merge", set_id=set_id):
            merged = merge(partials)
        with stage("finish", set_id=set_id):
            result = compute.finish(
                spec,
                merged,
                profile=_profile_of(prediction_set),
                min_group_size=policy.fairness_min_group_size,
            )
    except Rejected as exc:
        reject(set_id=set_id, reason=str(exc))
        return
    with stage("store", set_id=set_id):
        store(set_id=set_id, result=result)


def group_metrics_of(fairness: dict[str, Any]) -> dict[str, dict[str, dict[str, float]]]:
    """Per attribute, the judged groups' rates in the shape evaluations and snapshots hold."""
    rates = ("selection_rate", "true_positive_rate", "false_positive_rate", "error_rate")
    out = {}
    for key, attribute in fairness["attributes"].items():
        groups = {
            row["group"]: {r: row[r] for r in rates if row.get(r) is not None}
            for row in attribute["groups"]
            if row["judged"]
        }
        if groups:
            out[key] = groups
    return out


def _moment(text: str | None):
    value = parse_datetime(text) if text else None
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def store(*, set_id: int, result: dict[str, Any]) -> None:
    """Results, the evaluation or snapshot marked computed, and superseding: all or nothing."""
    with transaction.atomic():
        prediction_set = PredictionSet.objects.select_for_update().get(pk=set_id)
        if prediction_set.status not in ACTIVE:
            return
        fairness, now = result["fairness"], timezone.now()
        overall = fairness["overall"]
        window = result.get("window") or [None, None]
        prediction_set.window_start, prediction_set.window_end = _moment(window[0]), _moment(window[1])
        metric = "accuracy" if fairness["labelled"] else "selection_rate"
        quality = overall.get("accuracy", overall["selection_rate"])
        common = {
            "version_id": prediction_set.version_id,
            "metric_name": metric,
            "group_metrics": group_metrics_of(fairness),
            "origin": Origin.COMPUTED,
            "origin_detail": prediction_set.evidence_label,
            "recorded_by_id": prediction_set.uploaded_by_id,
        }
        if prediction_set.role == PredictionSet.Role.REFERENCE:
            if quality is not None:  # histograms without group counts give drift bins only
                prediction_set.evaluation = Evaluation.objects.create(
                    quality=quality, evaluated_at=now, **common
                )
            prediction_set.profile = result["profile"]
            PredictionSet.objects.filter(
                version_id=prediction_set.version_id,
                role=PredictionSet.Role.REFERENCE,
                status=PredictionSet.Status.COMPUTED,
                superseded_by__isnull=True,
            ).exclude(pk=set_id).update(superseded_by=prediction_set)
        else:
            drift = {k: round(v["psi"], 6) for k, v in result["drift"].items() if v.get("psi") is not None}
            prediction_set.snapshot = MonitoringSnapshot.objects.create(
                live_quality=overall.get("accuracy"),
                feature_drift=drift,
                prediction_count=min(result["rows"], 2**31 - 1),  # the column is a 32-bit integer
                taken_at=min(prediction_set.window_end or now, now),
                **common,
            )
        prediction_set.results = {k: v for k, v in result.items() if k != "profile"}
        prediction_set.row_count = result["rows"]
        prediction_set.status = PredictionSet.Status.COMPUTED
        prediction_set.computed_at = now
        prediction_set.save()


def compute_inline(*, set_id: int) -> PredictionSet:
    """Every job in this process, in order, then the merge (tests, a worker-less single machine)."""
    job = compute_start(set_id=set_id)
    if job is not None:
        partials = [job_compute(spec=job["spec"], job=one) for one in job["jobs"]]
        merge_finish(set_id=set_id, spec=job["spec"], partials=partials)
    return PredictionSet.objects.get(pk=set_id)
