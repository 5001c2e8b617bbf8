"""The admin in Korean (issue 25): its header, the apps' and models' names, field labels, choices, actions."""

from __future__ import annotations

import pytest

from tests.factories import MLModelFactory, UserFactory
from tests.i18n.bilingual import untranslated

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, reference_data):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_the_admin_index_and_a_change_list_in_korean(admin_client):
    index = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    for text in (
        "ML 거버넌스 관리",
        "사이트 관리",
        "인벤토리",
        "위험 등록부",
        "ML 모델",
        "점검 정책",
        "API 토큰",
    ):
        assert text in index, text
    from governance.api.services import token_create

    token_create(user=UserFactory(username="pipeline"), name="training pipeline")
    tokens = admin_client.get("/admin/api/apitoken/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "선택한 토큰 폐기" in tokens and "폐기 일시" in tokens  # the action, a column


def test_a_change_form_labels_fields_and_choices_in_korean(admin_client, team, maintainer):
    model = MLModelFactory(team=team, owner=maintainer)
    page = admin_client.get(f"/admin/inventory/mlmodel/{model.pk}/change/", HTTP_ACCEPT_LANGUAGE="ko")
    html = page.content.decode()
    assert page.status_code == 200
    for text in ("책임자", "이용 목적", "업무 중요도", "인간 감독 담당자", "운영", "허용 불가"):
        assert text in html, text
    english = admin_client.get(f"/admin/inventory/mlmodel/{model.pk}/change/").content.decode()
    assert "Business criticality" in english and "업무 중요도" not in english


def _texts_of_every_admin():
    """(where, text) for each fieldset title, action description and column heading the project's admins
    give themselves (Django's own are translated by Django)."""
    from django.contrib import admin

    found = []
    for model_admin in admin.site._registry.values():
        if not type(model_admin).__module__.startswith(("governance.", "assessments.")):
            continue
        where = type(model_admin).__qualname__
        for title, _options in getattr(type(model_admin), "fieldsets", None) or ():
            if title is not None:
                found.append((f"{where} fieldset", title))
        for action in model_admin.actions or ():
            function = getattr(model_admin, action, None) if isinstance(action, str) else action
            if getattr(function, "short_description", None):
                found.append((f"{where}.{action}", function.short_description))
        for column in model_admin.list_display:
            function = getattr(model_admin, column, None) if isinstance(column, str) else column
            if callable(function) and getattr(function, "short_description", None):
                found.append((f"{where} column {column}", function.short_description))
    return found


def test_every_fieldset_action_and_column_of_the_admins_reads_in_korean():
    """A plain string ("Mapping") would stay English: each is a translation that differs under Korean."""
    found = _texts_of_every_admin()
    assert len(found) >= 5, found
    same = untranslated(found)
    assert same == [], "admin texts not translated:\n" + "\n".join(same)
