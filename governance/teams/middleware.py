"""The signed-in person's saved language and time zone, applied to each page (issue 25)."""

from __future__ import annotations

import zoneinfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from .selectors import user_language, user_time_zone


class UserPreferenceMiddleware:
    """After AuthenticationMiddleware (and LocaleMiddleware, which already chose from Accept-Language or
    LANGUAGE_CODE): a saved language wins over the browser's; the saved time zone, else settings.TIME_ZONE,
    shows times.

    The API is left alone: it answers in the request's Accept-Language and in UTC offsets whoever calls,
    so a pipeline gets the same answer with a token (authenticated inside DRF's view, after this runs)
    as with a session."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        language = user_language(user=user)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        try:
            zone = zoneinfo.ZoneInfo(user_time_zone(user=user))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = None  # a zone removed from tzdata since it was saved: the site's own
        if zone is not None:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
