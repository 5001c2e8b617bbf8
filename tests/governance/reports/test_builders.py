"""Every kind of report read back with pypdf: the right names, levels, consent states and outcomes."""

from __future__ import annotations

import pytest
from django.utils import timezone

from governance.checks.models import CheckRun
from governance.inventory.models import MLModel
from governance.reports.builders import check_run, dossier, organisation, team
from tests.factories import MLModelFactory

from .conftest import footer_pages, pdf_reader, pdf_text

NOW = timezone.now


@pytest.mark.django_db
def test_model_dossier_of_next_best_offer_states_the_withdrawn_consent(demo):
    model = MLModel.objects.select_related("team", "owner").get(name="next-best-offer")
    pdf = dossier.build(model_id=model.pk, report_id=41, author="Auditor One", generated_at=NOW())
    text = pdf_text(pdf.data)
    for expected in (
        "Model audit dossier",
        "next-best-offer",
        model.team.name,
        model.owner.get_full_name(),
        "Staging",
        "#41",
        "Versions and lineage",
        "Risk register",
        "Inherent",
        "Residual",
        "Sign-off",
    ):
        assert expected in text, expected
    flat = " ".join(text.split())
    assert "Consent 'marketing-2024' withdrawn on" in flat
    assert "Level 0 (Google MLOps levels" in flat  # the owning team's maturity on the summary
    assert "fail" in flat and "Remediation" in flat
    pages = footer_pages(pdf.data)
    assert pages[0] == f"Page 1 of {pdf.pages}" and pages[-1] == f"Page {pdf.pages} of {pdf.pages}"
    meta = pdf_reader(pdf.data).metadata
    assert meta.title == "Model audit dossier: next-best-offer"
    assert meta.author == "Auditor One" and "next-best-offer" in meta.subject


@pytest.mark.django_db
def test_team_maturity_report_has_levels_dimensions_answers_and_trend(demo):
    model = MLModel.objects.select_related("team").get(name="next-best-offer")
    pdf = team.build(team_id=model.team_id, report_id=42, author="x", generated_at=NOW())
    flat = " ".join(pdf_text(pdf.data).split())
    assert "Team maturity report" in flat and model.team.name in flat
    assert "Overall MLOps level Level 0" in flat
    for dimension in (
        "Data",
        "Experimentation",
        "Training pipeline",
        "Deployment",
        "Monitoring",
        "Governance",
    ):
        assert dimension in flat
    assert "Next steps, weakest dimension first" in flat and "Answers and evidence" in flat
    assert "Trend across assessments" in flat
    assert pdf_reader(pdf.data).metadata.title == f"Team maturity report: {model.team.name}"


@pytest.mark.django_db
def test_organisation_report_lists_every_model_and_the_withdrawn_consent(demo):
    pdf = organisation.build(report_id=43, author="x", generated_at=NOW())
    flat = " ".join(pdf_text(pdf.data).split())
    for name in MLModel.objects.values_list("name", flat=True):
        assert name in flat, name
    for section in (
        "Inventory by stage",
        "Organisation heat maps",
        "Maturity by team",
        "Failing checks",
        "Overdue risk reviews",
        "Withdrawn consents",
        "All models",
    ):
        assert section in flat, section
    assert "marketing-2024" in flat.split("Withdrawn consents", 1)[1]


@pytest.mark.django_db
def test_check_run_report_gives_outcomes_and_failing_models_with_remediation(demo):
    run = CheckRun.objects.get()
    pdf = check_run.build(run_id=run.pk, report_id=44, author="x", generated_at=NOW())
    flat = " ".join(pdf_text(pdf.data).split())
    assert f"Check run #{run.pk}" in flat
    assert f"{run.fail_count} fail, {run.warn_count} warn, {run.pass_count} pass" in flat
    assert "next-best-offer" in flat and "What to do:" in flat
    assert "consent 'marketing-2024' for source 'crm-events' was withdrawn" in flat


