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
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from governance.foundation.lazytext import Joined, Text, english, loaded_message, lower, text
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
    reason: str  # in English, as stored (evaluations, the API, the out-of-policy flags)
    link: str
    waivable: bool = True
    waived_until: str | None = None  # ISO date of the waiver that lets a failed rule through
    # The reason as a message (foundation.lazytext), read in the viewer's language; None for a stored result.
    message: Any = field(default=None, repr=False, compare=False)

    @property
    def blocks(self) -> bool:
        return not self.passed and self.waived_until is None

    @property
    def reason_text(self) -> str:
        """The reason in the active language (the English `reason` when there is no message)."""
        return str(self.message) if self.message is not None else self.reason

    @property
    def title_text(self) -> str:
        """The rule's title in the active language, from its key (`title` stays English, as stored)."""
        return gettext(RULE_TITLES.get(self.key, self.title))


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
            "rules": [{k: v for k, v in asdict(r).items() if k != "message"} for r in self.rules],
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
RULE_TITLES: dict[str, str] = {}  # key: English title (a msgid: shown through gettext, stored as it is)


def rule(key: str, title: str) -> Callable[[Rule], Rule]:
    """Register a rule; `title` is English, marked with gettext_noop (translated when shown)."""

    def add(function: Rule) -> Rule:
        RULES.append((key, title, function))
        RULE_TITLES[key] = title
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


@rule("tier_allowed", gettext_noop("The EU AI Act tier is not unacceptable"))
def tier_allowed(data, version, environment, policy):
    model = version.model
    if model.ai_act_tier == model.AIActTier.UNACCEPTABLE:
        return False, text(
            _("the model is in the unacceptable (prohibited) tier: it may not go beyond development")
        )
    return True, text(_("tier %(tier)s"), tier=lower(model.AIActTier(model.ai_act_tier).label))


@rule("checks_fresh", gettext_noop("The latest check results are fresh and the listed checks pass"))
def checks_fresh(data, version, environment, policy):
    if policy.check_max_age_days is None and not policy.failing_checks:
        return None
    status = data.check_status.get(version.model_id)
    if status is None or status["run__finished_at"] is None:
        return False, text(_("the model has never been checked"))
    age = (timezone.now() - status["run__finished_at"]).days
    if policy.check_max_age_days is not None and age > policy.check_max_age_days:
        return False, text(
            _("the latest check results are %(age)s days old (at most %(limit)s)"),
            age=age,
            limit=policy.check_max_age_days,
        )
    failing = data.failing_checks.get(version.model_id, set())
    listed = failing if "*" in policy.failing_checks else failing & policy.failing_checks
    if listed:
        return False, text(_("failing: %(checks)s"), checks=", ".join(sorted(listed)))
    return True, text(_("checked %(age)s day(s) ago; none of the listed checks fails"), age=age)


@rule("risks_treated", gettext_noop("No active risk at or above the severity class is untreated"))
def risks_treated(data, version, environment, policy):
    if not policy.untreated_severity:
        return None
    bad = [
        r for r in data.untreated.get(version.model_id, []) if r["level"].at_least(policy.untreated_severity)
    ]
    if bad:
        names = Joined(
            [
                text(_("%(level)s risk '%(title)s'"), level=r["level"].name.lower(), title=r["title"])
                for r in bad[:5]
            ]
        )
        if len(bad) > 5:
            names = text(_("%(names)s and %(count)s more"), names=names, count=len(bad) - 5)
        return False, text(_("untreated: %(risks)s"), risks=names)
    return True, text(
        _("every active risk of class %(severity)s or above is treated"),
        severity=lower(
            dict(GateRuleSet.Severity.choices).get(policy.untreated_severity, policy.untreated_severity)
        ),
    )


