"""The dashboard's and the header's counts cached per user (foundation.freshness): a warm page costs a fixed
handful of queries, yet every committed write shows at once, whatever path it took (save, bulk_create,
queryset update, another connection), and a member's cached figures never hold another team's models.

These tests commit for real (transactional): the cache is keyed by writes that commit."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.checks.models import CheckPolicy
from governance.foundation import freshness
from governance.inventory.models import MLModel
from governance.notifications.selectors import unread_count
from governance.promotions import inbox
from governance.promotions import services as promotions
from governance.promotions.models import Environment, GateRuleSet
from governance.teams import permissions as perms
from tests.factories import MembershipFactory, MLModelFactory, ModelVersionFactory

pytestmark = [pytest.mark.django_db(transaction=True)]
WARM_DASHBOARD_QUERIES = 4  # session, user, the user's groups and team roles: nothing counted


@pytest.fixture(autouse=True)
def _counts_cache(settings):
    settings.COUNTS_CACHE = True


@pytest.fixture
def two_teams(team, other_team, contributor, outsider):
    CheckPolicy.current()  # made on first read (a write) once a flush removed it
    mine = [MLModelFactory(team=team, owner=contributor, stage="production") for _ in range(2)]
    theirs = [MLModelFactory(team=other_team, owner=outsider, stage="production") for _ in range(3)]
    return mine, theirs


def page(client, user):
    """The dashboard as `user`; logging in (which writes last_login) only when another user was in."""
    if client.session.get("_auth_user_id") != str(user.pk):
        client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    return response.context["d"], len(ctx.captured_queries)


def test_a_warm_dashboard_costs_a_fixed_handful_of_queries(client, two_teams, contributor, gov_admin):
    for user in (contributor, gov_admin):
        cold, cold_queries = page(client, user)
        warm, warm_queries = page(client, user)
        assert warm.model_total == cold.model_total
        assert warm_queries <= WARM_DASHBOARD_QUERIES < cold_queries
        MLModelFactory.create_batch(3, team=two_teams[0][0].team)  # more data: no more queries
        page(client, user)
        assert page(client, user)[1] == warm_queries


def test_members_cached_figures_hold_only_their_teams(client, two_teams, contributor, outsider, gov_admin):
    for _ in range(2):  # cold, then from the cache
        assert page(client, contributor)[0].model_total == 2
        assert page(client, outsider)[0].model_total == 3
        assert page(client, gov_admin)[0].model_total == 5
    assert [row["team__name"] for row in page(client, contributor)[0].by_team] == ["Credit Risk"]


def test_joining_a_team_shows_its_models_at_once(client, two_teams, contributor, other_team):
    assert page(client, contributor)[0].model_total == 2
    MembershipFactory(user=contributor, team=other_team, role="viewer")
    assert page(client, contributor)[0].model_total == 5


@pytest.mark.parametrize("path", ["save", "bulk_create", "update", "delete", "atomic"])
def test_every_committed_write_shows_at_once(client, two_teams, team, contributor, path):
    mine, _ = two_teams
    before = page(client, contributor)[0]
    assert page(client, contributor)[1] <= WARM_DASHBOARD_QUERIES  # cached
    if path == "save":
        MLModelFactory(team=team, owner=contributor, stage="development")
        expected = (3, 2)
    elif path == "bulk_create":  # sends no signal
        template = MLModelFactory.build(team=team, owner=contributor, stage="development")
        MLModel.objects.bulk_create([template])
        expected = (3, 2)
    elif path == "update":  # queryset update: no signal either
        MLModel.objects.filter(pk=mine[0].pk).update(stage=MLModel.Stage.RETIRED)
        expected = (2, 1)
    elif path == "delete":
        MLModel.objects.filter(pk=mine[0].pk).delete()
        expected = (1, 1)
    else:
        with transaction.atomic():
            MLModelFactory(team=team, owner=contributor, stage="production")
        expected = (3, 3)
    after = page(client, contributor)[0]
    assert (before.model_total, before.production.total) == (2, 2)
    assert (after.model_total, after.production.total) == expected


def test_a_transaction_sees_its_own_uncommitted_writes(two_teams, team, contributor):
    from governance.portal.dashboard import dashboard_cached

    assert dashboard_cached(user=contributor).model_total == 2
    assert dashboard_cached(user=contributor).model_total == 2  # now cached
    with transaction.atomic():
        MLModelFactory(team=team, owner=contributor)
        assert freshness.has_uncommitted_writes()
        assert dashboard_cached(user=contributor).model_total == 3
        transaction.set_rollback(True)
    assert dashboard_cached(user=contributor).model_total == 2


def test_a_write_committed_by_another_connection_while_computing_is_never_cached_as_current(
    two_teams, team, contributor
):
    """The race: a reader reads the generation, another process commits a write before the reader stores
    what it computed. What it stored is keyed by the older generation, so the next reader recomputes."""

    def write_elsewhere() -> None:
        MLModelFactory(team=team, owner=contributor)
        connection.close()

    def compute_while_another_commits() -> int:
        counted = MLModel.objects.filter(team=team).count()
        writer = threading.Thread(target=write_elsewhere)
        writer.start()
        writer.join()
        return counted

    def cached(compute) -> int:
        return freshness.cached(name="race", user_id=contributor.pk, compute=compute)

    assert cached(compute_while_another_commits) == 2
    assert cached(lambda: MLModel.objects.filter(team=team).count()) == 3


# The header: "Waiting for me" and the bell.


def ask(version, actor, **extra):
    return promotions.promotion_request_create(
        actor=actor,
        version=version,
        environment=Environment.objects.get(slug="production"),
        justification="Passed offline evaluation.",
        **extra,
    )


@pytest.fixture
def version(team, contributor, reference_data):
    GateRuleSet.objects.filter(tier="minimal").update(check_max_age_days=None, failing_checks=[])
    model = MLModelFactory(team=team, owner=contributor, stage="development", ai_act_tier="minimal")
    return ModelVersionFactory(model=model, label="1.0.0", status="validated")


def header_queries(user) -> tuple[int, int, int]:
    """The header's two numbers and their queries (the roles they read are loaded once per request)."""
    perms.prime_cached_roles([user])
    with CaptureQueriesContext(connection) as ctx:
        waiting, unread = inbox.waiting_count(user=user), unread_count(user=user)
    return waiting, unread, len(ctx.captured_queries)