@pytest.mark.django_db
def test_korean_accents_and_symbols_round_trip(team, maintainer):
    name = "신용 점수 모델 \u2013 Übersicht ✓"  # en dash
    model = MLModelFactory(
        team=team, owner=maintainer, name=name, purpose="고객의 신용 위험을 평가합니다. Çà va."
    )
    pdf = dossier.build(model_id=model.pk, report_id=None, author="x", generated_at=NOW())
    text = pdf_text(pdf.data)
    assert name in text
    assert "고객의 신용 위험을 평가합니다. Çà va." in text
    fonts = {
        str(font["/BaseFont"])
        for page in pdf_reader(pdf.data).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Nanum" in f for f in fonts) and any("DejaVu" in f for f in fonts)


@pytest.mark.django_db
def test_markup_in_a_model_name_prints_as_text(team, maintainer):
    name = "<b>x</b> & <script>"
    model = MLModelFactory(team=team, owner=maintainer, name=name, limitations="a <font> b & <i>")
    pdf = dossier.build(model_id=model.pk, report_id=None, author="x", generated_at=NOW())
    text = pdf_text(pdf.data)
    assert name in text and "a <font> b & <i>" in text
    assert pdf_reader(pdf.data).metadata.title == f"Model audit dossier: {name}"


@pytest.mark.django_db
def test_long_tables_repeat_their_header_on_every_page(team, maintainer):
    MLModelFactory.create_batch(160, team=team, owner=maintainer)
    pdf = organisation.build(report_id=None, author="x", generated_at=NOW())
    reader = pdf_reader(pdf.data)
    start = next(i for i, p in enumerate(reader.pages) if "All models" in p.extract_text())
    table_pages = [p.extract_text() for p in reader.pages[start:-1]]
    assert len(table_pages) >= 3
    assert all("Model Team Owner Stage" in " ".join(text.split()) for text in table_pages)


@pytest.mark.django_db
def test_every_kind_passes_qpdf_check(demo, tmp_path):
    import shutil
    import subprocess

    from tests.conftest import IN_CI

    if shutil.which("qpdf") is None:
        if IN_CI:
            pytest.fail("CI=true and qpdf is missing (apt-get install qpdf)")
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    model = MLModel.objects.get(name="next-best-offer")
    built = {
        "dossier": dossier.build(model_id=model.pk, report_id=1, author="x", generated_at=NOW()),
        "team": team.build(team_id=model.team_id, report_id=2, author="x", generated_at=NOW()),
        "organisation": organisation.build(report_id=3, author="x", generated_at=NOW()),
        "check_run": check_run.build(
            run_id=CheckRun.objects.get().pk, report_id=4, author="x", generated_at=NOW()
        ),
    }
    for name, pdf in built.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf.data)
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, (name, result.stdout, result.stderr)


def test_a_missing_font_file_is_a_clear_configuration_error(settings, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from governance.reports import fonts

    monkeypatch.setattr(fonts, "_registered", False)
    settings.REPORT_FONT_HANGUL = "/nowhere/NanumGothic.ttf"
    with pytest.raises(
        ImproperlyConfigured, match=r"/nowhere/NanumGothic.ttf.*REPORT_FONT_HANGUL.*fonts-nanum"
    ):
        fonts.register_fonts()


def test_user_text_is_escaped_before_fonts_are_switched():
    from governance.reports.fonts import markup

    assert markup("<b>x</b> & 신용") == '&lt;b&gt;x&lt;/b&gt; &amp; <font name="Nanum">신용</font>'


@pytest.mark.django_db
def test_a_report_built_under_korean_has_the_korean_content_and_the_english_one_the_english(demo):
    """Issue 25: PDFs run under translation.override(report.language); content follows it."""
    from django.utils import translation

    from governance.checks.models import CheckResult

    model = MLModel.objects.select_related("team").get(name="next-best-offer")
    with translation.override("ko"):
        korean = " ".join(
            pdf_text(
                team.build(team_id=model.team_id, report_id=1, author="x", generated_at=NOW()).data
            ).split()
        )
        dossier_ko = " ".join(
            pdf_text(
                dossier.build(model_id=model.pk, report_id=2, author="x", generated_at=NOW()).data
            ).split()
        )
    english = " ".join(
        pdf_text(team.build(team_id=model.team_id, report_id=3, author="x", generated_at=NOW()).data).split()
    )
    assert "학습 파이프라인" in korean and "Google MLOps 성숙도 수준" in korean
    assert "Training pipeline" in english and "학습 파이프라인" not in english
    result = CheckResult.objects.filter(model=model, outcome="fail", detail_message__has_key="msg").first()
    assert result is not None  # the demo's check run: its findings print in Korean
    with translation.override("ko"):
        assert " ".join(result.detail_text.split())[:30] in dossier_ko
