"""In-app notices: once per event and recipient, recipients per the issue's table, the bell, the list."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from governance.notifications import scan, services
from governance.notifications.context_processors import bell
from governance.notifications.kinds import Kind
from governance.notifications.models import Notification
from governance.promotions import services as promotion_services
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def notice(key="evt:1", recipients=(), kind=Kind.REPORT_READY):
    return services.Notice(
        kind=kind, key=key, title="Ready", url="/reports/", recipient_ids=frozenset(recipients)
    )


def test_a_notice_is_created_once_per_event_and_recipient(maintainer, contributor):
    assert services.notify(notice=notice(recipients={maintainer.pk, contributor.pk})) == 2
    assert services.notify(notice=notice(recipients={maintainer.pk, contributor.pk})) == 0
    assert Notification.objects.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():  # the database is the arbiter, not the code
        Notification.objects.create(
            recipient=maintainer, kind=Kind.REPORT_READY, event_key="evt:1", title="x"
        )


def test_notify_many_costs_the_same_queries_for_many_notices(django_assert_num_queries, team):
    # (SQLite splits an INSERT past 999 parameters; PostgreSQL sends one: stay under it here, 64 rows of
    # 14 columns.)
    users = [UserFactory() for _ in range(8)]
    few = [notice(key=f"a:{i}", recipients={u.pk for u in users[:2]}) for i in range(2)]
    many = [notice(key=f"b:{i}", recipients={u.pk for u in users}) for i in range(8)]
    with django_assert_num_queries(4):
        services.notify_many(notices=few)
    with django_assert_num_queries(4):
        assert services.notify_many(notices=many) == 64


def test_inactive_users_get_nothing(maintainer):
    maintainer.is_active = False
    maintainer.save()
    assert services.notify(notice=notice(recipients={maintainer.pk})) == 0


def test_promotion_request_tells_those_who_decide_and_the_decision_tells_the_requester(
    version, production, contributor, maintainer, gov_admin, viewer
):
    request = promotion_services.promotion_request_create(
        actor=contributor, version=version, environment=production, justification="Passed offline evaluation."
    )
    asked = set(
        Notification.objects.filter(kind=Kind.PROMOTION_REQUESTED).values_list("recipient_id", flat=True)
    )
    assert asked == {maintainer.pk, gov_admin.pk}  # not the requester, not a viewer
    n = Notification.objects.get(kind=Kind.PROMOTION_REQUESTED, recipient=maintainer)
    assert n.url == reverse("promotions:request_detail", args=[request.pk])
    promotion_services.promotion_reject(actor=maintainer, request=request, reason="Not this quarter.")
    decided = Notification.objects.get(kind=Kind.PROMOTION_DECIDED)
    assert decided.recipient == contributor and "rejected" in decided.title


def test_the_scan_notifies_each_review_threshold_once(model, contributor):
    from tests.governance.reports.conftest import rated_risk

    risk = rated_risk(model, contributor)
    today = timezone.localdate()
    type(risk).objects.filter(pk=risk.pk).update(
        status="active", next_review_due=today + datetime.timedelta(days=10)
    )
    scan.scan()
    scan.scan()  # hourly: no repeat
    assert Notification.objects.filter(kind=Kind.REVIEW_DUE, recipient=contributor).count() == 1
    type(risk).objects.filter(pk=risk.pk).update(next_review_due=today - datetime.timedelta(days=1))
    scan.scan()
    notes = list(Notification.objects.filter(kind=Kind.REVIEW_DUE).values_list("title", flat=True))
    assert len(notes) == 2 and any("overdue" in t for t in notes)


def test_consent_expiring_reaches_the_steward_and_model_owners(team, contributor, maintainer, model):
    from tests.factories import ConsentRecordFactory, DataSourceFactory, DataSourceUseFactory

    source = DataSourceFactory(team=team, steward=maintainer)
    ConsentRecordFactory(data_source=source, expires_on=timezone.localdate() + datetime.timedelta(days=5))
    DataSourceUseFactory(model=model, data_source=source)
    scan.scan()
    got = set(Notification.objects.filter(kind=Kind.CONSENT_EXPIRING).values_list("recipient_id", flat=True))
    assert got == {maintainer.pk, model.owner_id}


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_bell_count_is_cached_and_kept_right_by_the_writes(
    maintainer, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    cache.clear()
    services.notify(notice=notice(recipients={maintainer.pk}))
    with django_assert_num_queries(1):
        assert bell(_request(maintainer)) == {"notifications_unread": 1}
    with django_assert_num_queries(0):
        assert bell(_request(maintainer))["notifications_unread"] == 1
    with django_capture_on_commit_callbacks(execute=True):  # counted up after commit, still no query
        services.notify(notice=notice(key="evt:2", recipients={maintainer.pk}))
    with django_assert_num_queries(0):
        assert bell(_request(maintainer))["notifications_unread"] == 2
    services.notifications_mark_all_read(actor=maintainer)
    assert bell(_request(maintainer))["notifications_unread"] == 0
    cache.clear()
    client.login(username=maintainer.username, password=PASSWORD)  # logging in counts once
    with django_assert_num_queries(0):
        assert bell(_request(maintainer))["notifications_unread"] == 0


def test_list_page_empty_then_paginated_with_links_and_mark_read(client, maintainer, contributor):
    client.login(username=maintainer.username, password=PASSWORD)
    page = client.get(reverse("notifications:list"))
    assert page.status_code == 200 and "No notifications yet" in page.content.decode()
    services.notify_many(notices=[notice(key=f"k:{i}", recipients={maintainer.pk}) for i in range(30)])
    page = client.get(reverse("notifications:list"))
    html = page.content.decode()
    assert 'href="/reports/"' in html and "Page 1 of 2" in html
    first = Notification.objects.filter(recipient=maintainer).first()
    assert client.post(reverse("notifications:read", args=[first.pk])).status_code == 302
    first.refresh_from_db()
    assert first.is_read
    mine = Notification.objects.filter(recipient=maintainer).first()
    client.logout()
    client.login(username=contributor.username, password=PASSWORD)
    assert client.post(reverse("notifications:read", args=[mine.pk])).status_code == 404  # not theirs
    client.logout()
    client.login(username=maintainer.username, password=PASSWORD)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=maintainer, read_at__isnull=True).exists()


def test_list_page_queries_do_not_grow(client, maintainer, django_assert_max_num_queries):
    services.notify_many(notices=[notice(key=f"k:{i}", recipients={maintainer.pk}) for i in range(25)])
    client.login(username=maintainer.username, password=PASSWORD)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("notifications:list")).status_code == 200


def test_preferences_are_saved_per_kind(client, maintainer):
    client.login(username=maintainer.username, password=PASSWORD)
    data = dict.fromkeys(Kind.values, "immediate") | {Kind.REVIEW_DUE: "digest", Kind.REPORT_READY: "off"}
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    services.notify(notice=notice(kind=Kind.REVIEW_DUE, key="r", recipients={maintainer.pk}))
    services.notify(notice=notice(kind=Kind.REPORT_READY, key="p", recipients={maintainer.pk}))
    assert dict(Notification.objects.values_list("kind", "mail")) == {
        "review_due": "digest",
        "report_ready": "off",
    }
    bad = client.post(reverse("notifications:preferences"), {Kind.REVIEW_DUE: "hourly"})
    assert bad.status_code == 200 and "errorbox" in bad.content.decode()


def test_the_scan_costs_the_same_queries_for_more_due_items(model, contributor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.governance.reports.conftest import rated_risk

    def due_risks(n, start):
        for i in range(n):
            risk = rated_risk(model, contributor, title=f"Risk {start + i}")
            type(risk).objects.filter(pk=risk.pk).update(
                status="active", next_review_due=timezone.localdate()
            )

    counts = []
    for n, start in ((2, 0), (8, 10)):
        due_risks(n, start)
        with CaptureQueriesContext(connection) as ctx:
            scan.scan()
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
