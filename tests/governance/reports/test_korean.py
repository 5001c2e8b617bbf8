"""Reports in the requester's language (issue 25): chosen when requested, recorded on the report, and a
Korean PDF set in the embedded NanumGothic throughout, its bold headings in NanumGothic Bold."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from governance.inventory.models import MLModel
from governance.reports import services
from governance.reports.models import Report
from tests.factories import MLModelFactory

from .conftest import pdf_reader, pdf_text

pytestmark = pytest.mark.django_db


def fonts_used(data: bytes) -> set[str]:
    """The base fonts of every page, without the subset prefix ("ABCDEF+NanumGothicBold" gives
    "NanumGothicBold")."""
    return {
        str(font["/BaseFont"]).split("+", 1)[-1]
        for page in pdf_reader(data).pages
        for font in page["/Resources"]["/Font"].values()
    }


def _built(actor, **subject) -> Report:
    report = services.report_request(actor=actor, enqueue=False, **subject)
    return services.report_build(report_id=report.pk)


@pytest.fixture
def model(team, maintainer):
    return MLModelFactory(team=team, owner=maintainer, name="credit-scorer")


def test_a_korean_dossier_has_korean_headings_all_in_nanum_gothic_with_bold_headings(demo, gov_admin):
    model = MLModel.objects.get(name="next-best-offer")
    report = _built(gov_admin, kind=Report.Kind.MODEL_DOSSIER, model=model, language="ko")
    assert report.status == Report.Status.SUCCEEDED, report.error
    data = report.file.read()
    flat = " ".join(pdf_text(data).split())
    for heading in (
        "모델 감사 자료집",
        "요약",
        "버전과 계보",
        "위험 등록부",
        "책임 있는 AI 점검",
        "검토 승인",
    ):
        assert heading in flat, heading
    assert f"보고서 #{report.pk}" in flat and f"{report.page_count}쪽 중 1쪽" in flat
    assert "next-best-offer" in flat  # user content stays as written
    for english in ("Model audit dossier", "Risk register", "Versions and lineage", "Sign-off", "Page 1 of"):
        assert english not in flat, english
    faces = fonts_used(data)
    assert "NanumGothic" in faces and "NanumGothicBold" in faces  # body and bold headings
    assert not any(face.startswith("DejaVu") for face in faces), faces  # every glyph here is NanumGothic's
    assert pdf_reader(data).metadata.title == "모델 감사 자료집: next-best-offer"


def test_the_english_report_is_unchanged_dejavu_with_hangul_runs_in_nanum(team, maintainer):
    model = MLModelFactory(team=team, owner=maintainer, name="신용 점수 모델")
    report = _built(maintainer, kind=Report.Kind.MODEL_DOSSIER, model=model, language="en")
    data = report.file.read()
    flat = " ".join(pdf_text(data).split())
    assert "Model audit dossier" in flat and "Versions and lineage" in flat and "Page 1 of" in flat
    assert "모델 감사 자료집" not in flat and "신용 점수 모델" in flat
    faces = fonts_used(data)
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= faces
    assert "NanumGothicBold" in faces  # the Hangul of the bold title and headings, in the bold face


@pytest.mark.parametrize(
    ("kind", "subject", "expected"),
    [
        (Report.Kind.TEAM_MATURITY, "team", ("팀 성숙도 보고서", "평가 추이")),
        (
            Report.Kind.ORGANISATION,
            None,
            ("조직 거버넌스 보고서", "단계별 인벤토리", "철회된 동의", "모든 모델"),
        ),
        (Report.Kind.TECHNICAL_DOCUMENTATION, "model", ("기술 문서(EU AI Act 부속서 IV)", "기록에 없음")),
    ],
)
def test_every_kind_is_written_in_korean(demo, gov_admin, kind, subject, expected):
    model = MLModel.objects.get(name="next-best-offer")
    subjects = {"team": {"team": model.team}, "model": {"model": model}, None: {}}
    report = _built(gov_admin, kind=kind, language="ko", **subjects[subject])
    assert report.status == Report.Status.SUCCEEDED, report.error
    flat = " ".join(pdf_text(report.file.read()).split())
    for text in expected:
        assert text in flat, text


def test_check_run_report_in_korean(demo, gov_admin):
    from governance.checks.models import CheckRun

    run = CheckRun.objects.get()
    report = _built(gov_admin, kind=Report.Kind.CHECK_RUN, check_run=run, language="ko")
    flat = " ".join(pdf_text(report.file.read()).split())
    assert f"점검 실행 #{run.pk}" in flat and "점검별 결과" in flat and "조치 방안:" in flat


def test_the_language_defaults_to_the_requester_s_active_one_and_is_recorded(maintainer, model):
    with translation.override("ko"):
        korean = services.report_request(actor=maintainer, enqueue=False, kind="model_dossier", model=model)
    english = services.report_request(actor=maintainer, enqueue=False, kind="model_dossier", model=model)
    assert (korean.language, english.language) == ("ko", "en")  # en-gb (LANGUAGE_CODE) is written in en
    assert korean.pk != english.pk  # one active build per language


def test_the_api_takes_the_language_or_follows_accept_language(client, maintainer, model):
    client.force_login(maintainer)
    url = "/api/v1/reports/"
    asked = client.post(
        url, {"kind": "model_dossier", "model": model.pk, "language": "ko"}, "application/json"
    )
    assert asked.status_code == 202 and asked.json()["language"] == "ko"
    followed = client.post(
        url,
        {"kind": "team_maturity", "team": model.team_id},
        "application/json",
        HTTP_ACCEPT_LANGUAGE="ko-KR",
    )
    assert followed.status_code == 202 and followed.json()["language"] == "ko"
    refused = client.post(url, {"kind": "organisation", "language": "fr"}, "application/json")
    assert refused.status_code == 400 and set(refused.json()["error"]["fields"]) == {"language"}
    listed = client.get(url).json()["results"]
    assert {r["language"] for r in listed} == {"ko"}


def test_the_web_form_records_the_chosen_language_and_the_pages_show_it(client, maintainer, model):
    client.force_login(maintainer)
    page = client.get(reverse("inventory:model_detail", args=[model.pk]), HTTP_ACCEPT_LANGUAGE="ko")
    assert '<option value="ko" lang="ko" selected>한국어</option>' in page.content.decode()
    response = client.post(
        reverse("reports:request"), {"kind": "model_dossier", "model": model.pk, "language": "ko"}
    )
    report = Report.objects.get()
    assert response.status_code == 302 and report.language == "ko"
    listing = client.get(reverse("reports:list")).content.decode()
    assert '<td lang="ko">한국어</td>' in listing
    detail = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert '<dd lang="ko">한국어</dd>' in detail
