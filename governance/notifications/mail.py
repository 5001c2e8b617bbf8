"""E-mail: one message per notice (kind set to "immediately") and one daily digest per user.

Messages have a text and an HTML part (UTF-8, so Korean text survives), a Message-ID that is the same for
the same notice or digest (a resend after a worker died is recognisably the same message), and RFC 8058
one-click unsubscribe headers. SMTP failures keep the notices in-app, are recorded (MailFailure) for the
system page, and are retried by the next pass up to NOTIFICATIONS_MAIL_MAX_ATTEMPTS.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import smtplib
import uuid
import zoneinfo
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from governance.teams import selectors as team_selectors

from .kinds import Kind
from .models import MailFailure, Notification
from .services import ALL_KINDS, unsubscribe_token

logger = logging.getLogger(__name__)

MAIL_ERRORS = (smtplib.SMTPException, OSError)
BATCH = 500


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def message_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"


def user_time_zone(user: Any) -> zoneinfo.ZoneInfo:
    """The user's saved time zone (UserPreference), else TIME_ZONE. Load users with
    select_related("preference") (RECIPIENT) so that this is no query per user."""
    name = team_selectors.user_time_zone(user=user)
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def user_language(user: Any) -> str:
    """The language a user's e-mail is written in: their saved one, else LANGUAGE_CODE."""
    return team_selectors.user_language(user=user) or settings.LANGUAGE_CODE


RECIPIENT = ("recipient", "recipient__preference")  # select_related: the language and time zone, no query


