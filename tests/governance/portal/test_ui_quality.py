"""Quality of the whole UI, checked on the demo data: every form control has a label, every detail page has
breadcrumbs, titles are distinct, nothing is fetched from another site, and the stylesheet's text colours
meet WCAG AA contrast (computed from the CSS, not assumed)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from assessments.models import Assessment
from governance.checks.models import CheckRun
from governance.inventory.models import ConsentRecord, DataSource, MLModel
from governance.risks.models import Risk
from governance.teams.models import Team

ROOT = Path(settings.BASE_DIR)
CSS = ROOT / "governance" / "foundation" / "static" / "core" / "app.css"
UNLABELLED_OK = {"hidden", "submit", "button", "reset", "image"}


class _Page(HTMLParser):
    """Form controls, the labels pointing at them, the breadcrumb navigation and the title of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.breadcrumbs = False
        self.title = ""
        self._in_title = False
        self.ids: set[str] = set()
        self.described: list[tuple[str, str]] = []  # (element, id it names in aria-describedby)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.ids.add(a["id"])
        for ref in a.get("aria-describedby", "").split():
            self.described.append((f"<{tag} name={a.get('name')!r}>", ref))
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type", "") not in UNLABELLED_OK:
            self.controls.append({**a, "tag": tag, "wrapped": "yes" if self.label_depth else ""})
        elif tag == "nav" and a.get("aria-label") == "Breadcrumb":
            self.breadcrumbs = True
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def unlabelled(self) -> list[str]:
        return [
            f"<{c['tag']} name={c.get('name')!r}>"
            for c in self.controls
            if not (
                c["wrapped"]
                or c.get("id") in self.label_for
                or c.get("aria-label")
                or c.get("aria-labelledby")
            )
        ]

    def dangling(self) -> list[str]:
        """aria-describedby references to no element: help and errors a screen reader never announces."""
        return [f"{element} -> #{ref}" for element, ref in self.described if ref not in self.ids]


def test_the_page_reader_finds_unlabelled_fields():
    page = _Page()
    page.feed(
        '<label for="a">A</label><input id="a" name="a"><label>B <input name="b"></label><input name="c">'
    )
    assert page.unlabelled() == ["<input name='c'>"]


def _pages() -> dict[str, tuple[str, bool]]:
    """{path: (what it is, whether it is a detail page that needs breadcrumbs)} over the demo data."""
    model = MLModel.objects.filter(stage="production").order_by("pk").first()
    source = DataSource.objects.order_by("pk").first()
    consent = ConsentRecord.objects.filter(withdrawn_at__isnull=True).order_by("pk").first()
    risk = Risk.objects.order_by("pk").first()
    team = Team.objects.order_by("pk").first()
    submitted = Assessment.objects.filter(status="submitted").order_by("pk").first()
    run = CheckRun.objects.order_by("pk").first()
    version = model.versions.order_by("pk").first()
    return {
        "/": ("dashboard", False),
        "/models/": ("models", False),
        "/models/new/": ("new model", True),
        f"/models/{model.pk}/": ("model", True),
        f"/models/{model.pk}/edit/": ("edit model", True),
        f"/models/{model.pk}/transfer/": ("transfer", True),
        f"/models/{model.pk}/versions/new/": ("new version", True),
        f"/models/{model.pk}/versions/{version.pk}/edit/": ("edit version", True),
        f"/models/{model.pk}/data-uses/new/": ("link source", True),
        "/data-sources/": ("sources", False),
        "/data-sources/new/": ("new source", True),
        f"/data-sources/{source.pk}/": ("source", True),
        f"/data-sources/{source.pk}/edit/": ("edit source", True),
        f"/data-sources/{source.pk}/consents/new/": ("new consent", True),
        f"/data-sources/{consent.data_source_id}/consents/{consent.pk}/withdraw/": ("withdraw", True),
        "/teams/": ("teams", False),
        f"/teams/{team.pk}/": ("team", True),
        "/risks/": ("register", False),
        "/risks/new/": ("new risk", True),
        "/risks/matrices/": ("matrices", True),
        f"/risks/{risk.pk}/": ("risk", True),
        f"/risks/{risk.pk}/edit/": ("edit risk", True),
        f"/risks/{risk.pk}/review/": ("review", True),
        f"/risks/{risk.pk}/close/": ("close", True),
        "/assessments/": ("assessments", False),
        f"/assessments/teams/{team.slug}/": ("team maturity", True),
        f"/assessments/{submitted.pk}/": ("result", True),
        "/checks/": ("checks", False),
        "/checks/start/?scope=all": ("start checks", True),
        f"/checks/runs/{run.pk}/": ("run", True),
        f"/checks/runs/{run.pk}/summary/": ("run summary", True),
        "/reports/": ("reports", False),
        "/account/tokens/": ("tokens", False),
        "/system/": ("system", False),
    }


