"""Export an organisation's governance records to one JSON document and import it into an empty database.

The document is {"manifest": {...}, "records": [...]}: the records are Django's serializer format (what
dumpdata writes), the manifest names the format version, when it was made, the migrations the schema was at,
the number of records per model and the SHA-256 of the records. An import checks all of that first, loads
every record in one transaction with the original primary keys (so history, foreign keys and API ids stay
as they were), resets the sequences and compares the counts, or writes nothing. See docs/backup.md.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

from . import backup_upgrades

FORMAT = "ml-governance-org-export"
FORMAT_VERSION = 1
# Every app that holds governance data or its configuration. Content types and permissions are rebuilt by
# `migrate` and referred to by natural key; sessions and Celery task results are transient.
EXPORT_APPS = (
    "auth",
    "admin",
    "django_celery_beat",
    "teams",
    "inventory",
    "risks",
    "checks",
    "reports",
    "promotions",
    "predictions",
    "notifications",
    "regulation",
    "mlflow_sync",
    "api",
    "assessments",
    "evidence",
)
EXCLUDED_MODELS = frozenset({"auth.permission", "django_celery_beat.periodictasks"})
# These refer to content types and permissions, whose ids differ between databases: natural keys for them.
# Evidence files name their record by content type, whose ids differ between databases too.
NATURAL_KEY_MODELS = frozenset(
    {"auth.user", "auth.group", "admin.logentry", "evidence.evidencefile", "evidence.historicalevidencefile"}
)
# Rows the migrations create in a fresh database; an import replaces them with the exported ones.
REFERENCE_MODELS = frozenset(
    {
        "auth.group",
        "risks.riskmatrix",
        "risks.historicalriskmatrix",
        "checks.checkpolicy",
        "checks.historicalcheckpolicy",
        "assessments.framework",
        "assessments.dimension",
        "assessments.question",
        "promotions.environment",
        "promotions.historicalenvironment",
        "promotions.gateruleset",
        "promotions.historicalgateruleset",
    }
)
MIGRATION_APPS = (*EXPORT_APPS, "contenttypes")


# What a record this database cannot take raises while loading (a field it lacks, a broken reference...).
LOAD_ERRORS = (
    DatabaseError,
    DeserializationError,
    FieldDoesNotExist,
    ObjectDoesNotExist,
    ValidationError,
    ValueError,
    TypeError,
    KeyError,
)


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds; a backup keeps every microsecond (history ordering)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """The export cannot be imported (or made); the message says why. Nothing was written."""


@dataclass
class ImportSummary:
    counts: dict[str, int]
    seconds: float
    report_files_missing: list[str] = field(default_factory=list)
    report_files_changed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def export_models() -> list[type[Model]]:
    """The exported models, users and groups first (others refer to them by natural key)."""
    result = []
    for label in EXPORT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower not in EXCLUDED_MODELS and not model._meta.proxy:
                result.append(model)
    first = [m for m in result if m._meta.label_lower in ("auth.group", "auth.user")]
    return first + [m for m in result if m not in first]


def payload_digest(records: list[dict[str, Any]]) -> str:
    """SHA-256 of the records in a canonical JSON form, so reading and re-writing the file keeps it."""
    canonical = json.dumps(
        records, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        if app in MIGRATION_APPS:
            applied.setdefault(app, []).append(name)
    return applied


def build_export() -> dict[str, Any]:
    """The whole document, read in one repeatable-read snapshot where the database offers one."""
    records: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One consistent snapshot, even while people keep working.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in export_models():
            label = model._meta.label_lower
            queryset = model._default_manager.order_by("pk")
            text = serializers.serialize(
                "json",
                queryset.iterator(chunk_size=2000),
                use_natural_foreign_keys=label in NATURAL_KEY_MODELS,
                cls=ExactJSONEncoder,
            )
            rows = json.loads(text)
            records.extend(rows)
            counts[label] = len(rows)
        migrations = applied_migrations()
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "migrations": migrations,
        "counts": counts,
        "total": sum(counts.values()),
        "sha256": payload_digest(records),
    }
    return {"manifest": manifest, "records": records}


def write_export(document: dict[str, Any], path: Path) -> int:
    """Write the file atomically (a failed export leaves no half file), readable by its owner only: it holds
    password hashes and personal data. Returns its size in bytes."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".json", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, cls=ExactJSONEncoder, ensure_ascii=False, allow_nan=False)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path.stat().st_size


