"""The reading pages: who sees what, empty states, charts with table equivalents, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from tests.factories import MembershipFactory, TeamFactory, UserFactory

from .conftest import answer_all, level_one, submitted

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client, team, levels):
    for url in (reverse("assessments:home"), reverse("assessments:team", args=[team.slug])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_navigation_points_here_and_marks_the_section(client, contributor, levels):
    page = login(client, contributor).get(reverse("assessments:home")).content.decode()
    assert (
        f'<a href="{reverse("assessments:home")}" aria-current="page" class="current">Assessments</a>' in page
    )


def test_home_lists_only_the_teams_a_user_may_see(client, team, other_team, contributor, auditor, levels):
    submitted(team, levels, contributor, level_one, days_ago=2)
    page = login(client, contributor).get(reverse("assessments:home")).content.decode()
    assert "Credit Risk" in page and "Fraud" not in page
    assert page.count("Level 1") == 7  # overall and six dimensions
    page = login(client, auditor).get(reverse("assessments:home")).content.decode()
    assert "Credit Risk" in page and "Fraud" in page and "Not assessed yet" in page


def test_home_empty_state_for_someone_in_no_team(client, levels):
    page = login(client, UserFactory(username="nobody")).get(reverse("assessments:home")).content.decode()
    assert "You do not belong to any team yet" in page


@pytest.mark.parametrize("who", ["viewer", "auditor", "gov_admin", "contributor"])
def test_team_page_for_readers_and_editors(client, team, levels, contributor, who, request):
    submitted(team, levels, contributor, lambda q: "no", days_ago=60)
    submitted(team, levels, contributor, level_one, days_ago=5)
    page = login(client, request.getfixturevalue(who)).get(reverse("assessments:team", args=[team.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Current: Google MLOps levels" in html and "Trend of the overall score" in html
    assert html.count("<svg") == 2 and html.count("<polyline") == 1  # current levels and the trend
    assert ("Start an assessment" in html) == (who in {"contributor", "gov_admin"})


def test_team_page_of_another_team_answers_as_a_missing_one(client, team, outsider, levels):
    """Issue 17 item 11: a 403 here (404 for a missing slug) let anyone probe which teams exist."""
    response = login(client, outsider).get(reverse("assessments:team", args=[team.slug]))
    missing = client.get(reverse("assessments:team", args=["no-such-team"]))
    assert response.status_code == missing.status_code == 404
    assert b"<h1>Not found</h1>" in response.content and b"<h1>Not found</h1>" in missing.content


def test_team_page_empty_state_invites_a_first_assessment(client, team, contributor, viewer, levels):
    html = login(client, contributor).get(reverse("assessments:team", args=[team.slug])).content.decode()
    assert "has not submitted an assessment yet" in html and "Start one" in html
    html = login(client, viewer).get(reverse("assessments:team", args=[team.slug])).content.decode()
    assert "has not submitted an assessment yet" in html and "Start one" not in html


def test_result_page_shows_level_chart_table_next_steps_and_changes(
    client, team, levels, contributor, viewer
):
    submitted(team, levels, contributor, lambda q: "no", days_ago=90)
    current = submitted(team, levels, contributor, level_one, days_ago=1)
    response = login(client, viewer).get(reverse("assessments:detail", args=[current.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    overall = html[html.index('id="overall-h"') : html.index('id="dims-h"')]
    assert '<span class="lvl lvl-1">Level 1</span>' in overall and "score 1.00 of 2" in overall
    assert html.count('<rect x="180"') == 6  # one bar per dimension, server-rendered
    assert 'id="dimension-table"' in html and html.count('class="change-improved"') == 6
    assert "level 1 → 2" in html and "Continue answering" not in html
    report = response.context["report"]
    assert [s.dimension.key for s in report.next_steps][:1] == ["data"]  # ties keep the framework order


def test_ml_test_score_result_shows_section_sums_final_score_and_band(client, team, test_score, contributor):
    assessment = services.assessment_start(actor=contributor, team=team, framework=test_score)
    answer_all(
        assessment, contributor, lambda q: "automated" if q.dimension.key != "monitoring" else "manual"
    )
    services.assessment_submit(actor=contributor, assessment=assessment)
    html = (
        login(client, contributor).get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    )
    assert '3.5 <span class="muted">final score</span>' in html
    assert "Band <strong>(3, 5]</strong>" in html
    assert html.count("<td>7.00</td>") == 3 and "<td>3.50</td>" in html


def test_a_draft_result_is_provisional_and_offers_to_continue(client, team, levels, contributor, viewer):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    html = login(client, contributor).get(reverse("assessments:detail", args=[draft.pk])).content.decode()
    assert "Draft: provisional result." in html and "0 of 39 questions answered" in html
    assert "Continue answering" in html
    html = login(client, viewer).get(reverse("assessments:detail", args=[draft.pk])).content.decode()
    assert "Draft: provisional result." in html and "Continue answering" not in html


def test_result_of_another_team_is_404_as_a_missing_one(client, team, levels, contributor, outsider):
    assessment = submitted(team, levels, contributor, level_one)
    assert login(client, outsider).get(reverse("assessments:detail", args=[assessment.pk])).status_code == 404


def _teams_with_history(count, levels, auditor_client):
    for i in range(count):
        team = TeamFactory(name=f"Team {i:02d}", slug=f"team-{i:02d}")
        member = UserFactory(username=f"member{i:02d}")
        MembershipFactory(user=member, team=team, role="contributor")
        submitted(team, levels, member, level_one, days_ago=10)
        services.assessment_start(actor=member, team=team, framework=levels)


@pytest.mark.parametrize("count", [2, 12])
def test_home_queries_do_not_grow_with_teams(client, auditor, levels, count):
    _teams_with_history(count, levels, client)
    login(client, auditor).get(reverse("assessments:home"))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("assessments:home"))
    assert response.status_code == 200 and len(response.context["rows"]) == count
    assert len(ctx.captured_queries) <= 9, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("count", [1, 8])
def test_team_page_queries_do_not_grow_with_assessments(client, team, contributor, levels, count):
    for i in range(count):
        submitted(team, levels, contributor, level_one, days_ago=10 * (i + 1))
    login(client, contributor).get(reverse("assessments:team", args=[team.slug]))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("assessments:team", args=[team.slug]))
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= 10, [q["sql"] for q in ctx.captured_queries]
