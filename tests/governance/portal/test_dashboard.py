"""The dashboard: what each role sees (and must not), the links behind each figure, the "Models failing
checks" list the browser journeys rely on, empty states, and a query count that does not grow with data."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.checks import engine, latest
from governance.checks import services as check_services
from governance.checks.models import CheckPolicy, CheckResult, CheckRun, ModelCheckStatus
from governance.inventory.models import DataSource
from governance.reports.models import Report
from governance.risks.models import Risk, RiskMatrix
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MembershipFactory,
    MLModelFactory,
    TeamFactory,
    UserFactory,
)

TODAY = timezone.localdate()
FAILING_LIST = re.compile(
    r'<section class="card"[^>]*id="latest-check-run".*?<h3 id="failing-h">Models failing checks</h3>\s*'
    r'<ol class="failing-models"[^>]*>(.*?)</ol>',
    re.S,
)
ITEM = re.compile(r'<li><a href="(/models/\d+/)">([^<]+)</a>')


def finished_run(results: dict, *, scope: str = "all", **target) -> CheckRun:
    """A succeeded run with the given {model: [outcome, ...]} results, recorded as the engine does."""
    run = CheckRun.objects.create(scope=scope, status=CheckRun.Status.SUCCEEDED, **target)
    CheckResult.objects.bulk_create(
        CheckResult(run=run, check_key=f"check.{i}", model=model, outcome=outcome)
        for model, outcomes in results.items()
        for i, outcome in enumerate(outcomes)
    )
    latest.record_run(run_id=run.pk)
    return run


def failing_items(html: str) -> list[tuple[str, str]]:
    match = FAILING_LIST.search(html)
    assert match, "no 'Models failing checks' list in the latest check run card"
    return ITEM.findall(match.group(1))


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    return response


@pytest.fixture
def org(team, other_team, contributor, outsider):
    """Two teams with a production model each, a risk each, a withdrawn consent each, and one run."""
    mine = MLModelFactory(team=team, owner=contributor, name="credit-scorer", stage="production")
    theirs = MLModelFactory(team=other_team, owner=outsider, name="fraud-secret", stage="production")
    matrix = RiskMatrix.objects.get(is_default=True)
    for model, owner in ((mine, contributor), (theirs, outsider)):
        Risk.objects.create(
            model=model, matrix=matrix, title=f"{model.name} down", category="availability", owner=owner,
            status=Risk.Status.ACTIVE, residual_likelihood=2, residual_impact=3, residual_level=1,
            next_review_due=TODAY - datetime.timedelta(days=3),
        )  # fmt: skip
        source = DataSourceFactory(name=f"{model.name}-data", team=model.team, steward=owner)
        DataSourceUseFactory(model=model, data_source=source)
        ConsentRecordFactory(data_source=source, reference=f"{model.name}-c", withdrawn_at=timezone.now())
    finished_run({mine: ["fail", "pass"], theirs: ["fail", "fail", "warn"]})
    return mine, theirs


@pytest.mark.django_db
def test_member_sees_only_their_teams(client, org, contributor):
    mine, _ = org
    response = dashboard(client, contributor)
    d, html = response.context["d"], response.content.decode()
    assert d.model_total == 1
    assert [row["team__name"] for row in d.by_team] == ["Credit Risk"]
    assert failing_items(html) == [(f"/models/{mine.pk}/", "credit-scorer")]
    assert d.heat.total == 1 and d.risk_summary["overdue"] == 1
    assert d.withdrawn_total == 1 and [c.reference for c in d.withdrawn] == ["credit-scorer-c"]
    assert [row.team.name for row in d.maturity_rows] == ["Credit Risk"]
    for secret in ("fraud-secret", "Fraud"):
        assert secret not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["gov_admin", "auditor"])
def test_auditors_and_admins_see_everything(client, org, role, request):
    mine, theirs = org
    response = dashboard(client, request.getfixturevalue(role))
    d = response.context["d"]
    assert (d.model_total, d.heat.total, d.withdrawn_total, d.risk_summary["overdue"]) == (2, 2, 2, 2)
    # Ordered by the number of failing checks: fraud-secret fails two, credit-scorer one.
    assert failing_items(response.content.decode()) == [
        (f"/models/{theirs.pk}/", "fraud-secret"),
        (f"/models/{mine.pk}/", "credit-scorer"),
    ]
    assert (d.production.total, d.production.failing, d.production.passing) == (2, 2, 0)


@pytest.mark.django_db
def test_failing_list_reflects_each_models_latest_results(client, org, gov_admin):
    mine, theirs = org
    # A newer model run finds credit-scorer fixed; fraud-secret keeps its org-wide results.
    newer = finished_run({mine: ["pass", "pass"]}, scope="model", model=mine)
    html = dashboard(client, gov_admin).content.decode()
    assert failing_items(html) == [(f"/models/{theirs.pk}/", "fraud-secret")]
    assert "All 1 model failing checks" in html
    # An older run finishing late does not override the newer results.
    older = CheckRun.objects.create(scope="all", status=CheckRun.Status.SUCCEEDED)
    CheckRun.objects.filter(pk=older.pk).update(id=newer.pk - 100)
    CheckResult.objects.create(run_id=newer.pk - 100, check_key="x", model=mine, outcome="fail")
    latest.record_run(run_id=newer.pk - 100)
    assert ModelCheckStatus.objects.get(model=mine).run_id == newer.pk


@pytest.mark.django_db
def test_failing_list_shows_ten_most_failing_then_a_link_to_all(client, team, gov_admin):
    models = [MLModelFactory(team=team, name=f"m-{i:02}", stage="production") for i in range(12)]
    finished_run({m: ["fail"] * (1 + i % 4) for i, m in enumerate(models)})
    html = dashboard(client, gov_admin).content.decode()
    names = [name for _, name in failing_items(html)]
    assert len(names) == 10
    assert names[:3] == ["m-03", "m-07", "m-11"]  # four failures each, then by name
    all_link = f'href="{reverse("inventory:model_list")}?checks=failing">All 12 models failing checks'
    assert all_link in html
    listed = (
        client.get(reverse("inventory:model_list"), {"checks": "failing"}).context["page"].paginator.count
    )
    assert listed == 12


@pytest.mark.django_db
def test_a_run_through_the_engine_flags_a_withdrawn_consent(client, team, contributor, gov_admin):
    model = MLModelFactory(team=team, owner=contributor, name="churn-model", stage="production")
    source = DataSourceFactory(team=team, legal_basis=DataSource.LegalBasis.CONSENT)
    DataSourceUseFactory(model=model, data_source=source, purpose="churn-prediction")
    consent = ConsentRecordFactory(data_source=source, purpose="churn-prediction")
    first = check_services.check_run_create(actor=gov_admin, scope="all", enqueue=False)
    engine.run_execute_inline(run_id=first.pk)
    assert not CheckResult.objects.filter(run=first, check_key="data.consent_valid", outcome="fail").exists()
    consent.withdrawn_at = timezone.now()
    consent.save()
    second = check_services.check_run_create(actor=gov_admin, scope="all", enqueue=False)
    engine.run_execute_inline(run_id=second.pk)
    html = dashboard(client, contributor).content.decode()
    assert (f"/models/{model.pk}/", "churn-model") in failing_items(html)
    assert f'href="/checks/runs/{second.pk}/">Check run #{second.pk}</a>' in html
    fails = CheckResult.objects.filter(run=second, model=model, outcome="fail").count()
    assert ModelCheckStatus.objects.get(model=model).fail_count == fails > 0


@pytest.mark.django_db
def test_production_share_and_its_links(client, team, gov_admin):
    ok = MLModelFactory(team=team, name="ok-model", stage="production")
    warned = MLModelFactory(team=team, name="warned-model", stage="production")
    bad = MLModelFactory(team=team, name="bad-model", stage="production")
    MLModelFactory(team=team, name="never-checked", stage="production")
    MLModelFactory(team=team, name="dev-model", stage="development")
    finished_run({ok: ["pass", "not_applicable"], warned: ["pass", "warn"], bad: ["fail"]})
    response = dashboard(client, gov_admin)
    p = response.context["d"].production
    assert (p.total, p.passing, p.warning, p.failing, p.unchecked) == (4, 1, 1, 1, 1)
    assert p.passing_percent == 33  # one of the three checked production models
    html = response.content.decode()
    assert "?stage=production&amp;checks=passing" in html
    model_list = reverse("inventory:model_list")
    expected = [("passing", ["ok-model"]), ("warning", ["warned-model"]), ("unchecked", ["never-checked"])]
    for state, names in expected:
        page = client.get(model_list, {"stage": "production", "checks": state}).context["page"]
        assert [m.name for m in page.object_list] == names


@pytest.mark.django_db
def test_consents_expiring_use_the_policy_window(client, team, contributor, gov_admin):
    CheckPolicy.objects.update_or_create(pk=CheckPolicy.current().pk, defaults={"consent_warning_days": 10})
    model = MLModelFactory(team=team, owner=contributor)
    soon, later, unused = (DataSourceFactory(name=n) for n in ("soon-src", "later-src", "unused-src"))
    for source in (soon, later):
        DataSourceUseFactory(model=model, data_source=source)
    ConsentRecordFactory(data_source=soon, expires_on=TODAY + datetime.timedelta(days=5))
    ConsentRecordFactory(data_source=later, expires_on=TODAY + datetime.timedelta(days=20))
    ConsentRecordFactory(data_source=unused, expires_on=TODAY + datetime.timedelta(days=5))
    response = dashboard(client, contributor)
    d, html = response.context["d"], response.content.decode()
    assert d.consent_window_days == 10 and d.expiring_total == 1
    assert [c.data_source_name for c in d.expiring] == ["soon-src"]
    assert "Consents expiring within 10 days" in html
    listed = client.get(reverse("inventory:data_source_list"), {"consent": "expiring"}).context["page"]
    assert [s.name for s in listed.object_list] == ["soon-src"]


@pytest.mark.django_db
def test_figures_link_to_the_lists_behind_them(client, org, gov_admin):
    html = dashboard(client, gov_admin).content.decode()
    for href in (
        reverse("risks:register") + "?overdue=true",
        reverse("inventory:data_source_list") + "?consent=withdrawn_in_use",
        reverse("inventory:model_list") + "?stage=production",
        reverse("assessments:home"),
    ):
        assert f'href="{href}' in html
    withdrawn = client.get(reverse("inventory:data_source_list"), {"consent": "withdrawn_in_use"})
    assert withdrawn.context["page"].paginator.count == 2
    overdue = client.get(reverse("risks:register"), {"overdue": "true"})
    assert overdue.context["page"].paginator.count == 2


@pytest.mark.django_db
def test_start_button_only_for_those_allowed(client, org, gov_admin, contributor, viewer, auditor):
    start = reverse("checks:start")
    admin_html = dashboard(client, gov_admin).content.decode()
    assert f'action="{start}"' in admin_html and 'name="scope" value="all"' in admin_html
    contributor_html = dashboard(client, contributor).content.decode()
    assert 'name="scope" value="team"' in contributor_html and "Run checks on Credit Risk" in contributor_html
    for user in (viewer, auditor):
        assert f'action="{start}"' not in dashboard(client, user).content.decode()


@pytest.mark.django_db
def test_recent_reports_are_those_the_user_may_see(client, org, contributor, outsider):
    mine, theirs = org
    Report.objects.create(kind="model_dossier", model=mine, requested_by=contributor)
    Report.objects.create(kind="model_dossier", model=theirs, requested_by=outsider)
    response = dashboard(client, contributor)
    assert [r.model_id for r in response.context["d"].reports] == [mine.pk]
    assert "model fraud-secret" not in response.content.decode().lower()


@pytest.mark.django_db
def test_empty_states_say_what_to_do_first(client, contributor, reference_data):
    html = dashboard(client, contributor).content.decode()
    assert "Register the first model" in html
    loner = UserFactory(username="no.team")
    assert "not a member of any team" in dashboard(client, loner).content.decode()


@pytest.mark.django_db
def test_empty_inventory_offers_registering_only_to_those_who_may(client, auditor, viewer):
    for user in (auditor, viewer):
        html = dashboard(client, user).content.decode()
        assert "No models in" in html and "Register the first model" not in html


@pytest.mark.django_db
def test_no_run_yet_explains_and_offers_a_start(client, team, gov_admin):
    MLModelFactory(team=team, stage="production")
    html = dashboard(client, gov_admin).content.decode()
    assert "No check run yet" in html and 'name="scope" value="all"' in html


def _grow(teams: int, models_per_team: int, owner) -> None:
    """More teams, models, risks, consents, runs and reports: none of it may add a query."""
    matrix = RiskMatrix.objects.get(is_default=True)
    for _ in range(teams):
        team = TeamFactory()
        MembershipFactory(user=owner, team=team, role="contributor")
        models = [MLModelFactory(team=team, owner=owner, stage="production") for _ in range(models_per_team)]
        for model in models:
            Risk.objects.create(model=model, matrix=matrix, title="r", category="other", owner=owner)
            source = DataSourceFactory(team=team)
            DataSourceUseFactory(model=model, data_source=source)
            ConsentRecordFactory(data_source=source, expires_on=TODAY + datetime.timedelta(days=3))
            Report.objects.create(kind="model_dossier", model=model, requested_by=owner)
        finished_run({m: ["fail", "pass"] for m in models}, scope="team", team=team)


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("portal:dashboard"))  # sessions and caches warm
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("portal:dashboard")).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["gov_admin", "contributor"])
def test_query_count_does_not_grow_with_data(client, team, role, request):
    user = request.getfixturevalue(role)
    owner = user if role == "contributor" else UserFactory(username="grower")
    _grow(1, 2, owner)
    small = _queries(client, user)
    _grow(4, 6, owner)
    large = _queries(client, user)
    assert small == large, f"{small} queries with little data, {large} with more"
    assert large <= 30
