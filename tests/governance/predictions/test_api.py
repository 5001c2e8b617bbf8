"""The prediction-set API: streamed upload, histogram sets, results, bins, downloads by role, paging."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from governance.predictions import computing
from governance.predictions.models import PredictionSet

from .conftest import parquet_upload
from .helpers import scored

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _form(version, role="reference", **extra):
    return {
        "version": version.pk,
        "role": role,
        "prediction": "score",
        "label": "y",
        "sensitive": "sex, age_band",
        "features": ["income", "tenure", "region"],
        **extra,
    }


def test_upload_through_the_api_then_read_the_computed_results(
    version, maintainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = api(maintainer).post(
            "/api/v1/prediction-sets/upload/",
            {**_form(version), "file": parquet_upload(scored(2_000))},
            format="multipart",
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "received" and len(body["sha256"]) == 64
    assert body["columns"]["sensitive"] == ["sex", "age_band"]
    computing.compute_inline(set_id=body["id"])
    detail = api(maintainer).get(f"/api/v1/prediction-sets/{body['id']}/").json()
    assert detail["status"] == "computed"
    assert detail["evidence"].startswith(f"computed from prediction set #{body['id']} (sha256 ")
    assert detail["results"]["fairness"]["attributes"]["sex"]["demographic_parity_ratio"] > 0
    evaluations = api(maintainer).get(f"/api/v1/versions/{version.pk}/evaluations/").json()["results"]
    assert evaluations[0]["origin"] == "computed"
    bins = api(maintainer).get(f"/api/v1/prediction-sets/{body['id']}/bins/").json()
    assert len(bins["numeric"]["income"]["edges"]) == 9
    assert bins["categorical"]["region"] == ["north", "south"]


def test_upload_errors_are_400s_and_other_teams_versions_do_not_exist(version, maintainer, outsider):
    response = api(maintainer).post(
        "/api/v1/prediction-sets/upload/", {**_form(version), "prediction": ""}, format="multipart"
    )
    assert response.status_code == 400
    response = api(outsider).post(
        "/api/v1/prediction-sets/upload/",
        {**_form(version), "file": parquet_upload(scored(10))},
        format="multipart",
    )
    assert response.status_code == 404
    assert response.json()["error"]["detail"] == "No such version."
    assert not PredictionSet.objects.exists()


def test_an_oversized_upload_is_a_413_naming_the_limit_and_recorded_rejected(version, maintainer, settings):
    settings.PREDICTION_SET_MAX_BYTES = 1_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 500  # the general API body limit does not apply to this upload
    response = api(maintainer).post(
        "/api/v1/prediction-sets/upload/",
        {**_form(version), "file": parquet_upload(scored(500))},
        format="multipart",
    )
    assert response.status_code == 413, response.content
    assert "over the limit of 1000 bytes" in response.json()["error"]["detail"]
    assert PredictionSet.objects.get().status == PredictionSet.Status.REJECTED


def _reference(version, maintainer):
    response = api(maintainer).post(
        "/api/v1/prediction-sets/upload/",
        {**_form(version), "file": parquet_upload(scored(1_000))},
        format="multipart",
    )
    return computing.compute_inline(set_id=response.json()["id"])


def test_downloads_only_for_maintainers_admins_and_auditors(
    version, maintainer, contributor, viewer, auditor, gov_admin, outsider
):
    reference = _reference(version, maintainer)
    url = f"/api/v1/prediction-sets/{reference.pk}/download/"
    for user in (maintainer, auditor, gov_admin):
        response = api(user).get(url)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content).startswith(b"PAR1")
    assert api(contributor).get(url).status_code == 403
    assert api(viewer).get(url).status_code == 403
    assert api(outsider).get(url).status_code == 404
    assert api(outsider).get(f"/api/v1/prediction-sets/{reference.pk}/").status_code == 404
    from governance.predictions.services import prediction_sets_purge

    prediction_sets_purge(today=reference.purge_after)
    assert api(maintainer).get(url).status_code == 410
    assert api(maintainer).get(f"/api/v1/prediction-sets/{reference.pk}/").json()["results"]


def test_histogram_sets_for_pipelines_that_cannot_ship_rows(version, maintainer):
    reference = {
        "version": version.pk,
        "role": "reference",
        "features": {
            "income": {"edges": [10, 20, 30], "counts": [25, 25, 25, 25]},
            "region": {"categories": {"north": 60, "south": 40}},
        },
        "groups": {"sex": {"female": [30, 20, 10, 40], "male": [20, 30, 5, 45]}},
        "labelled": True,
    }
    response = api(maintainer).post("/api/v1/prediction-sets/histograms/", reference, format="json")
    assert response.status_code == 201, response.content
    ref = PredictionSet.objects.get(pk=response.json()["id"])
    assert ref.kind == "histograms" and ref.status == "computed"
    # female selected (20 + 40) / 100 = 0.6; male (30 + 45) / 100 = 0.75; ratio 0.8
    assert ref.results["fairness"]["attributes"]["sex"]["demographic_parity_ratio"] == pytest.approx(0.8)
    live = {
        "version": version.pk,
        "role": "live",
        "features": {
            "income": {"edges": [10, 20, 30], "counts": [10, 20, 30, 40]},
            "region": {"categories": {"north": 50, "west": 50}},
        },
    }
    response = api(maintainer).post("/api/v1/prediction-sets/histograms/", live, format="json")
    assert response.status_code == 201, response.content
    drift = PredictionSet.objects.get(pk=response.json()["id"]).results["drift"]
    # PSI over (0.25 -> 0.1, 0.25 -> 0.2, 0.25 -> 0.3, 0.25 -> 0.4):
    # (-.15)ln(.4) + (-.05)ln(.8) + (.05)ln(1.2) + (.15)ln(1.6)
    # = .137444 + .011157 + .009116 + .070500 = .228217
    assert drift["income"]["psi"] == pytest.approx(0.228217, abs=1e-5)
    assert "ks" not in drift["income"]
    assert drift["region"]["live"] == [50, 0, 50, 0]  # north, south, unseen, missing
    moved = {**live, "features": {**live["features"], "income": {"edges": [1, 2, 3], "counts": [1, 1, 1, 1]}}}
    response = api(maintainer).post("/api/v1/prediction-sets/histograms/", moved, format="json")
    assert response.status_code == 422
    assert "feature 'income': bin edges must be the reference's" in response.json()["error"]["detail"]
    bad = {**live, "features": {"income": {"edges": [3, 2], "counts": [1, 1, 1]}}}
    assert api(maintainer).post("/api/v1/prediction-sets/histograms/", bad, format="json").status_code == 400


def test_the_list_is_paginated_and_bounded(version, maintainer, django_assert_max_num_queries):
    for _ in range(3):
        _reference(version, maintainer)
    with django_assert_max_num_queries(6):
        response = api(maintainer).get(f"/api/v1/prediction-sets/?version={version.pk}")
    body = response.json()
    assert body["count"] == 3 and len(body["results"]) == 3
    assert "results" not in body["results"][0]  # heavy fields only on the detail
    assert api().get("/api/v1/prediction-sets/").status_code == 401
