"""Notices and e-mails in each recipient's saved language, the digest in their time zone (issue 25)."""

from __future__ import annotations

import datetime
import json
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import translation

from governance.notifications import events, mail, services, texts
from governance.notifications.kinds import Kind
from governance.notifications.models import Notification, NotificationPreference
from governance.notifications.texts import _, text
from governance.reports.models import Report
from governance.teams.models import UserPreference
from tests.factories import UserFactory

from .test_mail import parts

pytestmark = pytest.mark.django_db
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def overdue(*users, key="review:1"):
    return services.Notice(
        kind=Kind.REVIEW_DUE,
        key=key,
        title=text(_("Risk review is overdue: %(risk)s"), risk="신용 평가 모델 장애"),
        url="/risks/1/",
        recipient_ids=frozenset(u.pk for u in users),
    )


@pytest.fixture
def korean_reader(db):
    user = UserFactory(username="kim.minjun")
    UserPreference.objects.create(user=user, language="ko", time_zone="Asia/Seoul")
    return user


@pytest.fixture
def english_reader(db):
    return UserFactory(username="ann.english")  # no saved preference: LANGUAGE_CODE and TIME_ZONE


def test_each_recipient_reads_the_title_in_their_language_whoever_caused_it(
    korean_reader, english_reader, django_assert_num_queries
):
    with translation.override("ko"), django_assert_num_queries(4):  # the actor's language does not matter
        assert services.notify(notice=overdue(korean_reader, english_reader)) == 2
    titles = dict(Notification.objects.values_list("recipient_id", "title"))
    assert titles[korean_reader.pk] == "위험 검토 기한 경과: 신용 평가 모델 장애"
    assert titles[english_reader.pk] == "Risk review is overdue: 신용 평가 모델 장애"


def test_event_builders_give_lazy_titles(korean_reader):
    class Endpoint:
        pk, name, consecutive_failures, disabled_reason, created_by_id = (
            7,
            "SIEM",
            5,
            "HTTP 500",
            korean_reader.pk,
        )

    notice = events.webhook_disabled(endpoint=Endpoint())
    with translation.override("ko"):
        assert str(notice.title) == "웹훅 엔드포인트 비활성화됨: SIEM"
    with translation.override("en"):
        assert str(notice.title) == "Webhook endpoint disabled: SIEM"


def test_the_notice_e_mail_is_in_the_recipient_s_language(smtp_server, korean_reader, english_reader):
    services.notify(notice=overdue(korean_reader, english_reader))
    assert mail.send_pending() == {"sent": 2, "failed": 0}
    by_rcpt = {
        env.rcpt_tos[0]: msg for env, msg in zip(smtp_server.envelopes, smtp_server.messages, strict=True)
    }
    korean = by_rcpt[korean_reader.email]
    assert str(korean["Subject"]).strip() == "[ML 거버넌스] 위험 검토 기한 경과: 신용 평가 모델 장애"
    assert korean["Content-Language"] == "ko"
    found = parts(korean)
    assert "ML 거버넌스(http://testserver)의 알림 설정에 따라" in found["text/plain"]
    assert "이 이메일 중지:" in found["text/plain"] and "ML 거버넌스에서 열기" in found["text/html"]
    english = by_rcpt[english_reader.email]
    assert str(english["Subject"]).strip() == "[ML governance] Risk review is overdue: 신용 평가 모델 장애"
    assert "Stop these e-mails:" in parts(english)["text/plain"]


def test_the_digest_goes_at_the_recipient_s_local_hour_in_their_zone_and_language(
    smtp_server, settings, korean_reader, english_reader
):
    settings.TIME_ZONE, settings.NOTIFICATIONS_DIGEST_HOUR = "UTC", 8
    for user in (korean_reader, english_reader):
        NotificationPreference.objects.create(user=user, kind=Kind.REVIEW_DUE, delivery="digest")
    services.notify(notice=overdue(korean_reader, english_reader))
    seoul_8am = datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.UTC)  # 08:30 on the 8th in Seoul
    assert mail.send_digests(now=seoul_8am)["users"] == 1  # only the Seoul reader's hour
    [digest] = smtp_server.messages
    assert str(digest["Subject"]).strip() == "[ML 거버넌스] 일일 요약 알림: 1건"
    body = parts(digest)["text/plain"]
    created = Notification.objects.get(recipient=korean_reader).created_at
    assert "2026-12-08 일일 요약 알림: 1건." in body  # the day in Seoul
    assert f"- {created.astimezone(SEOUL):%Y-%m-%d %H:%M} 위험 검토 기한 경과" in body  # the time in Seoul
    assert "시각은 Asia/Seoul 기준입니다." in body and "위험 검토 예정 또는 기한 경과" in body  # kind label

    utc_8am = datetime.datetime(2026, 12, 8, 8, 5, tzinfo=datetime.UTC)
    assert mail.send_digests(now=utc_8am)["users"] == 1  # the site's zone for the reader without one
    english = smtp_server.messages[1]
    assert str(english["Subject"]).strip() == "[ML governance] Daily digest: 1 notice"
    assert "Times are in UTC." in parts(english)["text/plain"]


