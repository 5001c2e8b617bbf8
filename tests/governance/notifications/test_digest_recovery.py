"""The daily digest is at least once: a digest whose worker died after claiming its items is sent again by
recovery with the same Message-ID and the same items; a digest already sent is not; no item is ever in two
digests. Through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

import pytest
from django.core.mail.backends.smtp import EmailBackend
from django.utils import timezone

from governance.notifications import mail, services, tasks
from governance.notifications.kinds import Kind
from governance.notifications.models import MailFailure, Notification, NotificationPreference
from tests.factories import UserFactory
from tests.governance.notifications.conftest import free_port

pytestmark = pytest.mark.django_db


def digest_user(name: str, *titles: str):
    user = UserFactory(username=name)
    NotificationPreference.objects.create(user=user, kind=Kind.REVIEW_DUE, delivery="digest")
    for title in titles:
        services.notify(
            notice=services.Notice(
                kind=Kind.REVIEW_DUE,
                key=title,
                title=title,
                body="",
                url="",
                recipient_ids=frozenset({user.pk}),
            )
        )
    return user


def items_by_message(smtp_server) -> list[tuple[str, frozenset[str]]]:
    """(Message-ID, the titles listed in the text part) for each message received, in order."""
    found = []
    for message in smtp_server.messages:
        text = next(p.get_content() for p in message.walk() if p.get_content_type() == "text/plain")
        # "- 2026-12-07 15:30 title": each item with its time in the recipient's zone (issue 25)
        titles = frozenset(
            re.sub(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} ", "", line[2:])
            for line in text.splitlines()
            if line.startswith("- ")
        )
        found.append((str(message["Message-ID"]), titles))
    return found


def age_leases(minutes: int = 5) -> None:
    Notification.objects.filter(mail="digesting").update(
        mailed_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def die_after_first_accepted(monkeypatch):
    """The worker dies after SMTP accepted the first digest and before anything is recorded (not an SMTP
    error: nothing releases the items)."""
    original = EmailBackend.send_messages

    def send_then_die(self, messages):
        original(self, messages)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(EmailBackend, "send_messages", send_then_die)
    return original


def test_a_digest_whose_worker_died_is_sent_again_with_the_same_message_id_and_items(
    smtp_server, settings, monkeypatch
):
    settings.RECOVERY_STALE_SECONDS = 60
    ann = digest_user("ann", "ann-1", "ann-2")
    bob = digest_user("bob", "bob-1", "bob-2")
    original = die_after_first_accepted(monkeypatch)
    with pytest.raises(RuntimeError):
        mail.send_digests(force=True)
    [(first_id, first_items)] = items_by_message(smtp_server)  # accepted, never recorded as sent
    claimed = {n.pk: n.digest_key for n in Notification.objects.all()}
    assert set(Notification.objects.values_list("mail", flat=True)) == {"digesting"}
    monkeypatch.setattr(EmailBackend, "send_messages", original)

    # A fresh lease may belong to a worker still sending it: left alone, and its items are not re-claimed.
    digest_user("ann2", "ann-late")
    assert mail.recover_digests()["users"] == 0
    assert mail.send_digests(force=True) == {"users": 1, "items": 1, "failed": 0, "recovered": 0}
    assert len(smtp_server.messages) == 2

    age_leases()
    result = tasks.notifications_send_pending()  # beat's five-minute mail pass
    assert result["digests_recovered"] == 2
    received = items_by_message(smtp_server)
    assert len(received) == 4
    by_id = defaultdict(set)
    for message_id, items in received:
        by_id[message_id].add(items)
    assert by_id[first_id] == {first_items}  # the repeat is the same message with the same items
    assert sorted(sorted(items) for items_set in by_id.values() for items in items_set) == [
        ["ann-1", "ann-2"],
        ["ann-late"],
        ["bob-1", "bob-2"],
    ]
    assert {m for m, _ in received} == {
        f"<digest-{ann.pk}-{claimed[Notification.objects.get(event_key='ann-1').pk]}@example.org>",
        f"<digest-{bob.pk}-{claimed[Notification.objects.get(event_key='bob-1').pk]}@example.org>",
        f"<digest-{Notification.objects.get(event_key='ann-late').recipient_id}-"
        f"{Notification.objects.get(event_key='ann-late').digest_key}@example.org>",
    }
    assert set(Notification.objects.values_list("mail", flat=True)) == {"digested"}
    assert {n.pk: n.digest_key for n in Notification.objects.filter(pk__in=claimed)} == claimed

    # Already sent: never again, however old.
    Notification.objects.update(mailed_at=timezone.now() - datetime.timedelta(days=1))
    assert mail.recover_digests() == {"users": 0, "items": 0, "failed": 0, "recovered": 0}
    assert mail.send_digests(force=True)["users"] == 0
    assert len(smtp_server.messages) == 4


def test_no_item_is_ever_in_two_digests(smtp_server, settings, monkeypatch):
    """Each title appears under exactly one Message-ID, across a death, a recovery and later digests."""
    settings.RECOVERY_STALE_SECONDS = 60
    users = [digest_user(f"u{i}", f"u{i}-a", f"u{i}-b") for i in range(3)]
    original = die_after_first_accepted(monkeypatch)
    with pytest.raises(RuntimeError):
        mail.send_digests(force=True)
    monkeypatch.setattr(EmailBackend, "send_messages", original)
    for i, user in enumerate(users):
        services.notify(
            notice=services.Notice(
                kind=Kind.REVIEW_DUE,
                key=f"u{i}-c",
                title=f"u{i}-c",
                body="",
                url="",
                recipient_ids=frozenset({user.pk}),
            )
        )
    age_leases()
    result = mail.send_digests(force=True)  # the hourly pass recovers on the way
    assert result == {"users": 6, "items": 9, "failed": 0, "recovered": 3}
    ids_per_title = defaultdict(set)
    for message_id, items in items_by_message(smtp_server):
        for title in items:
            ids_per_title[title].add(message_id)
    assert len(ids_per_title) == 9
    assert all(len(ids) == 1 for ids in ids_per_title.values()), ids_per_title


def test_a_digest_split_between_two_leases_is_sent_whole_later(smtp_server, settings, monkeypatch):
    """If two passes each took part of a stale digest, neither sends a part under the digest's Message-ID."""
    settings.RECOVERY_STALE_SECONDS = 60
    digest_user("ann", "ann-1", "ann-2")
    monkeypatch.setattr(
        EmailBackend, "send_messages", lambda self, messages: (_ for _ in ()).throw(KeyError())
    )
    with pytest.raises(KeyError):
        mail.send_digests(force=True)
    monkeypatch.undo()
    age_leases()
    Notification.objects.filter(event_key="ann-1").update(mailed_at=timezone.now())  # another pass holds it
    assert mail.recover_digests()["users"] == 0
    assert not smtp_server.messages
    age_leases()
    assert mail.recover_digests() == {"users": 1, "items": 2, "failed": 0, "recovered": 1}
    [(_, items)] = items_by_message(smtp_server)
    assert items == {"ann-1", "ann-2"}


