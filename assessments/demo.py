"""Demo assessments for the demo teams, through the services, back-dated so trends and comparisons show.

Teams end at level 0 (Customer Analytics, with an open draft), 1 (Credit Risk, Clinical AI) and 2 (Fraud
Detection), each with two or three submitted assessments over past months. Idempotent: a team that already
has an assessment of a framework gets no new ones for it, whatever day the loader runs.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.teams.models import Team

from . import services
from .content.loader import load_released
from .models import Assessment, Framework
from .selectors import framework_spec

# Per dimension: (level reached, next-level questions answered yes, answered partly). Others at the next
# level are "no"; questions beyond it are "no"; questions at or below the level are "yes".
Profile = dict[str, tuple[int, int, int]]

LEVELS_KEY, TEST_KEY = "google-mlops-levels", "ml-test-score"
DIMENSIONS = ("data", "experimentation", "training-pipeline", "deployment", "monitoring", "governance")


def _flat(level: int, yes: int = 0, partial: int = 0, **overrides: tuple[int, int, int]) -> Profile:
    profile = dict.fromkeys(DIMENSIONS, (level, yes, partial))
    profile.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return profile


# team slug, starter, submitter, [(days ago submitted, profile)], not-applicable question keys
LEVEL_STORIES: list[tuple[str, str, str, list[tuple[int, Profile]], set[str]]] = [
    (
        "customer-analytics",
        "jisoo.kim",
        "sam.okafor",
        [
            (210, _flat(0, 0, 1, governance=(0, 1, 1), monitoring=(0, 0, 0))),
            (75, _flat(0, 1, 1, experimentation=(1, 0, 1), governance=(0, 0, 1))),
        ],
        set(),
    ),
    (
        "credit-risk",
        "omar.haddad",
        "mina.park",
        [
            (250, _flat(0, 1, 2, governance=(1, 0, 1))),
            (130, _flat(1, 0, 1, monitoring=(0, 3, 1))),
            (35, _flat(1, 1, 1, governance=(1, 2, 0), deployment=(1, 1, 2))),
        ],
        {"exp-hpo-automated"},
    ),
    (
        "clinical-ai",
        "tom.becker",
        "priya.nair",
        [
            (190, _flat(0, 2, 1, deployment=(0, 1, 0))),
            (95, _flat(1, 0, 1, governance=(1, 1, 1), training_pipeline=(1, 0, 0))),
        ],
        {"train-compute-auto"},
    ),
    (
        "fraud",
        "raj.mehta",
        "eva.lind",
        [
            (300, _flat(1, 0, 1, data=(1, 1, 0))),
            (160, _flat(1, 1, 1, monitoring=(1, 0, 2))),
            (25, _flat(2)),
        ],
        set(),
    ),
]
# team slug, starter, submitter, days ago, {section: (automated, manual)}
TEST_STORIES = [
    (
        "credit-risk",
        "omar.haddad",
        "mina.park",
        60,
        {"data": (1, 2), "model": (2, 1), "infrastructure": (1, 3), "monitoring": (0, 4)},
    ),
    (
        "fraud",
        "raj.mehta",
        "eva.lind",
        40,
        {"data": (3, 2), "model": (3, 1), "infrastructure": (4, 0), "monitoring": (3, 2)},
    ),
]
DRAFT = ("customer-analytics", "jisoo.kim", 4, ("data", "experimentation"))


def _at(today: datetime.date, days_ago: int) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(10))
    )


def _level_answers(spec: Any, profile: Profile, team: str, na: set[str]) -> list[services.AnswerInput]:
    inputs = []
    for dim in spec.dimensions:
        level, yes, partial = profile.get(dim.key, (0, 0, 0))
        upcoming = [q for q in dim.question_list if q.level == level + 1]
        for q in dim.question_list:
            if q.key in na:
                value = "na"
            elif q.level <= level or q in upcoming[:yes]:
                value = "yes"
            elif q in upcoming[yes : yes + partial]:
                value = "partial"
            else:
                value = "no"
            evidence = {
                "yes": f"https://wiki.example.org/{team}/mlops/{q.key}",
                "partial": f"Partly in place; gaps tracked in https://jira.example.org/{team.upper()}-{q.pk}",
                "na": "We serve batch scores only; this does not apply to us.",
            }.get(value, "")
            inputs.append(services.AnswerInput(question_id=q.pk, value=value, evidence=evidence))
    return inputs


def _test_answers(spec: Any, sections: dict[str, tuple[int, int]]) -> list[services.AnswerInput]:
    inputs = []
    for dim in spec.dimensions:
        automated, manual = sections.get(dim.key, (0, 0))
        for i, q in enumerate(dim.question_list):
            value = "automated" if i < automated else "manual" if i < automated + manual else "not_done"
            evidence = "" if value == "not_done" else f"Runbook section {dim.key} {i + 1}"
            inputs.append(services.AnswerInput(question_id=q.pk, value=value, evidence=evidence))
    return inputs


def _one(
    *,
    team: Team,
    framework: Framework,
    starter: Any,
    submitter: Any | None,
    start: datetime.datetime,
    answers: list[services.AnswerInput],
    submit: datetime.datetime | None,
) -> int:
    assessment = services.assessment_start(actor=starter, team=team, framework=framework, at=start)
    added = 1 + services.answers_save(
        actor=starter, assessment=assessment, answers=answers, at=start + datetime.timedelta(days=2)
    )
    if submit is not None:
        services.assessment_submit(actor=submitter, assessment=assessment, at=submit)
    return added


def seed_demo_assessments(*, today: datetime.date) -> int:
    """Load the demo assessments; returns how many rows it added (0 on a second run)."""
    added = load_released()
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
    teams = {t.slug: t for t in Team.objects.all()}
    frameworks = {f.key: f for f in Framework.objects.filter(is_active=True)}
    levels, test = frameworks[LEVELS_KEY], frameworks[TEST_KEY]
    specs = {levels.pk: framework_spec(framework=levels), test.pk: framework_spec(framework=test)}

    def missing(slug: str, framework: Framework, *people: str) -> bool:
        if slug not in teams or any(p not in users for p in people):
            return True
        return Assessment.objects.filter(team=teams[slug], framework__key=framework.key).exists()

    for slug, starter, submitter, story, na in LEVEL_STORIES:
        if missing(slug, levels, starter, submitter):
            continue
        for days_ago, profile in story:
            submit = _at(today, days_ago)
            added += _one(
                team=teams[slug],
                framework=levels,
                starter=users[starter],
                submitter=users[submitter],
                start=submit - datetime.timedelta(days=5),
                submit=submit,
                answers=_level_answers(specs[levels.pk], profile, slug, na),
            )
        if slug == DRAFT[0]:
            slug, starter, days_ago, dims = DRAFT
            spec = specs[levels.pk]
            answers = [
                a
                for a in _level_answers(spec, _flat(0, 1, 1, experimentation=(1, 1, 0)), slug, set())
                if spec.questions[a.question_id].dimension.key in dims
            ]
            added += _one(
                team=teams[slug],
                framework=levels,
                starter=users[starter],
                submitter=None,
                start=_at(today, days_ago),
                submit=None,
                answers=answers,
            )
    for slug, starter, submitter, days_ago, sections in TEST_STORIES:
        if missing(slug, test, starter, submitter):
            continue
        submit = _at(today, days_ago)
        added += _one(
            team=teams[slug],
            framework=test,
            starter=users[starter],
            submitter=users[submitter],
            start=submit - datetime.timedelta(days=7),
            submit=submit,
            answers=_test_answers(specs[test.pk], sections),
        )
    return added
