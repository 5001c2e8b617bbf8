"""Reads: current maturity per team, trend, comparison with the previous assessment, and bounded queries."""

import pytest

from assessments import selectors, services
from tests.factories import TeamFactory

from .conftest import answer_all, level_one, submitted

pytestmark = pytest.mark.django_db


def all_yes(question):
    return "yes"


def all_no(question):
    return "no"


def test_latest_submitted_per_team_and_framework(team, other_team, levels, test_score, contributor, outsider):
    submitted(team, levels, contributor, all_no, days_ago=100)
    latest_levels = submitted(team, levels, contributor, level_one, days_ago=10)
    latest_test = submitted(team, test_score, contributor, lambda q: "manual", days_ago=50)
    services.assessment_start(actor=contributor, team=team, framework=levels)  # drafts never count
    theirs = submitted(other_team, levels, outsider, all_yes, days_ago=5)
    latest = selectors.latest_submitted(team_ids=[team.pk, other_team.pk])
    assert latest[team.pk] == {"google-mlops-levels": latest_levels, "ml-test-score": latest_test}
    assert latest[other_team.pk] == {"google-mlops-levels": theirs}


def test_trend_is_oldest_first_per_framework(team, levels, contributor):
    a = submitted(team, levels, contributor, all_no, days_ago=200)
    b = submitted(team, levels, contributor, level_one, days_ago=100)
    c = submitted(team, levels, contributor, all_yes, days_ago=1)
    trend = selectors.team_trend(team=team)
    assert [(p.assessment_id, p.overall_level, p.overall_score) for p in trend["google-mlops-levels"]] == [
        (a.pk, 0, 0.0),
        (b.pk, 1, 1.0),
        (c.pk, 2, 2.0),
    ]


def test_report_compares_with_the_previous_submitted_assessment(team, levels, contributor):
    submitted(team, levels, contributor, all_no, days_ago=300)
    previous = submitted(team, levels, contributor, level_one, days_ago=100)

    def data_regresses(q):
        if q.dimension.key == "data":
            return "no"
        return "yes" if q.level == 1 or q.dimension.key == "governance" else "no"

    current = submitted(team, levels, contributor, data_regresses, days_ago=1)
    report = selectors.assessment_report(assessment=current)
    assert report.previous == previous
    changes = {c.key: c.change for c in report.changes}
    assert changes == {
        "data": "regressed",
        "experimentation": "unchanged",
        "training-pipeline": "unchanged",
        "deployment": "unchanged",
        "monitoring": "unchanged",
        "governance": "improved",
    }
    # The oldest has nothing before it; a draft compares with the latest submitted one.
    oldest = selectors.assessment_report(assessment=team.assessments.order_by("submitted_at").first())
    assert oldest.previous is None and oldest.changes == ()
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    assert selectors.assessment_report(assessment=draft).previous == current


def test_next_steps_are_the_next_levels_unmet_questions_weakest_dimension_first(team, levels, contributor):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)

    def choose(q):
        if q.dimension.key == "monitoring":
            return "no"  # level 0: its level-1 questions are the next steps
        if q.dimension.key == "governance" and q.level == 2:
            return "partial"
        return "yes" if q.level == 1 else None

    answer_all(draft, contributor, choose)
    report = selectors.assessment_report(assessment=draft)
    assert report.result.overall_level == 0
    first = report.next_steps[0]
    assert first.dimension.key == "monitoring"
    assert [q.level for q in first.questions] == [1, 1, 1, 1, 1]  # v2: five level-1 monitoring questions
    assert report.next_steps[-1].dimension.key == "governance"  # 1.5: the strongest with something to do
    assert {q.level for s in report.next_steps[1:] for q in s.questions} == {2}


def test_maturity_overview_has_a_cell_per_dimension(team, levels, test_score, contributor):
    empty = TeamFactory(name="Zeta", slug="zeta")
    submitted(team, levels, contributor, level_one, days_ago=3)
    submitted(team, test_score, contributor, lambda q: "automated", days_ago=2)
    columns, rows = selectors.maturity_overview(teams=[team, empty])
    assert [c.key for c in columns] == [
        "data",
        "experimentation",
        "training-pipeline",
        "deployment",
        "monitoring",
        "governance",
    ]
    ours, theirs = rows
    assert [cell["level"] for cell in ours.cells] == [1] * 6
    assert ours.test_score.overall_score == 7.0 and ours.test_score.result["band"] == "> 5"
    assert theirs.levels is None and theirs.cells == [None] * 6


def test_the_report_reads_a_fixed_number_of_queries(team, levels, contributor, django_assert_num_queries):
    for days in (30, 20, 10):
        submitted(team, levels, contributor, level_one, days_ago=days)
    assessment = team.assessments.order_by("-submitted_at").first()
    assessment = selectors.assessment_get_for_view(user=contributor, pk=assessment.pk)
    with django_assert_num_queries(4):  # dimensions, questions, answers, previous
        selectors.assessment_report(assessment=assessment)
