"""E-mail through a real SMTP server (aiosmtpd): both parts, Korean text, stable Message-ID, RFC 8058
one-click unsubscribe, failures kept in-app and shown on the system page, and the daily digest."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.notifications import mail, services
from governance.notifications.kinds import Kind
from governance.notifications.models import MailFailure, Notification, NotificationPreference
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

KOREAN = "위험 검토 기한이 다가옵니다"


def korean_notice(user, key="review:1", kind=Kind.REVIEW_DUE):
    return services.Notice(
        kind=kind,
        key=key,
        title=f"{KOREAN}: 신용 평가 모델",
        body="담당자: 김민준",
        url="/risks/1/",
        recipient_ids=frozenset({user.pk}),
    )


def parts(message):
    found = {}
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            found[part.get_content_type()] = part.get_content()
    return found


def unsubscribe_path(text: str) -> str:
    url = re.search(r"http://testserver(/notifications/unsubscribe/[^\s/]+/)", text)
    assert url, text
    return url.group(1)


def test_immediate_mail_has_both_parts_korean_text_and_one_click_unsubscribe(smtp_server, maintainer, client):
    services.notify(notice=korean_notice(maintainer))
    assert mail.send_pending() == {"sent": 1, "failed": 0}
    [message] = smtp_server.messages
    assert smtp_server.envelopes[0].rcpt_tos == [maintainer.email]
    assert KOREAN in message["Subject"]
    found = parts(message)
    assert set(found) == {"text/plain", "text/html"}
    assert "김민준" in found["text/plain"] and "김민준" in found["text/html"]
    assert "http://testserver/risks/1/" in found["text/plain"]
    n = Notification.objects.get()
    assert message["Message-ID"] == f"<notification-{n.pk}@example.org>"
    assert n.mail == "sent" and n.mail_attempts == 1
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_url = str(message["List-Unsubscribe"]).strip().strip("<>")
    path = unsubscribe_path(found["text/plain"])
    assert header_url == f"http://testserver{path}"

    # GET only asks (scanners prefetch); POST, without logging in, unsubscribes from this kind.
    page = client.get(path)
    assert page.status_code == 200 and "Stop these e-mails?" in page.content.decode()
    assert not NotificationPreference.objects.exists()
    done = client.post(path)
    assert done.status_code == 200 and "Unsubscribed" in done.content.decode()
    pref = NotificationPreference.objects.get(user=maintainer, kind=Kind.REVIEW_DUE)
    assert pref.delivery == "off"
    services.notify(notice=korean_notice(maintainer, key="review:2"))
    assert Notification.objects.get(event_key="review:2").mail == "off"
    assert mail.send_pending() == {"sent": 0, "failed": 0}


def test_sending_again_is_a_no_op(smtp_server, maintainer):
    services.notify(notice=korean_notice(maintainer))
    mail.send_pending()
    mail.send_pending()
    assert len(smtp_server.messages) == 1


def test_tampered_unsubscribe_link_is_a_clear_400_and_changes_nothing(client, maintainer):
    token = services.unsubscribe_token(user_id=maintainer.pk, kind=Kind.REVIEW_DUE)
    for bad in (token[:-2] + "xx", "nonsense", token.replace(":", ";", 1)):
        for method in (client.get, client.post):
            response = method(reverse("notifications:unsubscribe", args=[bad]))
            assert response.status_code == 400
            assert "not valid" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_unreachable_smtp_keeps_the_notice_in_app_and_shows_on_the_system_page(
    dead_smtp, settings, maintainer, gov_admin, client
):
    settings.NOTIFICATIONS_MAIL_MAX_ATTEMPTS = 2
    services.notify(notice=korean_notice(maintainer))
    assert mail.send_pending() == {"sent": 0, "failed": 1}
    n = Notification.objects.get()
    assert n.mail == "failed" and n.read_at is None and "Connection" in n.mail_error
    assert MailFailure.objects.count() == 1
    mail.send_pending()  # the second and last attempt
    n.refresh_from_db()
    assert n.mail == "gave_up"  # nothing queues forever
    mail.send_pending()
    assert MailFailure.objects.count() == 2
    client.login(username=gov_admin.username, password=PASSWORD)
    page = client.get(reverse("portal:system_status")).content.decode()
    assert "Latest SMTP failures" in page and f"notification {n.pk}" in page and "given up: 1" in page


def test_digest_groups_per_user_never_repeats_and_costs_fixed_queries(
    smtp_server, settings, django_assert_num_queries
):
    settings.NOTIFICATIONS_DIGEST_HOUR = 8
    settings.TIME_ZONE = "Asia/Seoul"

    def users_with_items(n, prefix):
        users = [UserFactory(username=f"{prefix}{i}") for i in range(n)]
        for u in users:
            NotificationPreference.objects.create(user=u, kind=Kind.REVIEW_DUE, delivery="digest")
            NotificationPreference.objects.create(user=u, kind=Kind.REPORT_READY, delivery="digest")
            services.notify(notice=korean_notice(u, key=f"{prefix}-r-{u.pk}"))
            services.notify(notice=korean_notice(u, key=f"{prefix}-p-{u.pk}", kind=Kind.REPORT_READY))
        return users

    seoul_8am = datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.UTC)  # 08:30 in Seoul
    assert mail.send_digests(now=seoul_8am - datetime.timedelta(hours=3)) == {
        "users": 0,
        "items": 0,
        "failed": 0,
        "recovered": 0,
    }

    users_with_items(2, "few")
    with django_assert_num_queries(5):  # read, claim, re-lease stale, read what this pass holds, mark sent
        assert mail.send_digests(now=seoul_8am)["users"] == 2
    users_with_items(12, "many")
    with django_assert_num_queries(5):
        assert mail.send_digests(now=seoul_8am) == {"users": 12, "items": 24, "failed": 0, "recovered": 0}
    assert len(smtp_server.messages) == 14
    assert mail.send_digests(now=seoul_8am + datetime.timedelta(days=1))["items"] == 0  # never repeated
    message = smtp_server.messages[0]
    text = parts(message)["text/plain"]
    assert "Daily digest: 2 notices" in message["Subject"]
    assert "Risk review due or overdue" in text and "Report ready" in text and KOREAN in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Notification.objects.filter(mail="digest").exists()


def test_digest_failure_puts_items_back_for_the_next_digest(dead_smtp, maintainer):
    NotificationPreference.objects.create(user=maintainer, kind=Kind.REVIEW_DUE, delivery="digest")
    services.notify(notice=korean_notice(maintainer))
    assert mail.send_digests(force=True) == {"users": 1, "items": 0, "failed": 1, "recovered": 0}
    n = Notification.objects.get()
    assert n.mail == "digest" and n.digest_key == "" and n.mailed_at is None  # the next digest is a new one
    assert MailFailure.objects.filter(what__startswith="digest").exists()


def test_user_time_zone_is_the_saved_preference_else_the_site_s(settings, maintainer):
    from governance.teams.models import UserPreference

    settings.TIME_ZONE = "UTC"
    assert str(mail.user_time_zone(maintainer)) == "UTC"
    pref = UserPreference.objects.create(user=maintainer, time_zone="Asia/Seoul")
    maintainer.refresh_from_db()
    assert str(mail.user_time_zone(maintainer)) == "Asia/Seoul"
    pref.time_zone = "Mars/Olympus"  # not a zone (the form refuses it): the site's, not an error
    pref.save()
    maintainer.refresh_from_db()
    assert str(mail.user_time_zone(maintainer)) == "UTC"
    assert timezone.now()


def test_a_notice_whose_sender_died_is_sent_again_with_the_same_message_id(smtp_server, maintainer, settings):
    """At least once: a lease older than RECOVERY_STALE_SECONDS is taken again; a fresh one is left alone."""
    settings.RECOVERY_STALE_SECONDS = 60
    services.notify(notice=korean_notice(maintainer))
    n = Notification.objects.get()
    Notification.objects.filter(pk=n.pk).update(mail="sending", mailed_at=timezone.now(), mail_attempts=1)
    assert mail.send_pending() == {"sent": 0, "failed": 0}  # another worker may be sending it right now
    Notification.objects.filter(pk=n.pk).update(mailed_at=timezone.now() - datetime.timedelta(minutes=5))
    assert mail.send_pending() == {"sent": 1, "failed": 0}
    n.refresh_from_db()
    assert n.mail == "sent" and n.mail_attempts == 2
    assert smtp_server.messages[0]["Message-ID"] == f"<notification-{n.pk}@example.org>"
