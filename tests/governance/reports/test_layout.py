"""Layout of every report kind, read back from the PDF text layer: header words whole, headings never alone at
the foot of a page, heat-map labels whole, every character drawn or visibly replaced (issues 15.18, 16.22)."""

from __future__ import annotations

import logging
import re

import pytest
from django.utils import timezone

from governance.checks.models import CheckRun
from governance.inventory.models import MLModel
from governance.reports import styles, tables
from governance.reports.builders import check_run, dossier, organisation, team
from tests.factories import MLModelFactory

from .conftest import pdf_reader, pdf_text, rated_risk

NOW = timezone.now


def build_every_kind(model: MLModel, run: CheckRun | None = None) -> dict:
    built = {
        "dossier": dossier.build(model_id=model.pk, report_id=1, author="x", generated_at=NOW()),
        "team": team.build(team_id=model.team_id, report_id=2, author="x", generated_at=NOW()),
        "organisation": organisation.build(report_id=3, author="x", generated_at=NOW()),
    }
    if run is not None:
        built["check_run"] = check_run.build(run_id=run.pk, report_id=4, author="x", generated_at=NOW())
    return built


@pytest.fixture
def table_headers(monkeypatch) -> list[list[str]]:
    """Every table header laid out while the test runs."""
    seen: list[list[str]] = []
    original = tables._header_row

    def recording(header, size):
        seen.append(list(header))
        return original(header, size)

    monkeypatch.setattr(tables, "_header_row", recording)
    return seen


def bold_lines(data: bytes) -> list[str]:
    """The text drawn in a bold face (table headers, headings, labels), one entry per drawn line, in the
    order drawn: a header cell's second line follows its first."""
    lines: list[str] = []
    for page in pdf_reader(data).pages:
        last_y: list[float] = []

        def visit(text, cm, tm, font, size, last_y=last_y):
            if not text.strip() or not font or "Bold" not in str(font.get("/BaseFont", "")):
                return
            y = round(tm[5] * cm[3] + cm[5], 1)
            if last_y and last_y[0] == y and lines:
                lines[-1] += text
            else:
                lines.append(text)
            last_y[:] = [y]

        page.extract_text(visitor_text=visit)
    return lines


def split_header_words(data: bytes, headers: list[list[str]]) -> list[str]:
    """Header words broken across lines: a bold line ending with the start of a header word and one of the
    next bold lines (header cells are drawn one after another) starting with the rest of it."""
    lines = [line.split() for line in bold_lines(data)]
    words = {word for header in headers for label in header for word in label.split() if len(word) > 1}
    broken = []
    for i, tokens in enumerate(lines):
        if not tokens:
            continue
        for word in words:
            last = tokens[-1]
            if last != word and word.startswith(last) and len(last) < len(word):
                rest = word[len(last) :]
                following = lines[i + 1 : i + 4]
                if any(later and later[0].startswith(rest) for later in following):
                    broken.append(f"{word!r} as {last!r} + {rest!r}")
    return broken


@pytest.mark.django_db
def test_no_table_header_word_breaks_across_lines_in_any_report(demo, table_headers):
    model = MLModel.objects.get(name="next-best-offer")
    built = build_every_kind(model, CheckRun.objects.get())
    assert table_headers, "no table was laid out"
    for kind, pdf in built.items():
        broken = split_header_words(pdf.data, table_headers)
        assert broken == [], (kind, broken)


def test_columns_are_at_least_as_wide_as_their_longest_header_word():
    header = ["Version", "Status", "Code", "Artifact", "Training window", "Data", "Registered", "Deployed"]
    widths, size = tables.column_widths(header, [1, 1.4, 1.6, 2, 1.8, 1.7, 1.8, 1.3])
    assert abs(sum(widths) - styles.CONTENT_WIDTH) < 0.5
    for label, width in zip(header, widths, strict=True):
        longest = max(tables._word_width(w, size) for w in label.split())
        assert width >= longest + tables.PADDING, label
    # Many narrow columns: the header size shrinks before any word is broken.
    many = [f"Experimentation{i}" for i in range(9)]
    widths, size = tables.column_widths(many, [1] * 9)
    assert size < 8 and all(w >= tables._word_width(many[0], size) + tables.PADDING for w in widths)


def page_bodies(data: bytes, title: str) -> list[list[str]]:
    """Each page's text lines without the running header and footer."""
    frame = re.compile(rf"^(Report #\d+|Report \(preview\)|Page \d+ of \d+|{re.escape(title)})")
    pages = []
    for page in pdf_reader(data).pages:
        lines = [" ".join(line.split()) for line in page.extract_text().splitlines()]
        pages.append([line for line in lines if line and not frame.match(line)])
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("filler", range(0, 46, 3))
def test_a_heading_never_ends_a_page(team, maintainer, monkeypatch, filler):
    """Push the dossier's sections down by a line at a time: wherever a heading lands, what it introduces
    (the heat maps under "Risk register" included) starts on the same page."""
    headings: list[str] = []
    original = styles.heading

    def recording(text, level=1):
        headings.append(" ".join(str(text).split()))
        return original(text, level)

    monkeypatch.setattr(dossier, "heading", recording)
    monkeypatch.setattr("governance.reports.builders.common.heading", recording)
    model = MLModelFactory(
        team=team,
        owner=maintainer,
        name="heading-probe",
        purpose=" ".join(["Line of purpose."] * 12 * filler),
    )
    rated_risk(model, maintainer)
    pdf = dossier.build(model_id=model.pk, report_id=9, author="x", generated_at=NOW())
    for number, body in enumerate(page_bodies(pdf.data, "Model audit dossier: heading-probe"), start=1):
        assert body, f"page {number} is empty"
        assert body[-1] not in headings, f"page {number} ends with the heading {body[-1]!r}"