@rule(
    "consent_covered",
    gettext_noop("Every training and evaluation data use is covered by consent or needs none"),
)
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
        parts = Joined(
            [
                text(
                    _("'%(source)s' for '%(purpose)s': %(status)s"),
                    source=row.use.data_source.name,
                    purpose=row.use.purpose,
                    status=row.status.label,
                )
                for row in bad
            ]
        )
        return False, text(_("not covered: %(uses)s"), uses=parts)
    return True, text(
        _("%(count)s training or evaluation use(s), each covered or needing no consent"), count=len(rows)
    )


@rule("people_active", gettext_noop("The accountable owner and the oversight contact are active"))
def people_active(data, version, environment, policy):
    if not policy.require_active_people:
        return None
    model = version.model
    problems = []
    if not model.owner.is_active:
        problems.append(text(_("owner '%(user)s' is deactivated"), user=model.owner.get_username()))
    contact = model.human_oversight_contact
    if contact is None and model.ai_act_tier in ("high", "unacceptable"):
        problems.append(text(_("no human-oversight contact is named")))
    elif contact is not None and not contact.is_active:
        problems.append(text(_("oversight contact '%(user)s' is deactivated"), user=contact.get_username()))
    if problems:
        return False, Joined(problems)
    return True, text(_("owner and oversight contact are active"))


@rule("model_card", gettext_noop("The model card fields the tier requires are filled in"))
def model_card(data, version, environment, policy):
    if not policy.model_card_fields:
        return None
    model = version.model
    empty = [
        model._meta.get_field(f).verbose_name
        for f in policy.model_card_fields
        if not getattr(model, f).strip()
    ]
    if empty:
        return False, text(_("empty: %(fields)s"), fields=Joined(empty, ", "))
    return True, text(_("%(count)s required field(s) filled in"), count=len(policy.model_card_fields))


@rule("mlops_level", gettext_noop("The team's latest Google MLOps level is high enough"))
def mlops_level(data, version, environment, policy):
    if policy.min_mlops_level is None:
        return None
    latest = data.levels_assessments.get(version.model.team_id)
    if latest is None or latest["overall_level"] is None:
        return False, text(
            _("team has no submitted Google-levels assessment (level %(level)s needed)"),
            level=policy.min_mlops_level,
        )
    level, needed = latest["overall_level"], policy.min_mlops_level
    if level < needed:
        return False, text(_("team is at level %(level)s, below %(needed)s"), level=level, needed=needed)
    return True, text(_("team is at level %(level)s (at least %(needed)s)"), level=level, needed=needed)


@rule("fairness_evaluated", gettext_noop("The version has an evaluation with per-group fairness figures"))
def fairness_evaluated(data, version, environment, policy):
    if not policy.require_fairness_evaluation:
        return None
    if version.pk not in data.fairness_evaluations:
        return False, text(
            _("version %(version)s has no evaluation with per-group figures"), version=version.label
        )
    return True, text(_("an evaluation with per-group figures is recorded"))


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
        passed, message = outcome
        reason = english(message)
        entry = RuleResult(
            key, title, passed, reason, _link(key, version), waivable=key not in UNWAIVABLE, message=message
        )
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


def policy_reason_messages(english: list | None, messages: list | None) -> list[Any]:
    """Stored out-of-policy reasons as messages read in the active language; a reason stored before its
    message was (or one whose message cannot be read) stays the stored English."""
    parts: list[Any] = []
    for index, stored_text in enumerate(english or []):
        stored = messages[index] if messages and index < len(messages) else None
        rule = stored.get("rule") if isinstance(stored, dict) else None
        reason = loaded_message(stored.get("reason")) if rule in RULE_TITLES else None
        if reason is None:
            parts.append(str(stored_text))
            continue
        template = pgettext_lazy("a failed rule and why", "%(rule)s: %(reason)s")
        parts.append(Text(template, {"rule": _(RULE_TITLES[rule]), "reason": reason}))
    return parts


def policy_reasons_text(deployment: Any) -> list[str]:
    """Why a deployment is out of policy, in the active language."""
    return [
        str(reason)
        for reason in policy_reason_messages(deployment.policy_reasons, deployment.policy_messages)
    ]
