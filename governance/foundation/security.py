"""Response headers Django's SecurityMiddleware does not send: Content-Security-Policy, Permissions-Policy,
and Cache-Control: no-store on every authenticated answer."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    """Adds the configured policies to every response that does not set its own (settings.py explains)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for header, value in (
            ("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY),
            ("Permissions-Policy", settings.PERMISSIONS_POLICY),
        ):
            if value and header not in response:
                response[header] = value
        return response


class NoStoreWhenAuthenticatedMiddleware:
    """Pages and API answers for a signed-in user carry people and consent data: `Cache-Control: no-store`
    keeps them out of browser caches and the back/forward cache after logout, and out of shared proxies.

    An answer counts as authenticated when the user is signed in once the view ran (DRF's token
    authentication sets it then), or when the request carried a session cookie or an Authorization header
    (the logout answer, a failed token). Sits after AuthenticationMiddleware."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            (user is not None and user.is_authenticated)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "HTTP_AUTHORIZATION" in request.META
        ):
            add_never_cache_headers(response)  # no-store, no-cache, must-revalidate, private, max-age=0
        return response
