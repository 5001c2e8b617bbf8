"""Issue 25: every framework text has Korean beside it, stored with the version, shown in the viewer's
language (pages, API, PDF) with English the fallback, at no extra query."""

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from assessments import services
from assessments.content import dimension_name, released
from assessments.content.loader import load_released
from assessments.models import Dimension, Framework, Question
from assessments.scoring import BANDS, TOP_BAND
from governance.foundation.i18n import localized

HANGUL = range(0xAC00, 0xD7A4)


def has_hangul(text: str) -> bool:
    return any(ord(c) in HANGUL for c in text)


def items():
    for content in released():
        yield f"{content.key}-v{content.version}", content, ("name", "description")
        for dim in content.dimensions:
            yield f"{content.key}-v{content.version}/{dim.key}", dim, ("name", "description")
            for q in dim.questions:
                yield f"{content.key}-v{content.version}/{q.key}", q, ("text", "guidance", "evidence_hint")


@pytest.mark.parametrize(("where", "item", "fields"), list(items()), ids=[i[0] for i in items()])
def test_every_text_of_every_released_version_has_its_korean(where, item, fields):
    """A question added without Korean fails here."""
    for field in fields:
        korean = getattr(item, f"{field}_ko")
        assert korean.strip(), f"{where}: {field}_ko is empty"
        if field == "name" and item.name == "ML Test Score":
            continue  # the rubric's published name stays as it is, as product names do in the glossary
        assert has_hangul(korean), f"{where}: {field}_ko is not Korean"


def test_every_ml_test_score_band_has_korean():
    for _, band in BANDS:
        assert has_hangul(band.description_ko)
    assert has_hangul(TOP_BAND.description_ko)


def test_a_changed_question_in_v2_carries_korean_of_its_own_wording():
    from assessments.content import google_levels_v1, google_levels_v2

    def by_key(content):
        return {q.key: q for d in content.FRAMEWORK.dimensions for q in d.questions}

    v1, v2 = by_key(google_levels_v1), by_key(google_levels_v2)
    # deploy-progressive was reworded in v2: its Korean follows the new text, not v1's.
    assert v2["deploy-progressive"].text_ko != v1["deploy-progressive"].text_ko
    assert v2["data-incidents-trigger"].guidance_ko != v1["data-incidents-trigger"].guidance_ko
    assert v2["exp-tracked"].text_ko == v1["exp-tracked"].text_ko  # unchanged question, unchanged Korean


def test_the_accessor_picks_korean_under_ko_and_falls_back_to_english():
    q = dataclasses.replace(released()[0].dimensions[0].questions[0])
    with translation.override("ko"):
        assert localized(q, "text") == q.text_ko
        assert localized(dataclasses.replace(q, text_ko=""), "text") == q.text  # missing Korean: English
    with translation.override("en"):
        assert localized(q, "text") == q.text
    assert localized(q, "text", language="ko-kr") == q.text_ko


@pytest.mark.django_db
def test_the_stored_versions_carry_the_korean_of_their_modules():
    load_released()
    for content in released():
        framework = Framework.objects.get(key=content.key, version=content.version)
        assert framework.name_ko == content.name_ko
        stored = {
            (q.dimension.key, q.key): (q.text_ko, q.guidance_ko, q.evidence_hint_ko)
            for q in Question.objects.filter(dimension__framework=framework).select_related("dimension")
        }
        expected = {
            (d.key, q.key): (q.text_ko, q.guidance_ko, q.evidence_hint_ko)
            for d in content.dimensions
            for q in d.questions
        }
        assert stored == expected


@pytest.mark.django_db
def test_a_version_stored_before_the_translation_gets_korean_on_resync_and_keeps_its_english():
    load_released()
    english = list(Question.objects.order_by("pk").values_list("pk", "text", "guidance", "evidence_hint"))
    Question.objects.update(text_ko="", guidance_ko="", evidence_hint_ko="")
    Dimension.objects.update(name_ko="", description_ko="")
    Framework.objects.update(name_ko="", description_ko="")
    assert load_released() == 0  # no row added
    assert not Question.objects.filter(text_ko="").exists()
    assert not Dimension.objects.filter(name_ko="").exists()
    assert (
        list(Question.objects.order_by("pk").values_list("pk", "text", "guidance", "evidence_hint"))
        == english
    )
    # A Korean text someone corrected in the database is not overwritten by a re-sync.
    question = Question.objects.first()
    Question.objects.filter(pk=question.pk).update(text_ko="고친 문항")
    load_released()
    question.refresh_from_db()
    assert question.text_ko == "고친 문항"


def test_a_stored_english_dimension_name_reads_in_korean_under_ko():
    with translation.override("ko"):
        assert dimension_name("Training pipeline") == "학습 파이프라인"
        assert dimension_name("Features and data") == "피처와 데이터"
        assert dimension_name("Something else") == "Something else"
    with translation.override("en"):
        assert dimension_name("Training pipeline") == "Training pipeline"


@pytest.fixture
def draft(team, levels, contributor):
    return services.assessment_start(actor=contributor, team=team, framework=levels)


@pytest.mark.django_db
def test_the_fill_page_shows_the_questions_in_the_viewers_language_at_the_same_query_count(
    client, draft, levels, contributor
):
    client.force_login(contributor)
    url = reverse("assessments:fill_dimension", args=[draft.pk, "data"])
    question = Question.objects.get(dimension__framework=levels, key="data-prep-as-code")
    counts = {}
    pages = {}
    for language in ("en", "ko"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        counts[language] = len(queries)
        pages[language] = response.content.decode()
    assert question.text_ko in pages["ko"] and question.guidance_ko in pages["ko"]
    assert question.evidence_hint_ko in pages["ko"] and "<h1>데이터</h1>" in pages["ko"]
    assert question.text in pages["en"] and question.text_ko not in pages["en"]
    assert question.text not in pages["ko"]
    assert counts["ko"] == counts["en"]


@pytest.mark.django_db
def test_the_frameworks_api_returns_texts_in_the_requests_language_and_codes_in_english(viewer, levels):
    client = APIClient()
    client.force_authenticate(viewer)
    english = client.get("/api/v1/frameworks/", {"key": "google-mlops-levels"}).json()["results"][0]
    korean = client.get(
        "/api/v1/frameworks/", {"key": "google-mlops-levels"}, HTTP_ACCEPT_LANGUAGE="ko"
    ).json()["results"][0]
    assert english["name"] == "Google MLOps levels" and korean["name"] == "Google MLOps 성숙도 수준"
    assert korean["key"] == english["key"] and korean["kind"] == english["kind"] == "levels"
    q_en, q_ko = english["dimensions"][0]["questions"][0], korean["dimensions"][0]["questions"][0]
    assert q_ko["key"] == q_en["key"]
    assert has_hangul(q_ko["text"]) and has_hangul(q_ko["guidance"]) and has_hangul(q_ko["evidence_hint"])
    assert not has_hangul(q_en["text"])
    assert korean["dimensions"][0]["name"] == "데이터" and english["dimensions"][0]["name"] == "Data"