@pytest.mark.django_db
def test_every_page_labels_its_fields_has_breadcrumbs_and_a_distinct_title(client):
    call_command("seed_demo", verbosity=0)
    client.force_login(get_user_model().objects.get(username="gov.lead"))
    titles: dict[str, str] = {}
    problems = []
    for path, (what, detail) in _pages().items():
        response = client.get(path)
        assert response.status_code == 200, f"{what} {path}: HTTP {response.status_code}"
        page = _Page()
        page.feed(response.content.decode())
        if page.unlabelled():
            problems.append(f"{what} {path}: unlabelled {page.unlabelled()}")
        if page.dangling():
            problems.append(f"{what} {path}: descriptions that point nowhere {page.dangling()}")
        if detail and not page.breadcrumbs:
            problems.append(f"{what} {path}: no breadcrumbs")
        title = " ".join(page.title.split())
        if title in titles:
            problems.append(f"{what} {path}: same title as {titles[title]} ({title!r})")
        titles[title] = path
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_help_and_errors_are_tied_to_their_fields_when_a_form_is_refused(client):
    """Posted empty, every form shows its errors; each field's aria-describedby names its help and its
    errors, and those elements exist (Django names them <id>_helptext and <id>_error)."""
    call_command("seed_demo", verbosity=0)
    client.force_login(get_user_model().objects.get(username="gov.lead"))
    forms = [path for path, (what, _) in _pages().items() if path.endswith(("/new/", "/edit/", "/withdraw/"))]
    forms += [p for p in _pages() if p.endswith(("/transfer/", "/review/"))]
    problems, errors_seen = [], 0
    for path in forms:
        response = client.post(path, {"csrfmiddlewaretoken": "x"})  # as a browser sends it: a bound form
        assert response.status_code == 200, f"{path}: HTTP {response.status_code}"
        page = _Page()
        page.feed(response.content.decode())
        errors_seen += sum(1 for _, ref in page.described if ref.endswith("_error"))
        if page.dangling():
            problems.append(f"{path}: {page.dangling()}")
    assert not problems, "\n".join(problems)
    assert errors_seen >= len(forms)  # every refused form tied at least one error to its field


def test_the_page_reader_finds_dangling_descriptions():
    page = _Page()
    page.feed('<input id="a" aria-describedby="a_helptext a_error"><small id="a_helptext">h</small>')
    assert page.dangling() == ["<input name=None> -> #a_error"]


def test_nothing_is_fetched_from_another_site():
    """Offline: no template or stylesheet loads a script, style, font or image from a URL."""
    remote = re.compile(r"""(?:(?:src|href)\s*=\s*["']|url\(\s*["']?|@import\s+["'])(?:https?:)?//""", re.I)
    files = [
        *ROOT.glob("templates/**/*.html"),
        *ROOT.glob("governance/*/static/**/*.*"),
        *ROOT.glob("assessments/static/**/*.*"),
    ]
    files = [f for f in files if f.suffix in {".html", ".css", ".js", ".svg"}]
    assert files
    offenders = [str(f.relative_to(ROOT)) for f in files if remote.search(f.read_text())]
    assert not offenders


def _luminance(hex_colour: str) -> float:
    if len(hex_colour) == 4:  # #fff
        hex_colour = "#" + "".join(c * 2 for c in hex_colour[1:])
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_ratio_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near miss


@pytest.mark.parametrize(
    "ink, ground, minimum",
    [
        ("--ink", "--bg", 4.5),
        ("--ink", "--card", 4.5),
        ("--muted", "--card", 4.5),
        ("--muted", "--bg", 4.5),
        ("--brand", "--card", 4.5),  # links
        ("--brand", "--bg", 4.5),
        ("--brand-ink", "--brand", 4.5),  # top bar, primary buttons
        ("--ok", "--ok-bg", 4.5),
        ("--warn", "--warn-bg", 4.5),
        ("--bad", "--bad-bg", 4.5),
        ("--bad", "--card", 4.5),
        ("--warn", "--card", 4.5),
        ("--muted", "--warn-bg", 4.5),  # muted text inside messages
        ("--focus", "--card", 3.0),  # focus ring against the page (non-text: 3:1)
        ("--focus", "--bg", 3.0),
        ("--focus-on-brand", "--brand", 3.0),  # focus ring in the top bar
    ],
)
def test_stylesheet_colours_meet_wcag_aa(ink, ground, minimum):
    variables = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b", CSS.read_text()))
    assert contrast(variables[ink], variables[ground]) >= minimum
