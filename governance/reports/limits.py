"""How many reports one person may ask for: a request rate (counted in the shared cache, per minute) and a
daily build quota (counted in the database, over the last 24 hours). Both apply to the pages and the API,
because both go through services.report_request. See docs/decisions.md."""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from .models import Report

WINDOW = 60
DAY = datetime.timedelta(hours=24)


class ReportLimitReached(Exception):
    """Too many report requests or builds; `retry_after` seconds until the next one is allowed."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.message, self.retry_after = message, retry_after


def count_request(user: Any) -> None:
    """Count one report request of the user in the current minute; refuse it past the per-minute limit."""
    now = timezone.now().timestamp()
    window = int(now // WINDOW)
    key = f"reports:requests:{user.pk}:{window}"
    cache.add(key, 0, timeout=WINDOW * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW * 2)
        count = 1
    limit = settings.REPORT_REQUESTS_PER_MINUTE
    if count > limit:
        wait = max(1, math.ceil((window + 1) * WINDOW - now))
        raise ReportLimitReached(
            ngettext(
                "You have asked for %(limit)s reports within a minute, the most allowed. Try again in "
                "%(wait)s second.",
                "You have asked for %(limit)s reports within a minute, the most allowed. Try again in "
                "%(wait)s seconds.",
                wait,
            )
            % {"limit": limit, "wait": wait},
            retry_after=wait,
        )


def check_daily_quota(user: Any) -> None:
    """Refuse a new build once the user has had REPORT_BUILDS_PER_DAY built in the last 24 hours."""
    quota = settings.REPORT_BUILDS_PER_DAY
    since = timezone.now() - DAY
    recent = list(
        Report.objects.filter(requested_by=user, created_at__gte=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:quota]
    )
    if len(recent) < quota:
        return
    frees_at = recent[-1] + DAY
    wait = max(1, math.ceil((frees_at - timezone.now()).total_seconds()))
    local = timezone.localtime(frees_at)
    raise ReportLimitReached(
        gettext(
            "You have requested %(quota)s reports in the last 24 hours, the daily quota. The next one can be "
            "requested after %(time)s; reports already built stay available."
        )
        % {"quota": quota, "time": f"{local:%Y-%m-%d %H:%M} {local.tzname()}"},
        retry_after=wait,
    )