def read_export(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError as exc:
        raise BackupError(f"No export file at {path}.") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is not a JSON export ({exc}).") from exc
    return document


def verify_document(document: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The manifest and the records, once the format, version, checksum and counts are right."""
    if not isinstance(document, dict) or not isinstance(document.get("manifest"), dict):
        raise BackupError("This file has no manifest: it is not an export made by `manage.py export_org`.")
    manifest, records = document["manifest"], document.get("records")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This file is not an organisation export (format {manifest.get('format')!r}).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"This export is format version {manifest.get('format_version')!r}; this release reads version "
            f"{FORMAT_VERSION}. Import it with the release that made it."
        )
    if not isinstance(records, list):
        raise BackupError("This export has no list of records.")
    if payload_digest(records) != manifest.get("sha256"):
        raise BackupError(
            "The records do not match the SHA-256 in the manifest: the file was changed or damaged after "
            "export. Nothing was imported."
        )
    manifest, records = backup_upgrades.upgrade(manifest, records)  # an export made before a model moved app
    counts = manifest.get("counts")
    found = Counter(str(r.get("model", "")).lower() for r in records if isinstance(r, dict))
    if not isinstance(counts, dict) or dict(found) != {k: v for k, v in counts.items() if v}:
        raise BackupError("The manifest's counts per model do not match the records in the file.")
    known = {m._meta.label_lower for m in export_models()}
    unknown = sorted(set(counts) - known)
    if unknown:
        raise BackupError(f"This export holds models this release does not know: {', '.join(unknown)}.")
    return manifest, records


def _check_migrations(manifest: dict[str, Any]) -> None:
    """The records fit the schema only if the database is at the exported migrations, no more, no less."""
    theirs = {app: set(names) for app, names in (manifest.get("migrations") or {}).items()}
    ours = {app: set(names) for app, names in applied_migrations().items()}
    missing = sorted(f"{app}.{n}" for app, names in theirs.items() for n in names - ours.get(app, set()))
    extra = sorted(f"{app}.{n}" for app, names in ours.items() for n in names - theirs.get(app, set()))
    if missing or extra:
        detail = "; ".join(
            part
            for part in (
                f"not applied here: {', '.join(missing)}" if missing else "",
                f"applied here but not in the export: {', '.join(extra)}" if extra else "",
            )
            if part
        )
        raise BackupError(
            "The database schema differs from the export's "
            f"({detail}). Migrate the empty database to the export's migrations, import, then migrate."
        )


def user_data_counts(models: list[type[Model]] | None = None) -> dict[str, int]:
    """Rows of exported models that a fresh, migrated database would not have."""
    counts = {}
    for model in export_models() if models is None else models:
        label = model._meta.label_lower
        if label in REFERENCE_MODELS or label.startswith("django_celery_beat."):
            continue
        n = model._default_manager.count()
        if n:
            counts[label] = n
    return counts


def _tables(models: list[type[Model]]) -> list[str]:
    tables = []
    for model in models:
        tables.append(model._meta.db_table)
        for m2m in model._meta.local_many_to_many:
            if m2m.remote_field.through._meta.auto_created:
                tables.append(m2m.remote_field.through._meta.db_table)
    return tables


def _columns(model: type[Model]) -> set[str]:
    return {f.column for f in model._meta.concrete_fields}


def _schema_models() -> dict[str, type[Model]]:
    """The exported models as the database's applied migrations shape them, by label.

    An export from an older release is loaded into a database migrated to that release's migrations, so a
    model whose table or columns changed since must go through its model of that time (from the migration
    state); today's model serves wherever the columns are the same (always, at this release's migrations),
    which keeps natural keys and relations in one registry.
    """
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = [key for key in loader.applied_migrations if key in loader.graph.nodes]
    state_apps = loader.project_state(nodes=applied, at_end=True).apps
    models = {}
    for model in export_models():
        try:
            then = state_apps.get_model(model._meta.app_label, model._meta.model_name)
        except LookupError:  # its table comes with a migration the database has not reached
            continue
        models[model._meta.label_lower] = model if _columns(then) == _columns(model) else then
    return models


class _SchemaDeserializer(PythonDeserializer):
    """Django's Python deserializer, taking each model from the schema's models instead of today's."""

    def __init__(self, object_list: list[dict[str, Any]], *, models: dict[str, type[Model]], **options: Any):
        super().__init__(object_list, **options)
        self.models = models

    def _get_model_from_node(self, model_identifier: str) -> type[Model]:
        try:
            return self.models[model_identifier.lower()]
        except (KeyError, AttributeError) as exc:
            raise DeserializationError(f"Invalid model identifier: {model_identifier}") from exc


def _load(records: list[dict[str, Any]], models: dict[str, type[Model]]) -> None:
    """Save every record as loaddata does: raw saves (no history rows, no signals' side effects), original
    primary keys, foreign keys checked once at the end."""
    with connection.constraint_checks_disabled():
        deferred = []
        for obj in _SchemaDeserializer(records, models=models, handle_forward_references=True):
            obj.save()
            if obj.deferred_fields:
                deferred.append(obj)
        for obj in deferred:
            obj.save_deferred_fields()


def import_records(*, manifest: dict[str, Any], records: list[dict[str, Any]], replace: bool = False) -> None:
    """Replace the exported tables' rows with the records, all in one transaction, or change nothing."""
    _check_migrations(manifest)
    by_label = _schema_models()
    models = list(by_label.values())
    with transaction.atomic():
        present = user_data_counts(models)
        if present and not replace:
            biggest = sorted(present.items(), key=lambda item: -item[1])[:4]
            listed = ", ".join(f"{label} ({n})" for label, n in biggest)
            raise BackupError(
                f"The database is not empty: it holds {sum(present.values())} governance records ({listed}"
                f"{', …' if len(present) > 4 else ''}). Import into a freshly migrated database, or pass "
                "--replace to discard everything in it first."
            )
        tables = _tables(models)
        with connection.cursor() as cursor:
            postgresql = connection.vendor == "postgresql"
            if postgresql:  # TRUNCATE refuses tables with deferred checks pending in this transaction
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
                cursor.execute(sql)
            if postgresql:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            _load(records, by_label)
            connection.check_constraints(table_names=tables)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        wrong = {
            label: (expected, by_label[label]._default_manager.count())
            for label, expected in manifest["counts"].items()
            if label in by_label  # a table the schema lacks got no rows: loading them failed above
        }
        wrong = {label: pair for label, pair in wrong.items() if pair[0] != pair[1]}
        if wrong:
            listed = ", ".join(
                f"{label}: {found} of {expected}" for label, (expected, found) in wrong.items()
            )
            raise BackupError(f"After loading, the counts differ from the manifest ({listed}); rolled back.")


def report_files_check() -> tuple[list[str], list[str]]:
    """PDF files of succeeded reports missing from MEDIA_ROOT, and those whose SHA-256 differs."""
    from governance.reports.models import Report

    missing, changed = [], []
    for name, digest in Report.objects.exclude(file="").values_list("file", "sha256"):
        if not default_storage.exists(name):
            missing.append(name)
            continue
        sha = hashlib.sha256()
        with default_storage.open(name, "rb") as handle:
            for block in iter(lambda h=handle: h.read(1 << 20), b""):
                sha.update(block)
        if digest and sha.hexdigest() != digest:
            changed.append(name)
    return missing, changed


def import_document(document: Any, *, replace: bool = False) -> ImportSummary:
    started = time.perf_counter()
    manifest, records = verify_document(document)
    try:
        import_records(manifest=manifest, records=records, replace=replace)
    except BackupError:
        raise
    except LOAD_ERRORS as exc:
        raise BackupError(
            f"Loading the records failed ({type(exc).__name__}: {str(exc)[:500]}); the transaction was "
            "rolled back and nothing was imported."
        ) from exc
    missing, changed = report_files_check()
    return ImportSummary(
        counts={k: v for k, v in manifest["counts"].items() if v},
        seconds=time.perf_counter() - started,
        report_files_missing=missing,
        report_files_changed=changed,
    )
