"""API error details follow the request's Accept-Language (issue 25): our own messages, Django's and DRF's
(which ships Korean), under token auth; the error codes and the field names stay English."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from governance.api.services import token_create
from tests.factories import MLModelFactory

pytestmark = pytest.mark.django_db
HANGUL = re.compile("[\uac00-\ud7a3]")


def bearer(user, language: str | None = "ko") -> APIClient:
    _token, key = token_create(user=user, name="training pipeline")
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {key}", **({"HTTP_ACCEPT_LANGUAGE": language} if language else {})
    )
    return client


def error(response) -> dict:
    return response.json()["error"]


def test_400_detail_and_field_messages_in_korean_codes_and_field_names_in_english(team, contributor):
    client = bearer(contributor)
    response = client.post("/api/v1/models/", {"name": "x" * 3, "nonsense": 1}, format="json")
    body = error(response)
    assert response.status_code == 400 and body["code"] == "invalid"
    assert body["detail"] == "요청에 잘못된 필드가 있습니다."
    assert "nonsense" in body["fields"]  # field names stay as the API spells them
    assert body["fields"]["nonsense"] == [
        "알 수 없는 필드입니다. 이 작업이 받는 필드는 /api/schema/의 요청 스키마를 참조하십시오."
    ]
    assert response["Content-Language"] == "ko"


def test_drf_s_own_messages_are_korean_too(team, contributor):
    response = bearer(contributor).post("/api/v1/models/", {}, format="json")
    fields = error(response)["fields"]
    assert response.status_code == 400 and "team" in fields
    assert all(HANGUL.search(message) for messages in fields.values() for message in messages), fields


def test_the_same_request_in_english_is_unchanged(team, contributor):
    response = bearer(contributor, language=None).post("/api/v1/models/", {"nonsense": 1}, format="json")
    assert error(response)["detail"] == "The request has invalid fields."


def test_404_403_401_and_405_in_korean(team, contributor, outsider):
    model = MLModelFactory(team=team, owner=contributor)
    client = bearer(contributor)
    missing = client.get("/api/v1/nowhere/")
    assert missing.status_code == 404 and error(missing) == {
        "status": 404,
        "code": "not_found",
        "detail": "이 주소에는 아무것도 없습니다.",
    }
    hidden = bearer(outsider).get(f"/api/v1/models/{model.pk}/")
    assert hidden.status_code == 404 and HANGUL.search(error(hidden)["detail"])
    refused = bearer(outsider).patch(f"/api/v1/models/{model.pk}/", {"purpose": "x"}, format="json")
    assert refused.status_code in (403, 404) and HANGUL.search(error(refused)["detail"])
    anonymous = APIClient().get("/api/v1/models/", HTTP_ACCEPT_LANGUAGE="ko")
    assert anonymous.status_code == 401 and error(anonymous)["code"] == "not_authenticated"
    assert HANGUL.search(error(anonymous)["detail"])
    wrong = APIClient().get(
        "/api/v1/models/", HTTP_AUTHORIZATION="Bearer gov_nope", HTTP_ACCEPT_LANGUAGE="ko"
    )
    assert error(wrong)["detail"] == "잘못되었거나 폐기된 토큰입니다."
    method = client.delete("/api/v1/models/")  # DRF's own message, in DRF's Korean
    assert method.status_code == 405 and error(method)["code"] == "method_not_allowed"
    assert "DELETE" in error(method)["detail"] and HANGUL.search(error(method)["detail"])


def test_a_service_s_validation_message_is_korean(team, contributor):
    model = MLModelFactory(team=team, owner=contributor)
    body = {
        "model": model.pk,
        "title": "Outage at peak hours",
        "category": "availability",
        "owner": contributor.pk,
        "inherent_likelihood": 3,
    }
    response = bearer(contributor).post("/api/v1/risks/", body, format="json")
    assert response.status_code == 400, response.content
    found = error(response)
    messages = [m for ms in found.get("fields", {}).values() for m in ms] + [found["detail"]]
    assert any("고유 발생 가능성과 영향도를 함께 평가하거나" in m for m in messages), messages


def test_an_oversized_body_is_refused_in_the_request_s_language(settings, contributor):
    settings.DATA_UPLOAD_MAX_MEMBER_SIZE = None
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    client = bearer(contributor)
    response = client.post("/api/v1/models/", {"name": "x" * 500}, format="json")
    assert response.status_code == 413 and error(response)["detail"] == "요청 본문이 100바이트를 넘습니다."
