"""The listing diff, as pure functions: what an upstream model or version should look like here, its
fingerprint, and a three-way comparison (last imported, local now, upstream now) that applies upstream
changes only where nobody edited the value here, and names a conflict where someone did.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from governance.inventory.tags import TAG_KEY_MAX, TAG_VALUE_MAX

from .upstream import UpstreamModel, UpstreamVersion

# Tags this product writes on MLflow versions; never imported back (they would echo every sync).
WRITE_BACK_PREFIX = "governance."
MODEL_NAME_MAX = 200  # MLModel.name
VERSION_LABEL_MAX = 100
ARTIFACT_URI_MAX = 500
METRIC_NAME_MAX = 50
ALIAS_MAX = 100


def fingerprint(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def model_fingerprint(model: UpstreamModel) -> str:
    return fingerprint(
        {"name": model.name, "description": model.description, "tags": model.tags, "aliases": model.aliases}
    )


NOT_FINGERPRINTED = frozenset({"run_status"})  # says only whether the run may still change
FROM_THE_RUN = frozenset({"metrics", "params", "run_missing", "run_status"})


def version_fingerprint(version: UpstreamVersion) -> str:
    return fingerprint({k: v for k, v in asdict(version).items() if k not in NOT_FINGERPRINTED})


def listing_fingerprint(version: UpstreamVersion) -> str:
    """What the version listing says (source, run id, tags...), without what is read from the run."""
    return fingerprint({k: v for k, v in asdict(version).items() if k not in FROM_THE_RUN})


def run_bookkeeping(version: UpstreamVersion) -> dict[str, Any]:
    """Kept with the values last imported: a later sync skips the run when the listing still says this
    and the run had ended (docs/mlflow.md, "Which runs a sync reads")."""
    return {"listing": listing_fingerprint(version), "settled": version.run_settled}


def _odd(text: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Cleaned:
    values: dict[str, str]
    notes: list[str] = field(default_factory=list)


def clean_tags(tags: dict[str, str], *, where: str, skip_prefix: str = "") -> Cleaned:
    """The tags this product can hold. Policy (docs/mlflow.md): a key longer than 250 characters or with
    control characters is skipped; a value longer than 500 is cut to 500 with '…'; a value with control
    characters is skipped. Every skip and cut is a note on the sync record."""
    out, notes = {}, []
    for key, value in sorted(tags.items()):
        value = "" if value is None else str(value)
        if skip_prefix and key.startswith(skip_prefix):
            continue
        if len(key) > TAG_KEY_MAX or not key.strip() or _odd(key):
            notes.append(
                f"{where}: tag key {key[:40]!r}… skipped (empty, over {TAG_KEY_MAX} or control chars)"
            )
            continue
        if _odd(value):
            notes.append(f"{where}: tag {key!r} skipped (control characters in its value)")
            continue
        if len(value) > TAG_VALUE_MAX:
            notes.append(f"{where}: tag {key!r} value cut to {TAG_VALUE_MAX} characters")
            value = _cut(value, TAG_VALUE_MAX)
        out[key.strip()] = value
    return Cleaned(out, notes)


def clean_metrics(metrics: dict[str, float], *, where: str) -> Cleaned:
    """Finite metrics with names cut to the evaluation's 50 characters (a cut is noted)."""
    out: dict[str, Any] = {}
    notes = []
    for name, value in sorted(metrics.items()):
        if value is None or not math.isfinite(value):
            notes.append(f"{where}: metric {name!r} skipped (not a finite number)")
            continue
        short = _cut(name, METRIC_NAME_MAX)
        if short != name:
            notes.append(f"{where}: metric name {name[:40]!r}… cut to {METRIC_NAME_MAX} characters")
        out[short] = value
    return Cleaned(out, notes)


def version_fields(version: UpstreamVersion) -> tuple[dict[str, Any], list[str]]:
    """The version's inventory fields from MLflow (the ones the sync keeps in step)."""
    notes = []
    where = f"version {version.version}"
    if len(version.source) > ARTIFACT_URI_MAX:
        notes.append(f"{where}: source cut to {ARTIFACT_URI_MAX} characters")
    metrics = clean_metrics(version.metrics, where=where)
    params = {k: _cut(str(v), 500) for k, v in sorted(version.params.items()) if not _odd(k)}
    fields = {
        "artifact_uri": _cut(version.source, ARTIFACT_URI_MAX),
        "code_reference": f"MLflow run {version.run_id}" if version.run_id else "",
        "hyperparameters": params,
        "validation_metrics": metrics.values,
    }
    return fields, notes + metrics.notes


@dataclass
class ThreeWay:
    """Per key: set (key -> new value), remove (keys) and conflicts (key, local, upstream)."""

    set: dict[str, Any] = field(default_factory=dict)
    remove: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.set or self.remove)


_MISSING = object()


def three_way(*, imported: dict[str, Any], local: dict[str, Any], upstream: dict[str, Any]) -> ThreeWay:
    """Apply an upstream change only where the local value is still what was last imported.

    A key never imported and set here is left alone; a key changed upstream and edited here is a conflict
    (the local value stays); a key removed upstream and untouched here is removed.
    """
    result = ThreeWay()
    for key in sorted(set(imported) | set(upstream)):
        before = imported.get(key, _MISSING)
        after = upstream.get(key, _MISSING)
        here = local.get(key, _MISSING)
        if before == after and key in imported:
            continue  # unchanged upstream: whatever was done here stands
        if here == after:
            continue  # already as upstream says
        if here != before and not (here is _MISSING and before is _MISSING):
            result.conflicts.append(
                (key, None if here is _MISSING else here, None if after is _MISSING else after)
            )
            continue
        if after is _MISSING:
            result.remove.append(key)
        else:
            result.set[key] = after
    return result
