"""Issue 25: the questionnaires and obligations in Korean beside the English, in the viewer's language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from governance.foundation.i18n import localized
from governance.regulation import content
from governance.regulation.obligations import OBLIGATIONS

HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.mark.parametrize("questionnaire", content.released(), ids=lambda q: q.framework)
def test_every_question_section_choice_and_category_has_korean(questionnaire):
    """A question, choice or category added without Korean fails here."""
    assert HANGUL.search(questionnaire.name_ko)
    for q in questionnaire.questions:
        assert HANGUL.search(q.text_ko), q.key
        assert HANGUL.search(q.section_ko), q.key
        assert not q.help or HANGUL.search(q.help_ko), q.key
        for c in q.choices:
            assert HANGUL.search(c.label_ko), (q.key, c.value)
    for c in questionnaire.categories:
        assert HANGUL.search(c.label_ko), c.value


def test_every_obligation_has_a_korean_title_and_date():
    for o in OBLIGATIONS:
        assert HANGUL.search(o.title_ko), o.key
        assert HANGUL.search(o.applies_from_ko), o.key


def test_the_korea_act_uses_its_own_terms():
    kr = content.get("kr_ai_basic_act", 1)
    with translation.override("ko"):
        assert kr.category_label("high_impact") == "고영향 인공지능"
        roles = {c.value: localized(c, "label") for c in kr.question("kr_role").choices}
    assert roles["developer"].startswith("인공지능개발사업자") and roles["user_operator"].startswith(
        "인공지능이용사업자"
    )
    eu = content.get("eu_ai_act", 1)
    with translation.override("ko"):
        assert eu.category_label("high") == "고위험"
    with translation.override("en"):
        assert eu.category_label("high") == "High-risk"


@pytest.mark.django_db
def test_the_classification_form_reads_in_korean(client, model, contributor):
    client.force_login(contributor)
    url = reverse("regulation:classify", args=[model.pk, "kr_ai_basic_act"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "이 모델에 대한 조직의 역할은 무엇입니까?" in page and "채용, 대출 심사 등" in page
    assert "What is the organisation" not in page
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What is the organisation" in english and "채용, 대출 심사 등" not in english
    assert "인공지능 발전과 신뢰 기반 조성 등에 관한 기본법" in page  # the questionnaire's name


@pytest.mark.django_db
def test_the_obligations_api_gives_titles_in_the_requests_language(model, contributor):
    from .conftest import eu_answers

    api = APIClient()
    api.force_authenticate(contributor)
    base = f"/api/v1/regulation/models/{model.pk}/"
    posted = api.post(
        f"{base}answers/", {"framework": "eu_ai_act", "answers": eu_answers(annex_iii=["4a"])}, format="json"
    )
    assert posted.status_code == 200, posted.json()
    korean = api.get(base, HTTP_ACCEPT_LANGUAGE="ko").json()
    english = api.get(base).json()
    titles_ko = {o["key"]: o["title"] for o in korean["obligations"]}
    titles_en = {o["key"]: o["title"] for o in english["obligations"]}
    assert titles_ko["eu_art9"] == "위험관리 시스템" and titles_en["eu_art9"] == "Risk management system"
    assert {o["key"] for o in korean["obligations"]} == {o["key"] for o in english["obligations"]}


@pytest.mark.django_db
def test_the_classification_state_reads_in_the_viewers_language(model):
    from governance.regulation.selectors import classification_state

    outcome, why = classification_state(classification=None, model=model)
    assert outcome == "fail"
    with translation.override("ko"):
        assert str(why) == "분류되지 않음"
    with translation.override("en"):
        assert str(why) == "not classified"


@pytest.mark.django_db
def test_the_model_s_regulation_page_reads_in_korean_reasons_role_and_obligations(client, model, contributor):
    """The frozen rule's stored reasons, the role's code, the obligations' statuses, sources and computed
    evidence: in Korean on a Korean page, and the same page in English unchanged."""
    from governance.regulation import services

    from .conftest import CREDIT, eu_answers

    services.classification_answer(
        actor=contributor, model=model, framework="eu_ai_act", answers=eu_answers(**CREDIT)
    )
    client.force_login(contributor)
    url = reverse("regulation:model", args=[model.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "열거됨: " in page and "listed: " not in page  # the stored reason "listed: Annex III 5(b)"
    assert "<dd>제공자</dd>" in page  # the role, not its code
    assert "미충족" in page or "부분 충족" in page
    assert "기록된 평가 결과가 없습니다" in page and "no evaluation is recorded" not in page
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "listed: " in english and "<dd>Provider</dd>" in english and "no evaluation is recorded" in english


def test_a_rule_s_problem_is_refused_in_the_reader_s_language():
    from governance.regulation.wording import problem_text

    with translation.override("ko"):
        assert problem_text("Unanswered: t_interacts, t_synthetic.") == (
            "응답하지 않은 문항: t_interacts, t_synthetic."
        )
        assert problem_text("The operator's role is not answered.") == "사업자의 역할에 응답하지 않았습니다."
