"""Writes of in-app notices: create each (event, recipient) once, mark read, preferences, unsubscribe.

Creating is set-based (a fixed number of queries for any number of events and recipients), so the beat
scan and a check run over thousands of models stay cheap. Immediate e-mail is queued after commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .kinds import Delivery, Kind, default_delivery
from .models import Notification, NotificationPreference
from .texts import Text, recipient_language, rendered

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "governance.notifications.unsubscribe"
ALL_KINDS = "*"


@dataclass(frozen=True)
class Notice:
    """One event as its recipients will read it. `key` names the event so that repeats are the same key."""

    kind: str
    key: str
    title: str | Text  # a texts.text message: written in each recipient's language, stored as a message
    url: str = ""
    body: str | Any = ""  # a text, or a message (text, Joined) read in each recipient's language
    recipient_ids: frozenset[int] = field(default_factory=frozenset)


def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def forget_unread(user_ids: Iterable[int]) -> None:
    """Drop the cached bell counts of these users (after notices are read)."""
    keys = [unread_cache_key(uid) for uid in set(user_ids)]
    if keys:
        cache.delete_many(keys)


def count_new_unread(user_ids: Iterable[int]) -> None:
    """Add one to each cached bell count (atomic in Redis), so pages stay free of the COUNT query; a count
    that is not cached stays so (the next page counts), and one that cannot be incremented is dropped."""
    for uid in user_ids:
        key = unread_cache_key(uid)
        try:
            cache.incr(key)
        except ValueError:
            cache.delete(key)


def _mail_state(delivery: str, has_address: bool) -> str:
    if not has_address or delivery == Delivery.OFF:
        return Notification.Mail.OFF
    return Notification.Mail.DIGEST if delivery == Delivery.DIGEST else Notification.Mail.PENDING


def notify_many(*, notices: Iterable[Notice]) -> int:
    """Create the notices that do not exist yet, one per (key, recipient); the number created.

    Four queries whatever the count: active recipients (with their saved language), existing keys,
    preferences, one bulk insert (which also ignores a row a concurrent sender inserted first: the unique
    constraint is the arbiter). Titles and bodies are written in each recipient's language (texts.py)."""
    notices = [n for n in notices if n.recipient_ids]
    if not notices:
        return 0
    user_ids = set().union(*(n.recipient_ids for n in notices))
    users = {
        pk: (email, recipient_language(language))
        for pk, email, language in get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .values_list("pk", "email", "preference__language")
    }
    keys = {n.key for n in notices}
    existing = set(
        Notification.objects.filter(event_key__in=keys, recipient_id__in=users).values_list(
            "event_key", "recipient_id"
        )
    )
    prefs = {
        (uid, kind): delivery
        for uid, kind, delivery in NotificationPreference.objects.filter(user_id__in=users).values_list(
            "user_id", "kind", "delivery"
        )
    }
    rows = []
    for notice in notices:
        texts: dict[str, tuple[str, str]] = {}  # language: (title, body), read once per language
        message = notice.title.as_json() if isinstance(notice.title, Text) else {}
        for uid in sorted(notice.recipient_ids):
            if uid not in users or (notice.key, uid) in existing:
                continue
            existing.add((notice.key, uid))
            delivery = prefs.get((uid, notice.kind)) or default_delivery(notice.kind)
            email, language = users[uid]
            if language not in texts:
                texts[language] = (rendered(notice.title, language), rendered(notice.body, language))
            title, body = texts[language]
            rows.append(
                Notification(
                    recipient_id=uid,
                    kind=notice.kind,
                    event_key=notice.key[:200],
                    title=title[:300],
                    title_message=message,
                    body=body,
                    url=notice.url[:500],
                    mail=_mail_state(delivery, bool(email)),
                )
            )
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    recipients = [r.recipient_id for r in rows]
    transaction.on_commit(lambda: count_new_unread(recipients))
    if any(r.mail == Notification.Mail.PENDING for r in rows):
        transaction.on_commit(_queue_mail)
    return len(rows)


def notify(*, notice: Notice) -> int:
    return notify_many(notices=[notice])


def _queue_mail() -> None:
    """Ask a worker to send pending e-mail now; if the queue is down, beat's retry pass sends it later."""
    from celery import current_app

    try:
        current_app.tasks["notifications.send_pending"].delay()
    except Exception as exc:  # kombu/redis errors: the notices are saved and the beat pass finds them
        logger.warning("Could not queue notification e-mail; the periodic pass will send it: %s", exc)


def notification_mark_read(*, actor: Any, notification_id: int) -> bool:
    """Mark one of the actor's own notices read; False if it is not theirs (the view answers 404)."""
    updated = Notification.objects.filter(pk=notification_id, recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    exists = updated or Notification.objects.filter(pk=notification_id, recipient=actor).exists()
    forget_unread([actor.pk])
    return bool(exists)


def notifications_mark_all_read(*, actor: Any) -> int:
    count = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread([actor.pk])
    return count


def preferences_set(*, actor: Any, choices: dict[str, str]) -> None:
    """Store the actor's e-mail choice per kind (all of them at once, in one transaction)."""
    unknown = set(choices) - set(Kind.values)
    bad = {v for v in choices.values() if v not in Delivery.values}
    if unknown or bad:
        raise ValidationError(_("Unknown notification kind or delivery choice."))
    with transaction.atomic():
        for kind, delivery in choices.items():
            NotificationPreference.objects.update_or_create(
                user=actor, kind=kind, defaults={"delivery": delivery}
            )


def unsubscribe_token(*, user_id: int, kind: str = ALL_KINDS) -> str:
    """A signed, login-free token naming the user and the kind (or every kind) to stop e-mailing."""
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(*, token: str) -> tuple[Any, str]:
    """The user and kind a token names; BadSignature for a tampered or unknown one (the view says 400)."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    kind = data.get("k")
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or (kind != ALL_KINDS and kind not in Kind.values):
        raise signing.BadSignature("The link names no current user or kind.")
    return user, kind


def unsubscribe(*, token: str) -> tuple[Any, str]:
    """Turn e-mail off for the token's kind (or all kinds); the in-app notices go on."""
    user, kind = unsubscribe_read(token=token)
    kinds = Kind.values if kind == ALL_KINDS else [kind]
    preferences_set(actor=user, choices=dict.fromkeys(kinds, Delivery.OFF))
    Notification.objects.filter(
        recipient=user, kind__in=kinds, mail__in=[Notification.Mail.PENDING, Notification.Mail.DIGEST]
    ).update(mail=Notification.Mail.OFF)
    return user, kind