def test_the_title_is_stored_as_a_message_and_read_in_the_reader_s_language(client, english_reader):
    """A recipient with no saved language gets the title written in LANGUAGE_CODE; the stored message still
    shows it in the language of the page that lists it (and in English again under English)."""
    services.notify(notice=overdue(english_reader))
    notice = Notification.objects.get()
    assert notice.title == "Risk review is overdue: 신용 평가 모델 장애"
    with translation.override("ko"):
        assert notice.title_text == "위험 검토 기한 경과: 신용 평가 모델 장애"
    with translation.override("en"):
        assert notice.title_text == notice.title
    client.force_login(english_reader)
    page = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "위험 검토 기한 경과: 신용 평가 모델 장애" in page and "Risk review is overdue" not in page


def test_a_row_without_a_message_shows_its_stored_title(english_reader):
    services.notify(notice=overdue(english_reader))
    Notification.objects.update(title_message={})  # written before the message was stored
    with translation.override("ko"):
        assert Notification.objects.get().title_text == "Risk review is overdue: 신용 평가 모델 장애"


@pytest.mark.parametrize(
    "title",
    [
        text(_("Risk acceptance expires in %(days)s: %(risk)s"), days=texts.days_word(1), risk="R"),
        text(_("Risk acceptance expires in %(days)s: %(risk)s"), days=texts.days_word(9), risk="R"),
        text(
            _("%(model)s: %(checks)s newly failing"),
            model="M",
            checks=texts.count_word(3, _("%(count)s check"), _("%(count)s checks")),
        ),
        text(_("Your report is ready: %(kind)s"), kind=Report.Kind(Report.Kind.values[0]).label),
        text(
            _("%(model)s %(version)s to %(environment)s: %(status)s"),
            model="M",
            version="v1",
            environment="Production",
            status=texts.lower(_("Approved")),
        ),
    ],
)
def test_a_stored_message_reads_as_the_message_itself_in_each_language(title):
    """Nested messages, plurals and choice labels survive the JSON column and translate when read."""
    stored = json.loads(json.dumps(title.as_json()))
    for language in ("en", "ko"):
        with translation.override(language):
            assert texts.render_message(stored) == str(title)
    with translation.override("ko"):
        assert texts.render_message(stored) != texts.rendered(title, "en")


def test_a_message_that_cannot_be_read_is_empty_so_the_stored_title_shows():
    assert texts.render_message({"msg": {"call": "eval", "args": ["1"]}, "params": {}}) == ""
    assert texts.render_message({"msg": "%(missing)s", "params": {"other": 1}}) == ""


def test_a_check_failing_notice_names_the_checks_by_their_titles_in_each_recipient_s_language(
    smtp_server, team, korean_reader, english_reader
):
    """Not their keys ("accountability.active_owner"): the catalogue's titles, in the recipient's language,
    in the notice and its e-mail; a key no check has any more is shown as it is."""
    from governance.checks.models import CheckResult, CheckRun
    from governance.notifications import receivers
    from tests.factories import MLModelFactory

    run = CheckRun.objects.create(status="succeeded")
    for owner in (korean_reader, english_reader):
        model = MLModelFactory(team=team, owner=owner, name=f"scorer-{owner.pk}")
        for key in ("accountability.active_owner", "accountability.team_maintained", "gone.check"):
            CheckResult.objects.create(run=run, check_key=key, model=model, outcome="fail")
    with translation.override("en"):  # whoever finished the run
        receivers.on_check_run_finished(sender=None, run_id=run.pk)
    bodies = dict(Notification.objects.filter(kind=Kind.CHECK_FAILING).values_list("recipient_id", "body"))
    assert (
        bodies[korean_reader.pk]
        == "모델에 활성 상태의 책임자가 있음, 모델 담당 팀에 활성 관리자가 있음, gone.check"
    )
    assert bodies[english_reader.pk] == (
        "Model has an active accountable owner, Model's team has an active maintainer, gone.check"
    )
    assert mail.send_pending()["sent"] == 2
    korean = next(m for m in smtp_server.messages if m["Content-Language"] == "ko")
    assert "모델에 활성 상태의 책임자가 있음" in parts(korean)["text/plain"]
