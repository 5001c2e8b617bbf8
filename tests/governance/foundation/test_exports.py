"""Spreadsheet exports: formula injection neutralised, numbers kept, BOM for Excel, whole filtered set,
the reader's rows only, a bounded number of queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from governance.foundation.exports import neutralise
from tests.factories import ConsentRecordFactory, DataSourceFactory, MLModelFactory, ModelVersionFactory

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain", "plain"),
        ("모델", "모델"),
        (-5, -5),
        (2.5, 2.5),
        ("-1.25", pytest.approx(-1.25)),
        ("-7", -7),
        (None, ""),
        (True, "yes"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_models_csv_is_the_whole_filtered_visible_set(team, contributor, other_team, settings):
    for n in range(7):
        MLModelFactory(team=team, owner=contributor, name=f"=cmd|' /C calc'!A{n}", stage="production")
    MLModelFactory(team=team, owner=contributor, name="모델-개발", stage="development")
    MLModelFactory(team=other_team, name="hidden", stage="production")
    answer = api(contributor).get("/api/v1/models/", {"format": "csv", "stage": "production", "page_size": 2})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    assert answer["Content-Disposition"].startswith('attachment; filename="models-')
    rows = csv_rows(answer)
    assert len(rows) == 7  # the whole filtered set, whatever the page size
    assert all(r["name"].startswith("'=") for r in rows)
    assert "hidden" not in str(rows)


def test_models_xlsx_keeps_numbers_and_korean(team, contributor):
    MLModelFactory(team=team, owner=contributor, name="모델 평가")
    MLModelFactory(team=team, owner=contributor, name="@risk")
    answer = api(contributor).get("/api/v1/models/", {"format": "xlsx"})
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(b"".join(answer.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    names = {row[headers.index("name")] for row in rows[1:]}
    assert names == {"모델 평가", "'@risk"}
    assert all(isinstance(row[headers.index("id")], int) for row in rows[1:])


def test_models_export_queries_do_not_grow_with_rows(team, contributor):
    def queries_for(n: int) -> int:
        for _ in range(n):
            model = MLModelFactory(team=team, owner=contributor)
            ModelVersionFactory(model=model)
        with CaptureQueriesContext(connection) as ctx:
            answer = api(contributor).get("/api/v1/models/", {"format": "csv"})
            b"".join(answer.streaming_content)
        return len(ctx.captured_queries)

    queries_for(0)  # warms the reader's cached roles
    few = queries_for(3)
    many = queries_for(30)
    assert many == few <= 8


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/versions/",
        "/api/v1/data-sources/",
        "/api/v1/consents/",
        "/api/v1/risks/",
        "/api/v1/check-results/",
        "/api/v1/assessments/",
    ],
)
def test_every_list_exports(path, team, contributor):
    source = DataSourceFactory(team=team, steward=contributor)
    ConsentRecordFactory(data_source=source)
    ModelVersionFactory(model=MLModelFactory(team=team, owner=contributor))
    for fmt in ("csv", "xlsx"):
        answer = api(contributor).get(path, {"format": fmt})
        assert answer.status_code == 200, (path, fmt)
        b"".join(answer.streaming_content)


def test_format_only_on_lists_and_errors_stay_json(team, contributor):
    model = MLModelFactory(team=team, owner=contributor)
    client = api(contributor)
    assert client.get(f"/api/v1/models/{model.pk}/", {"format": "csv"}).status_code == 404
    bad = client.get("/api/v1/models/", {"format": "csv", "nonsense": 1})
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/json")
    assert client.get("/api/v1/models/", {"format": "pdf"}).status_code == 404