def test_the_header_costs_two_queries_cold_none_warm_and_shows_a_new_item_at_once(
    version, contributor, maintainer, outsider
):
    assert header_queries(maintainer) == (0, 0, 2)
    assert header_queries(maintainer) == (0, 0, 0)
    ask(version, contributor)
    waiting, unread, _ = header_queries(maintainer)
    assert waiting == 1 and unread >= 1  # the maintainer is told of the request too
    assert header_queries(maintainer)[2] == 0
    assert header_queries(outsider)[0] == 0  # another team's request waits for nobody outside it


def test_a_request_leaves_the_cached_count_when_it_expires(version, contributor, maintainer, monkeypatch):
    request = ask(version, contributor)
    assert inbox.waiting_count(user=maintainer) == 1
    assert inbox.waiting_count(user=maintainer) == 1  # cached, until the request expires
    later = request.expires_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert inbox.waiting_count(user=maintainer) == 0


def test_the_single_query_counts_what_each_list_holds(version, contributor, maintainer, gov_admin):
    ask(version, contributor)
    today = timezone.localdate()
    for user in (maintainer, gov_admin, contributor):
        lists = [
            inbox.requests_to_decide(user=user),
            inbox.risks_to_accept(user=user, today=today),
            inbox.my_overdue_reviews(user=user, today=today),
        ]
        expiries = [r.expires_at for r in lists[0]]
        assert inbox._waiting(user=user) == (sum(q.count() for q in lists), min(expiries, default=None))
