"""Who sees which report (issue 16.17), on every way in: the page, the list, the API and both downloads.

A report about a model or a team is visible to whoever may see that model or team; organisation and
check-run reports to governance admins and auditors, and to their requester.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from governance.checks.models import CheckRun
from governance.reports import services
from governance.reports.models import Report
from governance.teams.permissions import forget_cached_roles
from tests.factories import MLModelFactory

ROLES = ("viewer", "contributor", "maintainer", "outsider", "auditor", "gov_admin")
# Which reports each role sees: the dossier and team report of the model's team (requested by the
# auditor), the organisation report (auditor), the check-run report (admin), the other team's dossier.
EXPECTED = {
    "viewer": {"dossier", "team"},
    "contributor": {"dossier", "team"},
    "maintainer": {"dossier", "team"},  # the model's accountable owner
    "outsider": {"other_dossier"},
    "auditor": {"dossier", "team", "organisation", "check_run", "other_dossier"},
    "gov_admin": {"dossier", "team", "organisation", "check_run", "other_dossier"},
}


def _built(actor, **subject) -> Report:
    report = services.report_request(actor=actor, enqueue=False, **subject)
    return services.report_build(report_id=report.pk)


@pytest.fixture
def reports(team, other_team, maintainer, outsider, auditor, gov_admin) -> dict[str, Report]:
    model = MLModelFactory(team=team, owner=maintainer, name="credit-scorer")
    other = MLModelFactory(team=other_team, owner=outsider, name="fraud-detector")
    run = CheckRun.objects.create(scope=CheckRun.Scope.ALL, requested_by=gov_admin)
    return {
        "dossier": _built(auditor, kind=Report.Kind.MODEL_DOSSIER, model=model),
        "team": _built(auditor, kind=Report.Kind.TEAM_MATURITY, team=team),
        "organisation": _built(auditor, kind=Report.Kind.ORGANISATION),
        "check_run": _built(gov_admin, kind=Report.Kind.CHECK_RUN, check_run=run),
        "other_dossier": _built(outsider, kind=Report.Kind.MODEL_DOSSIER, model=other),
    }


def seen_through_every_way(client, reports: dict[str, Report]) -> dict[str, set[str]]:
    listing = client.get(reverse("reports:list")).content.decode()
    api_ids = {row["id"] for row in client.get("/api/v1/reports/?page_size=100").json()["results"]}
    ways: dict[str, set[str]] = {
        way: set() for way in ("page", "list", "api", "api_list", "download", "api_download")
    }
    for name, report in reports.items():
        if client.get(reverse("reports:detail", args=[report.pk])).status_code == 200:
            ways["page"].add(name)
        if f'href="{reverse("reports:detail", args=[report.pk])}"' in listing:
            ways["list"].add(name)
        if client.get(f"/api/v1/reports/{report.pk}/").status_code == 200:
            ways["api"].add(name)
        if report.pk in api_ids:
            ways["api_list"].add(name)
        if client.get(reverse("reports:download", args=[report.pk])).status_code == 200:
            ways["download"].add(name)
        if client.get(f"/api/v1/reports/{report.pk}/download/").status_code == 200:
            ways["api_download"].add(name)
    return ways


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_reports_on_what_it_may_see(request, client, reports, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    for way, seen in seen_through_every_way(client, reports).items():
        assert seen == EXPECTED[role], (role, way)
    hidden = set(reports) - EXPECTED[role]
    for name in hidden:  # as a missing report: the same 404 and body
        missing = client.get("/api/v1/reports/999999/")
        answer = client.get(f"/api/v1/reports/{reports[name].pk}/")
        assert (answer.status_code, answer.json()) == (missing.status_code, missing.json())


@pytest.mark.django_db
def test_the_requester_keeps_an_organisation_report_after_losing_the_auditor_role(client, reports, auditor):
    Group.objects.get(name="auditor").user_set.remove(auditor)
    forget_cached_roles(auditor)
    client.force_login(auditor)
    seen = seen_through_every_way(client, reports)
    assert seen["page"] == {"organisation"} == seen["api_list"]  # not the run report another user asked for


@pytest.mark.django_db
def test_a_dossier_goes_with_its_model_when_the_reader_leaves_the_team(client, viewer, team, reports):
    client.force_login(viewer)
    mine = _built(viewer, kind=Report.Kind.MODEL_DOSSIER, model=reports["dossier"].model)
    assert client.get(reverse("reports:detail", args=[mine.pk])).status_code == 200
    team.memberships.filter(user=viewer).delete()
    assert client.get(reverse("reports:detail", args=[mine.pk])).status_code == 404
    assert client.get(f"/api/v1/reports/{mine.pk}/download/").status_code == 404


@pytest.mark.django_db
def test_the_list_is_a_fixed_number_of_queries(client, viewer, reports, django_assert_max_num_queries):
    for _ in range(5):
        _built(viewer, kind=Report.Kind.TEAM_MATURITY, team=reports["team"].team)
    client.force_login(viewer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/reports/").status_code == 200
