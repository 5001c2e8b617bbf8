"""Lock-outs after repeated failures (log-ins, API tokens), counted in the shared cache.

A failure counter per subject lives for one window from its first failure; reaching the limit sets a lock
that lasts one window and clears the counter. Redis in production (atomic increments, shared by every web
process); the local-memory cache when one process serves everything. See docs/decisions.md.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

logger = logging.getLogger("governance.security")


@dataclass(frozen=True)
class Rule:
    """At most `limit` failures of one subject within `window` seconds; then locked for `window` seconds."""

    scope: str
    limit: int
    window: int


def login_rules() -> tuple[Rule, Rule]:
    window = settings.LOGIN_LOCKOUT_SECONDS
    return (
        Rule("login-user", settings.LOGIN_FAILURES_PER_USER, window),
        Rule("login-ip", settings.LOGIN_FAILURES_PER_IP, window),
    )


def api_token_rules() -> tuple[Rule, Rule]:
    """Wrong tokens, counted per token prefix (one revoked token retried by a cron job) and per address."""
    window = settings.LOGIN_LOCKOUT_SECONDS
    return (
        Rule("api-token-prefix", settings.API_TOKEN_FAILURES_PER_PREFIX, window),
        Rule("api-token-ip", settings.API_TOKEN_FAILURES_PER_IP, window),
    )


def now() -> datetime.datetime:
    """The clock the locks read; tests move it."""
    return timezone.now()


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the header a trusted proxy sets (CLIENT_IP_HEADER), its last hop."""
    header = settings.CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    value = value.split(",")[-1].strip() if value else ""
    return value or request.META.get("REMOTE_ADDR", "") or "unknown"


def _keys(rule: Rule, subject: str) -> tuple[str, str]:
    digest = hashlib.sha256(subject.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"throttle:{rule.scope}:count:{digest}", f"throttle:{rule.scope}:lock:{digest}"


def locked_until(rule: Rule, subject: str) -> datetime.datetime | None:
    """When the subject's lock ends, or None when it is not locked."""
    _, lock_key = _keys(rule, subject)
    until = cache.get(lock_key)
    if until is None:
        return None
    until = datetime.datetime.fromtimestamp(until, tz=datetime.UTC)
    return until if until > now() else None


def record_failure(rule: Rule, subject: str) -> datetime.datetime | None:
    """Count one failure; returns the lock's end when this failure reaches the limit."""
    count_key, lock_key = _keys(rule, subject)
    cache.add(count_key, 0, timeout=rule.window)
    try:
        count = cache.incr(count_key)
    except ValueError:  # the counter expired between add and incr
        cache.set(count_key, 1, timeout=rule.window)
        count = 1
    if count < rule.limit:
        return None
    until = now() + datetime.timedelta(seconds=rule.window)
    cache.set(lock_key, until.timestamp(), timeout=rule.window)
    cache.delete(count_key)
    logger.warning("Locked %s for %s s after %s failures", rule.scope, rule.window, count)
    return until


def reset(rule: Rule, subject: str) -> None:
    cache.delete_many(list(_keys(rule, subject)))


def retry_message(until: datetime.datetime, what: str) -> str:
    minutes = max(1, round((until - now()).total_seconds() / 60))
    local = timezone.localtime(until)
    message = ngettext(
        "Too many failed %(what)s. Try again after %(time)s (in about %(minutes)s minute).",
        "Too many failed %(what)s. Try again after %(time)s (in about %(minutes)s minutes).",
        minutes,
    )
    return message % {"what": what, "time": f"{local:%H:%M} {local.tzname()}", "minutes": minutes}