def test_recovery_costs_fixed_queries_and_smtp_failure_releases(
    smtp_server, settings, monkeypatch, django_assert_num_queries
):
    settings.RECOVERY_STALE_SECONDS = 60

    def die_after_claim(count: int, prefix: str) -> None:
        for i in range(count):
            digest_user(f"{prefix}{i}", f"{prefix}{i}-a")
        monkeypatch.setattr(EmailBackend, "send_messages", lambda self, messages: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            mail.send_digests(force=True)
        monkeypatch.undo()
        age_leases()

    for count in (2, 8):
        die_after_claim(count, f"n{count}-")
        with django_assert_num_queries(3):  # re-lease, read what this pass holds, mark sent
            assert mail.recover_digests() == {"users": count, "items": count, "failed": 0, "recovered": count}
    assert len(smtp_server.messages) == 10

    die_after_claim(2, "late")
    settings.EMAIL_PORT = free_port()  # SMTP now down: released for the next digest hour, as before
    with django_assert_num_queries(3 + 2):  # re-lease, read, a failure record per digest, release
        assert mail.recover_digests() == {"users": 2, "items": 0, "failed": 2, "recovered": 2}
    late = Notification.objects.filter(event_key__startswith="late")
    assert set(late.values_list("mail", "digest_key")) == {("digest", "")}
    assert MailFailure.objects.filter(what__startswith="digest for user").count() == 2
