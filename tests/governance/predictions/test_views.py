"""The version's fairness-and-drift page: figures, SVG charts, live windows, upload form, access per team."""

from __future__ import annotations

import pytest
from django.urls import reverse

from governance.predictions.models import PredictionSet

from .conftest import csv_upload, parquet_upload, upload_and_compute
from .helpers import scored

pytestmark = pytest.mark.django_db


def _url(version):
    return reverse("predictions:version_fairness", args=[version.model_id, version.pk])


def test_empty_page_explains_what_to_do(client, version, maintainer):
    client.force_login(maintainer)
    response = client.get(_url(version))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No computed reference set yet" in html and 'enctype="multipart/form-data"' in html


def test_page_shows_groups_charts_drift_and_windows(
    client, version, maintainer, reference_set, django_assert_max_num_queries
):
    for seed in (21, 22):
        upload_and_compute(
            actor=maintainer,
            version=version,
            role="live",
            upload=parquet_upload(scored(1_500, seed=seed, shift=1)),
        )
    client.force_login(maintainer)
    with django_assert_max_num_queries(14):
        response = client.get(_url(version))
    html = response.content.decode()
    assert response.status_code == 200
    assert reference_set.evidence_label in html
    assert html.count("<svg") >= 3  # reference groups, PSI, live groups
    assert "0.8 of highest" in html  # the four-fifths line
    assert "warn 0.1" in html and "fail 0.25" in html
    assert "Demographic parity ratio" in html and "χ² test" in html
    assert "Live windows over time" in html and html.count('<th scope="row">#') >= 3
    assert reverse("v1:prediction-set-download", args=[reference_set.pk]) in html


def test_upload_through_the_page(client, version, contributor, django_capture_on_commit_callbacks):
    client.force_login(contributor)
    form = {
        "role": "reference",
        "prediction": "score",
        "prediction_kind": "score",
        "label": "y",
        "sensitive": "sex, age_band",
        "features": "income, region",
        "file": csv_upload(scored(200)),
    }
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(_url(version), form, follow=True)
    assert response.status_code == 200
    prediction_set = PredictionSet.objects.get()
    assert f"Set #{prediction_set.pk} received" in response.content.decode()
    assert prediction_set.columns["sensitive"] == ["sex", "age_band"]
    # contributors may upload but not download rows
    assert reverse("v1:prediction-set-download", args=[prediction_set.pk]) not in response.content.decode()
    bad = client.post(_url(version), {**form, "prediction": "", "file": csv_upload(scored(10))})
    assert bad.status_code == 400 and PredictionSet.objects.count() == 1


def test_viewers_see_no_form_and_may_not_post_and_other_teams_get_404(client, version, viewer, outsider):
    client.force_login(viewer)
    response = client.get(_url(version))
    assert response.status_code == 200 and "Upload a prediction set" not in response.content.decode()
    assert client.post(_url(version), {"role": "reference"}).status_code == 403
    client.force_login(outsider)
    assert client.get(_url(version)).status_code == 404
    assert (
        client.get(reverse("predictions:version_fairness", args=[version.model_id, 999999])).status_code
        == 404
    )
