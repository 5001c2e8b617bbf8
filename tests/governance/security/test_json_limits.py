"""Issue 17 item 8: JSON keys escaped the text limit (a 1.5 MB key in `hyperparameters` was stored and the
edit page then served it). Every JSON field that takes input limits key length, key and item count and
nesting depth (settings JSON_KEY_MAX_LENGTH, JSON_MAX_ENTRIES, JSON_MAX_DEPTH), with one validator
(governance.foundation.inputs.validate_json_shape) used by the forms, the API serializers and the models.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.inventory import services as inventory
from governance.inventory.models import Evaluation, ModelVersion, MonitoringSnapshot
from governance.risks.matrix import DEFAULT_MATRIX
from governance.risks.models import RiskMatrix
from tests.factories import MLModelFactory

pytestmark = pytest.mark.django_db

HUGE_KEY = "k" * 1_500_000  # the penetration test's key
LONG_KEY = "k" * (settings.JSON_KEY_MAX_LENGTH + 1)


def nested(depth: int) -> dict:
    value: dict = {"leaf": 1}
    for _ in range(depth - 1):
        value = {"level": value}
    return value


TOO_BIG = {
    "long key": {LONG_KEY: 1},
    "huge key": {HUGE_KEY: 1},
    "too deep": nested(settings.JSON_MAX_DEPTH + 1),
    "too many keys": {f"p{i}": i for i in range(settings.JSON_MAX_ENTRIES + 1)},
    "too many items": {"grid": list(range(settings.JSON_MAX_ENTRIES + 1))},
}


@pytest.fixture
def version(team, maintainer):
    model = MLModelFactory(team=team, owner=maintainer)
    return inventory.version_register(actor=maintainer, model=model, label="1.0", hyperparameters={"lr": 0.1})


def _fields(response) -> dict:
    return response.json()["error"].get("fields", {})


@pytest.mark.parametrize("case", TOO_BIG)
def test_the_api_refuses_oversized_hyperparameters_and_metrics(client, maintainer, version, case):
    client.force_login(maintainer)
    bad = TOO_BIG[case]
    posts = [
        (f"/api/v1/models/{version.model_id}/versions/", {"label": "2.0", "hyperparameters": bad}),
        (f"/api/v1/models/{version.model_id}/versions/", {"label": "2.0", "validation_metrics": bad}),
    ]
    for path, body in posts:
        response = client.post(path, body, content_type="application/json")
        assert response.status_code == 400, (case, path, response.content[:300])
        assert set(_fields(response)) & {"hyperparameters", "validation_metrics"} or case == "huge key"
    patch = client.patch(
        f"/api/v1/versions/{version.pk}/", {"hyperparameters": bad}, content_type="application/json"
    )
    assert patch.status_code == 400
    assert ModelVersion.objects.get().hyperparameters == {"lr": 0.1} and ModelVersion.objects.count() == 1


@pytest.mark.parametrize("case", ["long key", "huge key"])
def test_the_api_refuses_long_feature_names_and_group_names(client, maintainer, version, case):
    client.force_login(maintainer)
    key = LONG_KEY if case == "long key" else HUGE_KEY
    evaluation = client.post(
        f"/api/v1/versions/{version.pk}/evaluations/",
        {"quality": 0.8, "group_metrics": {"sex": {key: {"selection_rate": 0.3}}}},
        content_type="application/json",
    )
    snapshot = client.post(
        f"/api/v1/versions/{version.pk}/snapshots/",
        {"live_quality": 0.8, "feature_drift": {key: 0.1}},
        content_type="application/json",
    )
    assert evaluation.status_code == 400 and snapshot.status_code == 400
    if case == "long key":  # named on its field, with the limit in words
        assert f"at most {settings.JSON_KEY_MAX_LENGTH} characters" in str(
            _fields(evaluation)["group_metrics"]
        )
        assert "feature_drift" in _fields(snapshot)
    assert not Evaluation.objects.exists() and not MonitoringSnapshot.objects.exists()


def test_the_edit_page_gives_a_form_error(client, maintainer, version):
    client.force_login(maintainer)
    url = reverse("inventory:version_edit", args=[version.model_id, version.pk])
    for bad in (TOO_BIG["long key"], TOO_BIG["too deep"]):
        response = client.post(
            url, {"label": "1.0", "status": "registered", "hyperparameters": json.dumps(bad)}
        )
        assert response.status_code in (200, 400)
        errors = response.context["form"].errors
        assert "hyperparameters" in errors, errors
    version.refresh_from_db()
    assert version.hyperparameters == {"lr": 0.1}


def test_services_and_models_refuse_them_too(maintainer, version):
    """The admin and any caller of the services go through the model's clean()."""
    with pytest.raises(ValidationError) as refused:
        inventory.version_update(actor=maintainer, version=version, hyperparameters={LONG_KEY: 1})
    assert "hyperparameters" in refused.value.message_dict
    with pytest.raises(ValidationError):
        inventory.snapshot_record(actor=maintainer, version=version, feature_drift={LONG_KEY: 0.1})
    matrix = RiskMatrix(**{**DEFAULT_MATRIX, "name": "Deep", "grid": nested(settings.JSON_MAX_DEPTH + 1)})
    with pytest.raises(ValidationError) as refused:
        matrix.full_clean()
    assert "grid" in refused.value.message_dict


def test_the_limits_are_settings(maintainer, version, settings):
    settings.JSON_KEY_MAX_LENGTH = 10
    with pytest.raises(ValidationError):
        inventory.version_update(actor=maintainer, version=version, hyperparameters={"k" * 11: 1})
    inventory.version_update(actor=maintainer, version=version, hyperparameters={"k" * 10: 1})
    settings.JSON_MAX_DEPTH = 2
    with pytest.raises(ValidationError):
        inventory.version_update(actor=maintainer, version=version, hyperparameters=nested(3))


def test_ordinary_values_within_the_limits_are_kept(client, maintainer, version):
    client.force_login(maintainer)
    fine = {"optimizer": {"adam": {"betas": [0.9, 0.999]}}, "k" * settings.JSON_KEY_MAX_LENGTH: 1}
    response = client.patch(
        f"/api/v1/versions/{version.pk}/", {"hyperparameters": fine}, content_type="application/json"
    )
    assert response.status_code == 200, response.content[:300]
    version.refresh_from_db()
    assert version.hyperparameters == fine
