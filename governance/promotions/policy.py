"""The gate policy as data: which rule sets apply to a promotion, and the strictest of their values.

Every active rule set whose tier, business criticality and environment match (empty matches anything)
applies. Where several do, the strictest value of each parameter wins: the shortest age, the union of listed
checks and fields, the lowest severity class, the highest level, the most approvals. So a model that is
also in a stricter category (a high business criticality, or Korea's high-impact category later) is held to
the stricter set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from governance.risks.matrix import SEVERITY_CLASSES

MODEL_CARD_FIELDS = (
    "purpose",
    "intended_use",
    "out_of_scope_uses",
    "limitations",
    "training_data_description",
    "evaluation_description",
    "ethical_considerations",
)


@dataclass
class EffectivePolicy:
    rule_sets: list[str] = field(default_factory=list)
    check_max_age_days: int | None = None
    failing_checks: set[str] = field(default_factory=set)
    untreated_severity: str = ""
    require_consent: bool = False
    require_active_people: bool = False
    model_card_fields: list[str] = field(default_factory=list)
    min_mlops_level: int | None = None
    require_fairness_evaluation: bool = False
    maintainer_approvals: int = 1
    admin_approvals: int = 0
    independent_approver: bool = False
    rollback_maintainer_approvals: int = 1
    rollback_admin_approvals: int = 0
    request_ttl_days: int = 7

    def approvals_for(self, kind: str) -> tuple[int, int]:
        """(maintainers, governance admins) a request of this kind needs."""
        if kind in ("rollback", "demote"):  # going back, or out: the policy may ask for fewer approvals
            return self.rollback_maintainer_approvals, self.rollback_admin_approvals
        return self.maintainer_approvals, self.admin_approvals


def _stricter_min(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def _stricter_max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _lower_class(a: str, b: str) -> str:
    if not a or not b:
        return a or b
    return min(a, b, key=SEVERITY_CLASSES.index)


def matches(rule_set: Any, *, tier: str, criticality: str, environment_id: int) -> bool:
    return (
        rule_set.active
        and rule_set.tier in ("", tier)
        and rule_set.business_criticality in ("", criticality)
        and rule_set.environment_id in (None, environment_id)
    )


def effective_policy(
    *, rule_sets: list[Any], tier: str, criticality: str, environment_id: int
) -> EffectivePolicy:
    p = EffectivePolicy()
    first = True
    for rs in rule_sets:
        if not matches(rs, tier=tier, criticality=criticality, environment_id=environment_id):
            continue
        p.rule_sets.append(rs.name)
        p.check_max_age_days = _stricter_min(p.check_max_age_days, rs.check_max_age_days)
        p.failing_checks |= set(rs.failing_checks or [])
        p.untreated_severity = _lower_class(p.untreated_severity, rs.untreated_severity)
        p.require_consent |= rs.require_consent
        p.require_active_people |= rs.require_active_people
        p.model_card_fields = sorted(set(p.model_card_fields) | set(rs.model_card_fields or []))
        p.min_mlops_level = _stricter_max(p.min_mlops_level, rs.min_mlops_level)
        p.require_fairness_evaluation |= rs.require_fairness_evaluation
        p.independent_approver |= rs.independent_approver
        for name in (
            "maintainer_approvals",
            "admin_approvals",
            "rollback_maintainer_approvals",
            "rollback_admin_approvals",
        ):
            value = getattr(rs, name)
            setattr(p, name, value if first else max(getattr(p, name), value))
        p.request_ttl_days = rs.request_ttl_days if first else min(p.request_ttl_days, rs.request_ttl_days)
        first = False
    return p


def validate_rule_set(rs: Any) -> None:
    import governance.checks.catalogue  # noqa: F401 - registers the checks
    from governance.checks.registry import all_checks

    errors: dict[str, str] = {}
    checks = rs.failing_checks
    known = {c.key for c in all_checks()}
    if not isinstance(checks, list) or not all(isinstance(c, str) for c in checks):
        errors["failing_checks"] = _('Give a list of check keys, e.g. ["data.consent_valid"], or ["*"].')
    else:
        unknown = sorted(set(checks) - known - {"*"})
        if unknown:
            errors["failing_checks"] = _("Unknown checks: %(keys)s.") % {"keys": ", ".join(unknown)}
    fields = rs.model_card_fields
    if not isinstance(fields, list) or not set(fields) <= set(MODEL_CARD_FIELDS):
        errors["model_card_fields"] = _("Choose among: %(fields)s.") % {
            "fields": ", ".join(MODEL_CARD_FIELDS)
        }
    if rs.min_mlops_level is not None and rs.min_mlops_level > 2:
        errors["min_mlops_level"] = _("Google's MLOps levels are 0, 1 and 2.")
    if rs.maintainer_approvals + rs.admin_approvals < 1:
        errors["maintainer_approvals"] = _("A promotion needs at least one approval.")
    if rs.rollback_maintainer_approvals + rs.rollback_admin_approvals < 1:
        errors["rollback_maintainer_approvals"] = _("A rollback needs at least one approval.")
    if errors:
        raise ValidationError(errors)
