"""The gate: each rule judges one version for one environment and says passed or failed, why, and where the
evidence is. GateData loads what the rules read for any number of (version, environment) pairs in a fixed
number of queries, so one evaluation (the API, a request, a decision) and the out-of-policy pass over every
production deployment share the same code and the same cost per pair: none.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from django.urls import reverse
from django.utils import timezone

from governance.inventory.models import Evaluation, ModelVersion
from governance.inventory.selectors import model_use_rows
from governance.risks.models import Risk, RiskMatrix
from governance.risks.treatment import severity_at_least_q, treated_q

from .models import Environment, GateRuleSet, Waiver
from .policy import EffectivePolicy, effective_policy

UNWAIVABLE = frozenset({"tier_allowed"})


@dataclass
class RuleResult:
    key: str
    title: str
    passed: bool
    reason: str
    link: str
    waivable: bool = True
    waived_until: str | None = None  # ISO date of the waiver that lets a failed rule through

    @property
    def blocks(self) -> bool:
        return not self.passed and self.waived_until is None


@dataclass
class GateResult:
    version_id: int
    environment: str
    policy: EffectivePolicy
    rules: list[RuleResult] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not any(r.blocks for r in self.rules)

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.rules if r.blocks]

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version_id,
            "environment": self.environment,
            "allowed": self.allowed,
            "rule_sets": self.policy.rule_sets,
            "rules": [asdict(r) for r in self.rules],
        }


class GateData:
    """What the rules read for a set of (version, environment) pairs; versions come with model, owner and
    oversight contact loaded (select_related)."""

    def __init__(self, *, pairs: list[tuple[ModelVersion, Environment]], today: datetime.date) -> None:
        self.pairs = pairs
        self.today = today
        self.model_ids = sorted({v.model_id for v, _ in pairs})
        self.team_ids = sorted({v.model.team_id for v, _ in pairs})

    @cached_property
    def rule_sets(self) -> list[GateRuleSet]:
        return list(GateRuleSet.objects.filter(active=True).order_by("pk"))

    def policy_for(self, version: ModelVersion, environment: Environment) -> EffectivePolicy:
        model = version.model
        return effective_policy(
            rule_sets=self.rule_sets,
            tier=model.ai_act_tier,
            criticality=model.business_criticality,
            environment_id=environment.pk,
        )

    @cached_property
    def check_status(self) -> dict[int, dict[str, Any]]:
        from governance.checks.models import ModelCheckStatus

        rows = ModelCheckStatus.objects.filter(model_id__in=self.model_ids).values(
            "model_id", "run_id", "run__finished_at"
        )
        return {r["model_id"]: r for r in rows}

    @cached_property
    def failing_checks(self) -> dict[int, set[str]]:
        from governance.checks.models import CheckResult

        runs = {s["run_id"] for s in self.check_status.values()}
        failing: dict[int, set[str]] = defaultdict(set)
        if not runs:
            return failing
        rows = CheckResult.objects.filter(
            run_id__in=runs, model_id__in=self.model_ids, outcome="fail"
        ).values_list("model_id", "run_id", "check_key")
        for model_id, run_id, key in rows:
            if self.check_status.get(model_id, {}).get("run_id") == run_id:
                failing[model_id].add(key)
        return failing

    @cached_property
    def matrices(self) -> list[RiskMatrix]:
        return list(RiskMatrix.objects.only("id", "levels"))

    @cached_property
    def untreated(self) -> dict[int, list[dict[str, Any]]]:
        """Per model, its active untreated risks of class low or above (rules narrow by their class)."""
        by_model: dict[int, list[dict[str, Any]]] = defaultdict(list)
        rows = (
            Risk.objects.filter(model_id__in=self.model_ids, status=Risk.Status.ACTIVE)
            .filter(severity_at_least_q(severity="low", matrices=self.matrices))
            .exclude(treated_q(today=self.today))
            .order_by("model_id", "-residual_level", "id")
            .values("id", "model_id", "matrix_id", "title", "residual_level")
        )
        levels = {m.pk: m.level_objects for m in self.matrices}
        for row in rows:
            row["level"] = levels[row["matrix_id"]][row["residual_level"]]
            by_model[row["model_id"]].append(row)
        return by_model

    @cached_property
    def uses(self) -> dict[int, list[Any]]:
        return model_use_rows(model_ids=self.model_ids, today=self.today)

    @cached_property
    def levels_assessments(self) -> dict[int, dict[str, Any]]:
        from assessments.models import Assessment, Framework

        latest: dict[int, dict[str, Any]] = {}
        rows = (
            Assessment.objects.filter(
                team_id__in=self.team_ids,
                status=Assessment.Status.SUBMITTED,
                framework__kind=Framework.Kind.LEVELS,
            )
            .order_by("team_id", "-submitted_at", "-id")
            .values("id", "team_id", "overall_level", "submitted_at")
        )
        for row in rows:
            latest.setdefault(row["team_id"], row)
        return latest

    @cached_property
    def fairness_evaluations(self) -> dict[int, int]:
        """Per version, its newest evaluation with per-group figures."""
        rows = (
            Evaluation.objects.filter(version_id__in=[v.pk for v, _ in self.pairs])
            .exclude(group_metrics={})
            .order_by("version_id", "-evaluated_at", "-id")
            .values_list("version_id", "id")
        )
        found: dict[int, int] = {}
        for version_id, evaluation_id in rows:
            found.setdefault(version_id, evaluation_id)
        return found

    @cached_property
    def waivers(self) -> dict[tuple[int, int], dict[str, datetime.date]]:
        """Per (version, environment), each waived rule with the latest expiry in force."""
        found: dict[tuple[int, int], dict[str, datetime.date]] = defaultdict(dict)
        rows = Waiver.objects.filter(
            version_id__in=[v.pk for v, _ in self.pairs], expires_on__gt=self.today
        ).values_list("version_id", "environment_id", "rules", "expires_on")
        for version_id, environment_id, rules, expires_on in rows:
            slot = found[(version_id, environment_id)]
            for key in rules:
                slot[key] = max(expires_on, slot.get(key, expires_on))
        return found


Rule = Callable[[GateData, ModelVersion, Environment, EffectivePolicy], "RuleResult | None"]
RULES: list[tuple[str, str, Rule]] = []


def rule(key: str, title: str) -> Callable[[Rule], Rule]:
    def add(function: Rule) -> Rule:
        RULES.append((key, title, function))
        return function

    return add


_PLACEHOLDER = 987654321


@functools.cache
def _url_template(name: str) -> str:
    """The URL of a route with one id, reversed once per process: the pass builds thousands of links."""
    return reverse(name, args=[_PLACEHOLDER])


def _url(name: str, key: int | str) -> str:
    return _url_template(name).replace(str(_PLACEHOLDER), str(key))


def _model_url(version: ModelVersion, anchor: str = "") -> str:
    return _url("inventory:model_detail", version.model_id) + (f"#{anchor}" if anchor else "")


@rule("tier_allowed", "The EU AI Act tier is not unacceptable")
def tier_allowed(data, version, environment, policy):
    model = version.model
    if model.ai_act_tier == model.AIActTier.UNACCEPTABLE:
        return False, "the model is in the unacceptable (prohibited) tier: it may not go beyond development"
    return True, f"tier {model.get_ai_act_tier_display().lower()}"


@rule("checks_fresh", "The latest check results are fresh and the listed checks pass")
def checks_fresh(data, version, environment, policy):
    if policy.check_max_age_days is None and not policy.failing_checks:
        return None
    status = data.check_status.get(version.model_id)
    if status is None or status["run__finished_at"] is None:
        return False, "the model has never been checked"
    age = (timezone.now() - status["run__finished_at"]).days
    if policy.check_max_age_days is not None and age > policy.check_max_age_days:
        return False, f"the latest check results are {age} days old (at most {policy.check_max_age_days})"
    failing = data.failing_checks.get(version.model_id, set())
    listed = failing if "*" in policy.failing_checks else failing & policy.failing_checks
    if listed:
        return False, f"failing: {', '.join(sorted(listed))}"
    return True, f"checked {age} day(s) ago; none of the listed checks fails"


@rule("risks_treated", "No active risk at or above the severity class is untreated")
def risks_treated(data, version, environment, policy):
    if not policy.untreated_severity:
        return None
    bad = [
        r for r in data.untreated.get(version.model_id, []) if r["level"].at_least(policy.untreated_severity)
    ]
    if bad:
        names = "; ".join(f"{r['level'].name.lower()} risk '{r['title']}'" for r in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        return False, f"untreated: {names}{more}"
    return True, f"every active risk of class {policy.untreated_severity} or above is treated"


@rule("consent_covered", "Every training and evaluation data use is covered by consent or needs none")
def consent_covered(data, version, environment, policy):
    if not policy.require_consent:
        return None
    rows = [
        row
        for row in data.uses.get(version.model_id, [])
        if row.use.role in ("training", "evaluation") and row.use.version_id in (None, version.pk)
    ]
    bad = [row for row in rows if not row.status.ok]
    if bad:
        parts = "; ".join(
            f"'{row.use.data_source.name}' for '{row.use.purpose}': {row.status.label}" for row in bad
        )
        return False, f"not covered: {parts}"
    return True, f"{len(rows)} training or evaluation use(s), each covered or needing no consent"


@rule("people_active", "The accountable owner and the oversight contact are active")
def people_active(data, version, environment, policy):
    if not policy.require_active_people:
        return None
    model = version.model
    problems = []
    if not model.owner.is_active:
        problems.append(f"owner '{model.owner.get_username()}' is deactivated")
    contact = model.human_oversight_contact
    if contact is None and model.ai_act_tier in ("high", "unacceptable"):
        problems.append("no human-oversight contact is named")
    elif contact is not None and not contact.is_active:
        problems.append(f"oversight contact '{contact.get_username()}' is deactivated")
    if problems:
        return False, "; ".join(problems)
    return True, "owner and oversight contact are active"


@rule("model_card", "The model card fields the tier requires are filled in")
def model_card(data, version, environment, policy):
    if not policy.model_card_fields:
        return None
    model = version.model
    empty = [
        str(model._meta.get_field(f).verbose_name)
        for f in policy.model_card_fields
        if not getattr(model, f).strip()
    ]
    if empty:
        return False, f"empty: {', '.join(empty)}"
    return True, f"{len(policy.model_card_fields)} required field(s) filled in"


@rule("mlops_level", "The team's latest Google MLOps level is high enough")
def mlops_level(data, version, environment, policy):
    if policy.min_mlops_level is None:
        return None
    latest = data.levels_assessments.get(version.model.team_id)
    if latest is None or latest["overall_level"] is None:
        return (
            False,
            f"team has no submitted Google-levels assessment (level {policy.min_mlops_level} needed)",
        )
    if latest["overall_level"] < policy.min_mlops_level:
        return False, f"team is at level {latest['overall_level']}, below {policy.min_mlops_level}"
    return True, f"team is at level {latest['overall_level']} (at least {policy.min_mlops_level})"


@rule("fairness_evaluated", "The version has an evaluation with per-group fairness figures")
def fairness_evaluated(data, version, environment, policy):
    if not policy.require_fairness_evaluation:
        return None
    if version.pk not in data.fairness_evaluations:
        return False, f"version {version.label} has no evaluation with per-group figures"
    return True, "an evaluation with per-group figures is recorded"


def _link(key: str, version: ModelVersion) -> str:
    model_id = version.model_id
    if key == "checks_fresh":
        return _model_url(version, "checks-h")
    if key == "risks_treated":
        return _register_url() + f"?model={model_id}&status=active"
    if key == "consent_covered":
        return _model_url(version, "data-h")
    if key == "model_card":
        return _url("inventory:model_edit", model_id)
    if key == "mlops_level":
        return _url("assessments:team", version.model.team.slug)
    if key == "fairness_evaluated":
        return _model_url(version, "versions-h")
    return _model_url(version)


@functools.cache
def _register_url() -> str:
    return reverse("risks:register")


def judge(data: GateData, version: ModelVersion, environment: Environment) -> GateResult:
    policy = data.policy_for(version, environment)
    result = GateResult(version.pk, environment.slug, policy)
    waived = data.waivers.get((version.pk, environment.pk), {})
    for key, title, function in RULES:
        outcome = function(data, version, environment, policy)
        if outcome is None:
            continue
        passed, reason = outcome
        entry = RuleResult(key, title, passed, reason, _link(key, version), waivable=key not in UNWAIVABLE)
        if not passed and entry.waivable and key in waived:
            entry.waived_until = waived[key].isoformat()
        result.rules.append(entry)
    return result


def gate_evaluate(
    *, version: ModelVersion, environment: Environment, today: datetime.date | None = None
) -> GateResult:
    """One version for one environment, never from a stored copy: a fixed number of queries."""
    return judge(
        GateData(pairs=[(version, environment)], today=today or timezone.localdate()), version, environment
    )


def gate_evaluate_many(
    *, pairs: Iterable[tuple[ModelVersion, Environment]], today: datetime.date | None = None
) -> list[GateResult]:
    pairs = list(pairs)
    data = GateData(pairs=pairs, today=today or timezone.localdate())
    return [judge(data, version, environment) for version, environment in pairs]