@pytest.mark.django_db
def test_heat_map_axis_labels_are_whole(demo):
    model = MLModel.objects.get(name="next-best-offer")
    text = pdf_text(dossier.build(model_id=model.pk, report_id=1, author="x", generated_at=NOW()).data)
    from governance.risks.selectors import default_matrix_or_none

    matrix = default_matrix_or_none()
    for label in [*matrix.impact_labels, *matrix.likelihood_labels]:
        for word in label.split():
            assert re.search(rf"(^|\s){re.escape(word)}(\s|$)", text), label
    assert "Negligible" in text and "Negligib…" not in text


def test_a_label_that_cannot_fit_is_clipped_visibly():
    from governance.reports.graphics import fit_label

    lines, size = fit_label("Negligible", 28)
    assert lines == ["Negligible"] and size >= 4.5
    assert fit_label("Major impact", 30) == (["Major", "impact"], 6)
    lines, _ = fit_label("Unbrokenlabelthatcannotfitanywhere", 20)
    assert lines[0].endswith("…")


ODD = "Smile 😀, 𓀀 and \U0001f9d1\u200d\U0001f4bb; private \ue000; bell \x07; 신용 ✓ Ünïcödé"


@pytest.mark.django_db
def test_characters_the_fonts_lack_are_replaced_visibly_and_the_text_layer_stays_valid(demo, caplog):
    """Every text field of every kind: no character is lost silently, pypdf reads every page without a
    warning (reportlab writes a malformed ToUnicode map for characters outside the BMP)."""
    from governance.checks.models import CheckResult
    from governance.inventory.models import DataSource
    from governance.risks.models import Mitigation, Risk
    from governance.teams.models import Team

    model = MLModel.objects.get(name="next-best-offer")
    MLModel.objects.filter(pk=model.pk).update(
        purpose=f"Purpose {ODD}", limitations=ODD, name=f"nbo {ODD}"[:100]
    )
    Team.objects.filter(pk=model.team_id).update(name=f"Team {ODD}"[:100])
    source = DataSource.objects.filter(uses__model=model).first()
    DataSource.objects.filter(pk=source.pk).update(name=f"src {ODD}"[:100])
    Risk.objects.filter(model=model).update(title=f"Risk {ODD}"[:200])
    Mitigation.objects.filter(risk__model=model).update(description=f"Mitigate {ODD}")
    run = CheckRun.objects.get()
    CheckResult.objects.filter(run=run, model=model).update(detail=f"Detail {ODD}")
    model.refresh_from_db()
    with caplog.at_level(logging.WARNING):
        built = build_every_kind(model, run)
        texts = {kind: pdf_text(pdf.data) for kind, pdf in built.items()}
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")] == []
    for kind, text in texts.items():
        flat = " ".join(text.split())
        assert "😀" not in flat and "[U+1F600]" in flat, kind
        assert "[U+13000]" in flat and "[U+E000]" in flat and "신용 ✓ Ünïcödé" in flat, kind
        assert "\x07" not in text, kind
    dossier_text = " ".join(texts["dossier"].replace("\u200d", "").split())
    assert "Purpose Smile [U+1F600], [U+13000] and [U+1F9D1][U+1F4BB]; private [U+E000]" in dossier_text


def test_printable_keeps_what_the_fonts_draw():
    from governance.reports.fonts import drawable, markup, printable

    assert printable("Ünïcödé \u2013 ✓ → …") == "Ünïcödé \u2013 ✓ → …"
    assert printable("a😀b") == "a[U+1F600]b"
    assert printable("a\u200db\ufe0f") in ("a\u200db\ufe0f", "ab")  # invisible: kept if drawn, else dropped
    assert markup("<😀 신용>") == '&lt;[U+1F600] <font name="Nanum">신용</font>&gt;'
    assert drawable("신용 😀") == ("Nanum", "신용 [U+1F600]")


@pytest.mark.django_db
def test_the_dossier_flags_overdue_reviews(team, maintainer):
    import datetime

    from governance.risks.models import Risk

    model = MLModelFactory(team=team, owner=maintainer, name="overdue-probe")
    late = rated_risk(model, maintainer, "Late review")
    on_time = rated_risk(model, maintainer, "Timely review")
    today = timezone.localdate()
    late_due, soon = today - datetime.timedelta(days=12), today + datetime.timedelta(days=5)
    Risk.objects.filter(pk=late.pk).update(status="active", next_review_due=late_due)
    Risk.objects.filter(pk=on_time.pk).update(status="active", next_review_due=soon)
    pdf = dossier.build(model_id=model.pk, report_id=1, author="x", generated_at=NOW())
    flat = " ".join(pdf_text(pdf.data).split())
    assert f"{late_due:%Y-%m-%d} overdue by 12 d" in flat
    assert f"{soon:%Y-%m-%d} overdue" not in flat and f"{soon:%Y-%m-%d}" in flat
    assert "1 active risk is past the review date." in flat
