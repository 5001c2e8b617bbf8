"""Issue 25: a Korean-speaking governance lead works in Korean from the first page, with the browser asking
for ko-KR: signs in, registers a model, files a risk, fills part of an assessment and requests a report.

Fields are found by their ids (their labels come from model field names, translated in another part of the
issue); everything the pages themselves say is checked in Korean. Screenshots go to VAR_DIR/screenshots/ko,
and `make screenshots` copies them to docs/screenshots/ko/.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from governance.inventory.models import MLModel
from governance.reports.models import Report
from governance.risks.models import Risk

from ..factories import PASSWORD, MembershipFactory, UserFactory
from .conftest import open_page, screenshot

pytestmark = [pytest.mark.browser]
MODEL = "대출-한도-추천"
RISK = "고객 소득 정보가 오래되어 한도가 과대 산정됨"


@pytest.fixture
def korean_page(browser, site):
    """A browser that asks for Korean, as a Korean Chromium does (Accept-Language: ko-KR)."""
    with open_page(browser, site, locale="ko-KR", timezone_id="Asia/Seoul") as page:
        yield page


def test_korean_governance_lead_journey(korean_page, reference_data, team, contributor):
    from playwright.sync_api import expect

    from assessments.content.loader import load_released

    load_released()  # a flushed live-server database has lost what the migrations loaded
    page = korean_page
    lead = UserFactory(username="kim.jiyoung", first_name="지영", last_name="김")
    lead.groups.add(Group.objects.get(name="governance admin"))
    MembershipFactory(user=lead, team=team, role="maintainer")
    main_nav = page.get_by_role("navigation", name="주 메뉴")

    # Signing in: the log-in page is already in Korean, from the browser's language alone.
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", level=1)).to_have_text("로그인")
    screenshot(page, "ko/login", official=True)
    page.locator("#id_username").fill(lead.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("button", name="로그아웃")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("대시보드")
    expect(page.get_by_text(re.compile(r"\d{4}년 \d{1,2}월 \d{1,2}일"))).to_be_visible()  # the Korean date
    screenshot(page, "ko/dashboard", official=True)

    # Registering a model.
    main_nav.get_by_role("link", name="모델").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("모델")
    page.get_by_role("link", name="모델 등록").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("모델 등록")
    page.locator("#id_name").fill(MODEL)
    page.locator("#id_team").select_option(label=team.name)
    page.locator("#id_owner").select_option(index=1)
    page.locator("#id_stage").select_option(value="development")
    page.locator("#id_business_criticality").select_option(value="high")
    page.locator("#id_ai_act_tier").select_option(value="limited")
    page.locator("#id_purpose").fill("신규 개인 고객에게 제시할 신용 한도를 추천합니다.")
    screenshot(page, "ko/model-form", official=True)
    page.get_by_role("button", name="등록", exact=True).click()
    expect(page).to_have_url(re.compile(r"/models/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text(f"모델 '{MODEL}'을(를) 등록했습니다.")
    expect(page.get_by_role("heading", name="개요")).to_be_visible()
    model = MLModel.objects.get(name=MODEL)

    # Filing a risk on it.
    page.get_by_role("region", name="위험").get_by_role("link", name="위험 추가").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("위험 추가")
    page.locator("#id_title").fill(RISK)
    page.locator("#id_category").select_option(index=1)
    page.locator("#id_owner").select_option(index=1)
    page.locator("#id_description").fill(
        "소득 정보 갱신 주기가 길어 한도가 실제 상환 능력보다 높게 산정될 수 있습니다."
    )
    page.get_by_role("button", name="저장").click()
    expect(page.get_by_role("status")).to_contain_text(f"위험 '{RISK}'을(를) 추가했습니다")
    risk = Risk.objects.get(title=RISK)
    assert risk.model_id == model.pk
    screenshot(page, "ko/risk", official=True)
    main_nav.get_by_role("link", name="위험").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("위험 등록부")
    screenshot(page, "ko/risk-register", official=True)

    # Filling the first dimension of a maturity assessment.
    main_nav.get_by_role("link", name="성숙도 평가").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("성숙도 평가")
    page.get_by_role("link", name=team.name).first.click()
    page.get_by_role("link", name="평가 시작").first.click()
    page.locator("label:has-text('Google') input[name=framework]").first.check()  # the MLOps levels
    page.get_by_role("button", name="평가 시작").click()
    expect(page.get_by_role("status")).to_contain_text("평가를 시작했습니다")
    questions = page.locator("fieldset.question")
    for i in range(questions.count()):
        questions.nth(i).locator("input[type=radio][value=yes]").check()
    page.get_by_role("button", name="저장", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("저장했습니다")
    screenshot(page, "ko/assessment", official=True)

    # Requesting the model's audit dossier.
    page.goto(f"/models/{model.pk}/")
    page.get_by_role("button", name="모델 감사 자료집(PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("보고서 #")
    report = Report.objects.get(kind="model_dossier")
    assert report.requested_by == lead
    expect(page.get_by_role("term").filter(has_text="대상")).to_be_visible()
    screenshot(page, "ko/report", official=True)

    # Nothing on the way was in English: every heading the lead met is Korean.
    page.get_by_role("link", name=lead.get_full_name()).click()  # the header links one's own preferences
    expect(page.get_by_role("heading", level=1)).to_have_text("환경 설정")
    screenshot(page, "ko/preferences", official=True)
