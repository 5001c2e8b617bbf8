"""Shared Playwright fixtures: Debian's Chromium (never a downloaded one) against the live server."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from ..conftest import CHROMIUM
from ..factories import PASSWORD

TIMEOUT_MS = 10_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(django_settings.VAR_DIR) / "screenshots"
# `make screenshots` sets this to docs/screenshots: the official pictures shown in the README land there too.
OFFICIAL_SCREENSHOTS = os.environ.get("SCREENSHOT_DIR", "")


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in this thread, which trips Django's
    async-safety check on every ORM call the test itself makes; allow them for this module only."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def site(live_server, transactional_db, settings):
    """The live server's URL over plain HTTP. `make test` turns off the SSL redirect and hashed static
    names for the whole run; Secure cookies are relaxed here because the test server has no TLS."""
    assert not settings.SECURE_SSL_REDIRECT, "run through `make test` (it sets SECURE_SSL_REDIRECT=false)"
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return live_server.url


@contextlib.contextmanager
def open_page(browser, site, **options):
    """A page in a fresh browser context; options as Playwright's new_context takes them (locale, ...)."""
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900}, **options)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser, site):
    with open_page(browser, site) as page:
        yield page


def log_in(page, user) -> None:
    from playwright.sync_api import expect

    page.goto("/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def screenshot(page, name: str, *, official: bool = False, full_page: bool = True) -> Path:
    """Save a PNG under VAR_DIR/screenshots; an official one is also copied to $SCREENSHOT_DIR."""
    path = SCREENSHOTS / f"{name}.png"  # a name may hold a folder: "ko/dashboard"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    if official and OFFICIAL_SCREENSHOTS:
        target = Path(django_settings.BASE_DIR) / OFFICIAL_SCREENSHOTS / f"{name}.png"  # relative to the repo
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return path
