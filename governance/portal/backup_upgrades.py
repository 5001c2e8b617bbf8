"""Exports made before a model moved to another app still import: their records and manifest are rewritten
to today's labels first (docs/backup.md). Each move is listed once, with the migrations that made it; those
change Django's state only (the tables stay), so an old export fits a database migrated past them."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Move:
    old_app: str
    new_app: str
    models: frozenset[str]
    migrations: dict[str, tuple[str, ...]]  # app label -> the migrations that made the move


MOVES = (
    Move(
        old_app="inventory",
        new_app="teams",
        models=frozenset({"team", "membership", "historicalteam", "historicalmembership"}),
        migrations={
            "teams": ("0001_initial",),
            "assessments": ("0003_team_moves_to_teams_app",),
            "checks": ("0006_team_moves_to_teams_app",),
            "reports": ("0004_team_moves_to_teams_app",),
            "inventory": ("0004_team_moves_to_teams_app",),
        },
    ),
)
# Fields that hold natural keys naming a content type: [app, model] or [codename, app, model] per item.
CONTENT_TYPE_FIELDS = {"admin.logentry": ("content_type",)}
PERMISSION_FIELDS = {"auth.group": ("permissions",), "auth.user": ("user_permissions",)}


def _made_before(move: Move, manifest: dict[str, Any]) -> bool:
    applied = manifest.get("migrations") or {}
    return isinstance(applied, dict) and move.new_app not in applied and move.old_app in applied


def _relabel(label: str, move: Move) -> str:
    app, _, model = label.partition(".")
    return f"{move.new_app}.{model}" if app == move.old_app and model in move.models else label


def _apply(move: Move, manifest: dict[str, Any], records: list[Any]) -> None:
    manifest["counts"] = {
        _relabel(str(k).lower(), move): v for k, v in (manifest.get("counts") or {}).items()
    }
    for app, names in move.migrations.items():
        manifest["migrations"][app] = sorted({*manifest["migrations"].get(app, []), *names})
    for record in records:
        if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
            continue
        label = str(record.get("model", "")).lower()
        record["model"] = _relabel(label, move)
        fields = record["fields"]
        for name in CONTENT_TYPE_FIELDS.get(label, ()):
            key = fields.get(name)
            if isinstance(key, list) and len(key) == 2 and key[0] == move.old_app and key[1] in move.models:
                fields[name] = [move.new_app, key[1]]
        for name in PERMISSION_FIELDS.get(label, ()):
            keys = fields.get(name)
            if isinstance(keys, list):
                fields[name] = [
                    [k[0], move.new_app, k[2]]
                    if isinstance(k, list) and len(k) == 3 and k[1] == move.old_app and k[2] in move.models
                    else k
                    for k in keys
                ]


def upgrade(manifest: dict[str, Any], records: list[Any]) -> tuple[dict[str, Any], list[Any]]:
    """The manifest and records as this release labels them (copies; unchanged if no move applies)."""
    moves = [move for move in MOVES if _made_before(move, manifest)]
    if not moves:
        return manifest, records
    manifest, records = copy.deepcopy(manifest), copy.deepcopy(records)
    for move in moves:
        _apply(move, manifest, records)
    return manifest, records
