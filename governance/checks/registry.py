"""The catalogue's registry: each check declares its key, title, category, severity and remediation.

A check is a function from a ChunkData (a set of models, the policy and today, with their rows loaded in
bulk) to Findings. It must not query per model: it reads what ChunkData loads in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .data import ChunkData


class Category(models.TextChoices):
    ACCOUNTABILITY = "accountability", _("Accountability")
    DOCUMENTATION = "documentation", _("Documentation")
    DATA_CONSENT = "data_consent", _("Data and consent")
    RISK = "risk", _("Risk")
    MATURITY = "maturity", _("Maturity")
    QUALITY_FAIRNESS = "quality_fairness", _("Quality and fairness")


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


@dataclass(frozen=True)
class Finding:
    model_id: int
    outcome: str
    detail: str
    evidence: dict[str, Any] = field(default_factory=dict)


CheckFunction = Callable[["ChunkData"], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    category: str
    severity: str
    remediation: str
    function: CheckFunction

    def run(self, data: ChunkData) -> Iterable[Finding]:
        return self.function(data)

    @property
    def category_label(self) -> str:
        return Category(self.category).label

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label


_REGISTRY: dict[str, Check] = {}


def register(
    *, key: str, title: str, category: str, severity: str, remediation: str
) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: add a check function to the catalogue under a stable key."""
    if category not in Category.values or severity not in Severity.values:
        raise ValueError(f"Check {key}: unknown category {category!r} or severity {severity!r}")

    def decorate(function: CheckFunction) -> CheckFunction:
        if key in _REGISTRY and _REGISTRY[key].function is not function:
            raise ValueError(f"Two checks share the key {key!r}")
        _REGISTRY[key] = Check(key, title, category, severity, remediation, function)
        return function

    return decorate


def all_checks() -> list[Check]:
    """Every registered check, by category then key (the order pages and reports list them in)."""
    order = {c: i for i, c in enumerate(Category.values)}
    return sorted(_REGISTRY.values(), key=lambda c: (order[c.category], c.key))


def get_check(key: str) -> Check | None:
    return _REGISTRY.get(key)
