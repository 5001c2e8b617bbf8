"""Helpers shared by the URL walk and the leak tests: list the routes, send a request, classify the answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Pattern:
    name: str | None  # namespace-qualified, e.g. "inventory:model_detail"
    route: str  # the full pattern text, for messages
    callback: Any
    admin: bool
    format_suffix: bool


def url_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "",
                 admin: bool = False) -> Iterator[Pattern]:  # fmt: skip
    """Every pattern of the URL configuration, recursively, with its namespaced name."""
    for entry in (resolver or get_resolver()).url_patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, text, inner, admin or entry.app_name == "admin")
        elif isinstance(entry, URLPattern):
            suffix = "(?P<format>" in text or "drf_format_suffix" in text
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Pattern(name, text, entry.callback, admin, suffix)


def send(client: Client, method: str, url: str, *, kind: str, data: dict | None = None,
         query: dict | None = None) -> HttpResponse:  # fmt: skip
    """One request as a browser (forms) or a pipeline (JSON) would send it."""
    if method in ("GET", "HEAD"):
        return client.generic(method, url, query_params=query or None)
    if kind == "api":
        body = json.dumps(data or {}) if method in ("POST", "PUT", "PATCH") else ""
        return client.generic(method, url, body, content_type="application/json")
    if method == "POST":
        return client.post(url, data or {})
    return client.generic(method, url)


def classify(response: HttpResponse) -> str:
    """The outcome class of an answer; see expectations.py."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        return "login" if path in (reverse("login"), reverse("admin:login")) else "ok"
    if 200 <= status < 300:
        return "ok"
    return {401: "login", 403: "forbidden", 404: "notfound", 405: "method"}.get(status, f"HTTP {status}")


def body_text(response: HttpResponse) -> str:
    """The whole body as text (streamed files included); closes the response."""
    try:
        if getattr(response, "streaming", False):
            raw = b"".join(response.streaming_content)
        else:
            raw = response.content
    finally:
        response.close()
    return raw.decode("utf-8", errors="replace")


def session_key(user) -> str:
    """A signed-in session for the user; the walk reuses it instead of logging in thousands of times."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def sign_in(client: Client, world, role: str) -> None:
    """Make `client` act as `role` with the session made for it (anonymous: no session)."""
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