def _message(*, user: Any, subject: str, template: str, context: dict[str, Any], message_id: str, kind: str):
    """Call under translation.override(user_language(user)): the templates render in the active language."""
    unsubscribe_url = absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id=user.pk, kind=kind)])
    )
    context = {
        **context,
        "user": user,
        "unsubscribe_url": unsubscribe_url,
        "site_url": settings.SITE_URL,
        "language": translation.get_language(),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "Message-ID": f"<{message_id}@{message_domain()}>",
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.encoding = "utf-8"
    message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
    message.extra_headers["Content-Language"] = translation.get_language()
    return message


def notice_message(notification: Notification):
    """One notice's e-mail, in its recipient's language (the title is rendered in it from its message)."""
    user = notification.recipient
    with translation.override(user_language(user)):
        return _message(
            user=user,
            subject=_("[ML governance] %(title)s") % {"title": notification.title_text},
            template="notice",
            context={"n": notification, "link": absolute(notification.url) if notification.url else ""},
            message_id=f"notification-{notification.pk}",
            kind=notification.kind,
        )


def _record_failure(*, what: str, exc: Exception) -> str:
    error = f"{type(exc).__name__}: {exc}"[:500]
    MailFailure.objects.create(what=what[:200], error=error)
    logger.warning("E-mail failed (%s): %s", what, error)
    return error


def send_pending() -> dict[str, int]:
    """Send every notice waiting for immediate e-mail (and retry failed ones), over one SMTP connection.

    At least once: a notice is leased (SENDING, with the time) before it is handed to SMTP and marked SENT
    after; a lease older than RECOVERY_STALE_SECONDS (its worker died in between) is sent again, with the
    same Message-ID. Two passes at once cannot both take a notice (a conditional update)."""
    stale = timezone.now() - datetime.timedelta(seconds=settings.RECOVERY_STALE_SECONDS)
    waiting = list(
        Notification.objects.filter(
            Q(mail__in=[Notification.Mail.PENDING, Notification.Mail.FAILED])
            | Q(mail=Notification.Mail.SENDING, mailed_at__lt=stale)
        )
        .select_related(*RECIPIENT)
        .order_by("pk")[:BATCH]
    )
    sent = failed = 0
    if not waiting:
        return {"sent": 0, "failed": 0}
    connection = get_connection(fail_silently=False)
    try:
        for notification in waiting:
            claimed = Notification.objects.filter(
                pk=notification.pk, mail=notification.mail, mailed_at=notification.mailed_at
            ).update(
                mail=Notification.Mail.SENDING, mail_attempts=F("mail_attempts") + 1, mailed_at=timezone.now()
            )
            if not claimed:
                continue
            try:
                connection.send_messages([notice_message(notification)])
            except MAIL_ERRORS as exc:
                error = _record_failure(what=f"notification {notification.pk}", exc=exc)
                last = notification.mail_attempts + 1 >= settings.NOTIFICATIONS_MAIL_MAX_ATTEMPTS
                state = Notification.Mail.GAVE_UP if last else Notification.Mail.FAILED
                Notification.objects.filter(pk=notification.pk).update(
                    mail=state, mail_error=error, mailed_at=None
                )
                failed += 1
                connection.close()  # a broken connection is opened afresh for the next message
            else:
                Notification.objects.filter(pk=notification.pk).update(
                    mail=Notification.Mail.SENT, mail_error=""
                )
                sent += 1
    finally:
        with contextlib.suppress(*MAIL_ERRORS):
            connection.close()
    return {"sent": sent, "failed": failed}


def digest_due(*, user: Any, now: datetime.datetime) -> bool:
    return now.astimezone(user_time_zone(user)).hour == settings.NOTIFICATIONS_DIGEST_HOUR


def _digest_key(now: datetime.datetime) -> str:
    """The pass's UTC time and a random part: with the recipient it is the digest's Message-ID."""
    return f"{now.astimezone(datetime.UTC):%Y%m%d%H%M%S}-{uuid.uuid4().hex[:12]}"


def digest_message(*, user: Any, key: str, items: list[Notification]):
    """The digest named `key` for `user`, in their language and time zone (its day and each notice's time).
    Everything in it comes from the key and the items, so a digest sent again after its worker died is the
    same message (same Message-ID, day and items)."""
    zone = user_time_zone(user)
    claimed = datetime.datetime.strptime(key[:14], "%Y%m%d%H%M%S").replace(tzinfo=datetime.UTC)
    with translation.override(user_language(user)):
        kind_labels = {value: str(label) for value, label in Kind.choices}
        groups: dict[str, list[Notification]] = defaultdict(list)
        for n in items:
            n.link = absolute(n.url) if n.url else ""
            groups[kind_labels.get(n.kind, n.kind)].append(n)
        count = len(items)
        subject = ngettext(
            "[ML governance] Daily digest: %(count)s notice",
            "[ML governance] Daily digest: %(count)s notices",
            count,
        ) % {"count": count}
        return _message(
            user=user,
            subject=subject,
            template="digest",
            context={
                "groups": dict(groups),
                "count": count,
                "day": claimed.astimezone(zone).date(),
                "time_zone": zone,
            },
            message_id=f"digest-{user.pk}-{key}",
            kind=ALL_KINDS,
        )


def send_digests(*, now: datetime.datetime | None = None, force: bool = False) -> dict[str, int]:
    """One digest per user whose local digest hour it is (every user with `force`), grouping every notice
    waiting for the digest; digests a dead worker left in flight are sent again on the way.

    At least once, never an item in two digests: the items are claimed (*digesting*, with the digest's key
    and a lease time) before SMTP and marked *digested* after. Queries: read, claim, re-lease stale digests,
    read what this pass holds, mark sent (and one release if SMTP failed), whatever the number of users."""
    now = now or timezone.now()
    waiting = list(
        Notification.objects.filter(mail=Notification.Mail.DIGEST)
        .select_related(*RECIPIENT)
        .order_by("recipient_id", "created_at", "pk")
    )
    ids = [n.pk for n in waiting if force or digest_due(user=n.recipient, now=now)]
    lease = timezone.now()  # the real clock: `now` only says whose digest hour it is
    key = _digest_key(now)
    if ids:
        Notification.objects.filter(pk__in=ids, mail=Notification.Mail.DIGEST).update(
            mail=Notification.Mail.DIGESTING,
            digest_key=key,
            mailed_at=lease,
            mail_attempts=F("mail_attempts") + 1,
        )
    return _send_in_flight(lease=lease, fresh_key=key if ids else "")


def recover_digests() -> dict[str, int]:
    """Send again, with the same Message-ID and items, the digests whose worker died after claiming them
    (in flight for longer than RECOVERY_STALE_SECONDS). Beat's five-minute mail pass runs this."""
    return _send_in_flight(lease=timezone.now(), fresh_key="")


def _send_in_flight(*, lease: datetime.datetime, fresh_key: str) -> dict[str, int]:
    """Take over stale digests (one conditional update: a row goes to one lease), then send every digest
    all of whose items this lease holds. A digest split between two concurrent passes is sent by neither;
    its lease goes stale and a later pass takes it whole."""
    stale = lease - datetime.timedelta(seconds=settings.RECOVERY_STALE_SECONDS)
    taken = Notification.objects.filter(mail=Notification.Mail.DIGESTING, mailed_at__lt=stale).update(
        mailed_at=lease, mail_attempts=F("mail_attempts") + 1
    )
    if not (fresh_key or taken):
        return {"users": 0, "items": 0, "failed": 0, "recovered": 0}
    held = Notification.objects.filter(mail=Notification.Mail.DIGESTING, mailed_at=lease).values("digest_key")
    digests: dict[tuple[int, str], list[Notification]] = defaultdict(list)
    for n in (
        Notification.objects.filter(mail=Notification.Mail.DIGESTING, digest_key__in=held)
        .select_related(*RECIPIENT)
        .order_by("recipient_id", "digest_key", "created_at", "pk")
    ):
        digests[(n.recipient_id, n.digest_key)].append(n)
    mine = {k: items for k, items in digests.items() if all(n.mailed_at == lease for n in items)}
    sent: list[int] = []
    released: list[int] = []
    connection = get_connection(fail_silently=False)
    try:
        for (user_id, key), items in mine.items():
            try:
                connection.send_messages([digest_message(user=items[0].recipient, key=key, items=items)])
            except MAIL_ERRORS as exc:
                _record_failure(what=f"digest for user {user_id}", exc=exc)
                released.extend(n.pk for n in items)
                connection.close()
            else:
                sent.extend(n.pk for n in items)
    finally:
        with contextlib.suppress(*MAIL_ERRORS):
            connection.close()
        # Also when something other than SMTP breaks the loop: what SMTP accepted is not sent again.
        if sent:
            Notification.objects.filter(pk__in=sent).update(mail=Notification.Mail.DIGESTED, mail_error="")
        if released:  # back to the digest: the next digest hour tries again, in a new digest
            Notification.objects.filter(pk__in=released).update(
                mail=Notification.Mail.DIGEST, digest_key="", mailed_at=None
            )
    return {
        "users": len(mine),
        "items": len(sent),
        "failed": len(released),
        "recovered": sum(1 for (_, key) in mine if key != fresh_key),
    }
