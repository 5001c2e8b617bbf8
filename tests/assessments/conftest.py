"""Fixtures for the assessments tests: the released frameworks, and helpers answering through the services."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from assessments import services
from assessments.content.loader import load_released
from assessments.models import Assessment, Framework
from assessments.selectors import framework_spec


@pytest.fixture
def frameworks(db) -> dict[str, Framework]:
    """The released frameworks' latest versions (the ones new assessments use). The migration loads them; a
    flushed (transactional) test database does not."""
    load_released()
    return {f.key: f for f in Framework.objects.order_by("key", "version")}


@pytest.fixture
def levels(frameworks) -> Framework:
    return frameworks["google-mlops-levels"]


@pytest.fixture
def test_score(frameworks) -> Framework:
    return frameworks["ml-test-score"]


def answer_all(assessment: Assessment, actor, choose, *, at: datetime.datetime | None = None) -> None:
    """Answer every question: choose(question) returns a value, or None to leave it unanswered."""
    spec = framework_spec(framework=assessment.framework)
    inputs = [
        services.AnswerInput(question_id=q.pk, value=value, evidence=f"evidence for {q.key}")
        for q in spec.questions.values()
        if (value := choose(q)) is not None
    ]
    services.answers_save(actor=actor, assessment=assessment, answers=inputs, at=at)


def submitted(team, framework, actor, choose, *, days_ago: int = 0) -> Assessment:
    """A submitted assessment answered by choose(question), back-dated by days_ago."""
    at = timezone.now() - datetime.timedelta(days=days_ago, minutes=1)
    assessment = services.assessment_start(actor=actor, team=team, framework=framework, at=at)
    answer_all(assessment, actor, choose, at=at)
    return services.assessment_submit(actor=actor, assessment=assessment, at=at)


def level_one(question) -> str:
    """Yes to level 1, no to level 2: every dimension at level 1."""
    return "yes" if question.level == 1 else "no"
