"""Which records carry evidence, and who may see and change them: a registry the domain apps fill.

The evidence app sits low in the layers (just above teams) and imports no domain app. Each domain app
registers its record kinds at start-up (its AppConfig.ready), naming how to fetch a record for a reader
(404 when they may not see it, as the product's pages do) and whether they may change it. Evidence rights are
the record's rights: whoever may change the record may attach evidence, whoever may see it may download.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import Http404


@dataclass(frozen=True)
class EvidenceKind:
    key: str  # in URLs and the API: "risk", "consent", ...
    model: type[models.Model]
    label: str
    get_for_view: Callable[..., Any]  # (user=, pk=) -> record; Http404 when the reader may not see it
    can_change: Callable[[Any, Any], bool]  # (user, record) -> may attach evidence
    url_of: Callable[[Any], str]  # the record's page
    title_of: Callable[[Any], str] = str
    refused: str = "You may not change this record, so you may not attach evidence to it."


_KINDS: dict[str, EvidenceKind] = {}


def register(kind: EvidenceKind) -> None:
    _KINDS[kind.key] = kind


def kind_get(key: str) -> EvidenceKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise Http404("No such kind of record.") from None


def kind_of(record: Any) -> EvidenceKind | None:
    for kind in _KINDS.values():
        if isinstance(record, kind.model):
            return kind
    return None


def kind_keys() -> list[str]:
    return sorted(_KINDS)
