"""Issue 25: every page, as each role, in Korean: no English UI text left, judged from the catalogue.

The pages are every named HTML route of the URL configuration (the authorization walk's table says which
ones a role may open, and with which arguments; its world holds one of everything). Each page is fetched
with `Accept-Language: ko`; its visible text (text between tags, and the title, aria-label, placeholder
and alt attributes people hear or see) is split into pieces. A piece fails when it is, whole, an English
catalogue string whose Korean differs (a label, a button), or when it contains an English catalogue string
of three words or more (a sentence). Placeholders of a msgid (%(name)s) match anything. User content (the
world's names and texts) is never a catalogue string, so it does not trip the check.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.governance.security.conftest import world  # noqa: F401  (the walk's world, built once here)
from tests.governance.security.expectations import EXPECTATIONS
from tests.governance.security.walking import body_text, sign_in

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "viewer", "maintainer", "auditor", "admin")  # the roles (admin: governance)
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES" / "django.po"
HTML_GET_ROUTES = sorted(name for name, route in EXPECTATIONS.items() if route.kind == "html")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[A-Za-z]{2,}")
LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
ATTRIBUTE = re.compile(r'\s(?:title|aria-label|placeholder|alt)="([^"]*)"')
TEXT_NODE = re.compile(r">([^<]+)<")
INVISIBLE = re.compile(r"<(script|style|head)\b.*?</\1>", re.S | re.I)
# A code the page shows as one, to be typed as it is (a category's value for the override field): a single
# lowercase token in <code>. It can equal a msgid ("high") without being English text.
CODE = re.compile(r"<code>[a-z0-9_.:-]+</code>")


# Known gaps of issue 25, left on purpose: English that a Korean page shows, each for a reason. The test holds
# every other piece of the product to the rule; remove an entry once its cause is fixed.
AWAITING_OTHER_LANES: frozenset[str] = frozenset(
    {
        # Names kept as data: the risk matrix's level names, the gate's environment names (admins edit both,
        # and a renamed level or environment is shown as named), and the MLflow tag names a connector maps
        # (team, owner: the names of tags in MLflow).
        "Low",
        "Medium",
        "High",
        "Critical",
        "Staging",
        "Production",
        "team",
        "owner",
    }
)


def _awaited(piece: str) -> bool:
    """In the set, or starting with an entry that ends in "*" (the rest holds a person's name or a date)."""
    return piece in AWAITING_OTHER_LANES or any(
        entry.endswith("*") and piece.startswith(entry[:-1]) for entry in AWAITING_OTHER_LANES
    )


def _pattern(fragment: str) -> re.Pattern | None:
    """A regex for one fragment of a msgid (its text between tags), or None if it holds no English word."""
    fragment = " ".join(html.unescape(fragment).split())
    if not WORD.search(PLACEHOLDER.sub("", fragment)):
        return None
    parts = [re.escape(part) for part in PLACEHOLDER.split(fragment)]
    return re.compile(r"(?:.+?)".join(parts))


@cache
def english_strings() -> tuple[list[re.Pattern], list[re.Pattern]]:
    """(whole-piece patterns, sentence patterns) from every translated msgid whose Korean differs.

    A fragment kept as it is in the Korean (code, a product name inside a sentence) is not English UI text.
    A fragment with placeholders needs two English words of its own: "Model %(name)s" would otherwise match
    any text that starts with "Model"."""
    whole, sentences = [], []
    for entry in polib.pofile(str(CATALOGUE)):
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            if msgid in translations:
                continue
            for fragment in TAG.split(msgid):
                pattern = _pattern(fragment)
                if pattern is None or any(fragment.strip() in t for t in translations):
                    continue
                words = len(WORD.findall(PLACEHOLDER.sub("", fragment)))
                if PLACEHOLDER.search(fragment) and words < 2:
                    continue
                whole.append(re.compile(rf"^(?:{pattern.pattern})$"))
                if words >= 3 and LOWER_WORD.search(PLACEHOLDER.sub("", fragment)):
                    sentences.append(pattern)  # a name ("EU AI Act", "ML Test Score") is not a sentence
    return whole, sentences


def visible_pieces(page: str) -> list[str]:
    page = CODE.sub("", INVISIBLE.sub("", page))
    pieces = [html.unescape(text) for text in TEXT_NODE.findall(page)]
    pieces += [html.unescape(value) for value in ATTRIBUTE.findall(page)]
    return [" ".join(piece.split()) for piece in pieces if piece.strip()]


def leftovers(page: str) -> list[str]:
    whole, sentences = english_strings()
    found = []
    for piece in visible_pieces(page):
        if any(p.match(piece) for p in whole) or any(p.search(piece) for p in sentences):
            found.append(piece)
    return found


def test_the_judge_finds_english_and_passes_korean():
    """The check itself: an English label, an English sentence inside a longer text, and their Korean."""
    english = '<button>Save</button><p>Note: No check run yet. More text.</p><a title="API tokens">x</a>'
    assert leftovers(english) == ["Save", "Note: No check run yet. More text.", "API tokens"]
    korean = "<button>저장</button><p>아직 점검 실행이 없습니다.</p><p>Credit Risk ZEBRA7SECRET</p>"
    korean += "<code>high</code>"  # a code to type, shown as one
    assert leftovers(korean) == []


@pytest.mark.parametrize("role", ROLES)
def test_every_page_in_korean(world, role):  # noqa: F811
    failures, seen = [], 0
    for name in HTML_GET_ROUTES:
        route = EXPECTATIONS[name]
        if route.expected("GET")[role] not in ("ok", "forbidden", "notfound"):
            continue  # sent to log in (that page is checked as the anonymous role's), or a method error
        with transaction.atomic():
            client = Client(HTTP_ACCEPT_LANGUAGE="ko")
            sign_in(client, world, role)
            url = reverse(name, kwargs=route.kwargs(world))
            response = client.get(url, route.query(world) or None)
            text = body_text(response)
            transaction.set_rollback(True)
        if response.status_code not in (200, 403, 404) or "html" not in response.get("Content-Type", ""):
            continue  # a redirect, a file, a CSV: not a page (refusals are pages people read too)
        seen += 1
        assert response["Content-Language"] == "ko", url
        found = [piece for piece in leftovers(text) if not _awaited(piece)]
        if found:
            failures.append(f"{url} ({name}): {found[:8]}")
    assert seen >= (2 if role == "anonymous" else 40), f"only {seen} pages rendered for {role}"
    assert not failures, f"English UI text on {len(failures)} pages as {role}:\n" + "\n".join(failures)
