"""Pages: runs list with the trend, run detail, summary, starting with confirmation, the model panel."""

import re

import pytest
from django.urls import reverse

from governance.checks import engine, services
from governance.checks.models import CheckRun

from .conftest import make_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_run(team, other_team, owner, outsider, gov_admin):
    make_model(team, owner, "credit-scoring", card=False)
    make_model(other_team, outsider, "card-fraud", card=False)
    runs = []
    for _ in range(2):
        run = services.check_run_create(actor=gov_admin, scope="all", enqueue=False)
        runs.append(engine.run_execute_inline(run_id=run.pk))
    return runs[-1]


def test_runs_page_lists_runs_with_trend_and_counts_only_visible_models(client, finished_run, viewer):
    client.force_login(viewer)
    page = client.get(reverse("checks:runs")).content.decode()
    assert f"#{finished_run.pk}" in page and "<svg" in page and "Pass rate by run" in page
    desc = re.search(r'<desc id="trend-desc">(.*?)</desc>', page, re.S).group(1)
    first = finished_run.pk - 1
    assert re.fullmatch(
        rf"Over 2 runs, from [\d.]+% in run #{first} to [\d.]+% in run #{finished_run.pk}; "
        "the table below lists every point.",
        desc,
    ), desc  # the chart's text equivalent reads as a sentence (it once printed a dict)
    assert "Run all checks on every model" not in page  # only governance admins start org-wide runs
    detail = client.get(reverse("checks:run_detail", args=[finished_run.pk])).content.decode()
    assert "credit-scoring" in detail and "card-fraud" not in detail  # another team's model stays hidden
    assert "Model card is complete" in detail and "What to do:" in detail


def test_summary_page_groups_by_category(client, finished_run, gov_admin):
    client.force_login(gov_admin)
    page = client.get(reverse("checks:run_summary", args=[finished_run.pk])).content.decode()
    assert "Responsible-AI summary" in page and "Data and consent" in page and "What must be acted on" in page
    assert "model card of &#x27;card-fraud&#x27; lacks" in page


def test_start_asks_for_confirmation_then_queues(
    client, team, owner, contributor, django_capture_on_commit_callbacks, monkeypatch
):
    from governance.checks import tasks

    sent = []
    monkeypatch.setattr(tasks.run_start, "delay", lambda run_id: sent.append(run_id))
    make_model(team, owner, "credit-scoring")
    client.force_login(contributor)
    confirm = client.get(reverse("checks:start"), {"scope": "team", "team": team.pk})
    assert confirm.status_code == 200 and "every model of team Credit Risk" in confirm.content.decode()
    assert not CheckRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checks:start"), {"scope": "team", "team": team.pk, "confirm": "yes"})
    run = CheckRun.objects.get()
    assert response.status_code == 302 and sent == [run.pk]
    assert client.post(reverse("checks:start"), {"scope": "all", "confirm": "yes"}).status_code == 403


def test_viewer_cannot_start_and_outsider_cannot_read_a_team_run(client, team, viewer, outsider, contributor):
    client.force_login(viewer)
    assert client.get(reverse("checks:start"), {"scope": "team", "team": team.pk}).status_code == 403
    run = services.check_run_create(actor=contributor, scope="team", team=team, enqueue=False)
    client.force_login(outsider)
    assert client.get(reverse("checks:run_detail", args=[run.pk])).status_code == 404


def test_model_and_team_pages_show_checks(client, finished_run, team, contributor, viewer):
    model = team.models.get()
    client.force_login(contributor)
    page = client.get(reverse("inventory:model_detail", args=[model.pk])).content.decode()
    assert "Responsible-AI checks" in page and "Run checks on this model" in page
    assert "model card of &#x27;credit-scoring&#x27; lacks" in page
    assert "Run checks" in client.get(reverse("portal:team_detail", args=[team.pk])).content.decode()
    client.force_login(viewer)
    assert "Run checks" not in client.get(reverse("portal:team_detail", args=[team.pk])).content.decode()


def test_naming_another_teams_team_or_model_is_refused_as_a_missing_one(client, team, outsider):
    """Issue 17 item 11: the start form answered 403 for another team's id and 400 for a missing one."""
    from tests.factories import MLModelFactory

    model = MLModelFactory(team=team)
    client.force_login(outsider)
    for params, missing in (
        ({"scope": "team", "team": team.pk}, {"scope": "team", "team": team.pk + 1000}),
        ({"scope": "model", "model": model.pk}, {"scope": "model", "model": model.pk + 1000}),
    ):
        foreign, absent = (
            client.get(reverse("checks:start"), params),
            client.get(reverse("checks:start"), missing),
        )
        assert foreign.status_code == absent.status_code == 400
        assert "Select a valid choice" in foreign.content.decode()
    assert not CheckRun.objects.exists()
