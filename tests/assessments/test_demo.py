"""The demo assessments: teams at levels 0, 1 and 2 with history, one open draft, and idempotent."""

import datetime
import os

import pytest
from django.core.management import call_command

from assessments.demo import seed_demo_assessments
from assessments.models import Answer, Assessment
from assessments.selectors import assessment_result, framework_spec

pytestmark = pytest.mark.django_db


def test_demo_teams_span_levels_with_history_and_a_draft():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    levels = Assessment.objects.filter(framework__key="google-mlops-levels")
    current = {}
    for a in levels.filter(status="submitted").order_by("submitted_at").select_related("team"):
        current[a.team.name] = a.overall_level
        assert (
            a.result == assessment_result(assessment=a, spec=framework_spec(framework=a.framework)).snapshot()
        )
    assert current == {"Credit Risk": 1, "Customer Analytics": 0, "Clinical AI": 1, "Fraud Detection": 2}
    for team in current:
        assert 2 <= levels.filter(team__name=team, status="submitted").count() <= 3
    assert levels.filter(status="draft").count() == 1
    assert Assessment.objects.filter(framework__key="ml-test-score", status="submitted").count() == 2
    # The history is dated when things happened, months ago.
    oldest = levels.filter(status="submitted").order_by("submitted_at").first()
    assert oldest.history.first().history_date == oldest.submitted_at
    assert (datetime.date.today() - oldest.submitted_at.date()).days > 150


def test_a_second_run_adds_nothing_even_on_another_day():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    counts = (
        Assessment.objects.count(),
        Answer.objects.count(),
        Assessment.history.count(),
        Answer.history.count(),
    )
    assert seed_demo_assessments(today=datetime.date.today() + datetime.timedelta(days=40)) == 0
    assert (
        Assessment.objects.count(),
        Answer.objects.count(),
        Assessment.history.count(),
        Answer.history.count(),
    ) == counts
