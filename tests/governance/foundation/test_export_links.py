"""The list pages' export buttons carry the page's filters to the API export, which the session may use."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import MLModelFactory

pytestmark = pytest.mark.django_db


def export_urls(content: bytes) -> list[str]:
    return [unescape(u) for u in re.findall(r'href="([^"]+format=(?:csv|xlsx))"', content.decode())]


def test_model_list_buttons_keep_filters_and_work(client, team, contributor, other_team):
    MLModelFactory(team=team, owner=contributor, name="kept", stage="production")
    MLModelFactory(team=team, owner=contributor, name="filtered-out", stage="development")
    MLModelFactory(team=other_team, name="hidden", stage="production")
    client.force_login(contributor)
    page = client.get(reverse("inventory:model_list"), {"stage": "production", "q": "", "page": "1"})
    urls = export_urls(page.content)
    assert len(urls) == 2
    csv_url = next(u for u in urls if u.endswith("format=csv"))
    assert "stage=production" in csv_url and "page=" not in csv_url and "q=" not in csv_url
    answer = client.get(csv_url)
    assert answer.status_code == 200
    body = b"".join(answer.streaming_content).decode("utf-8-sig")
    assert "kept" in body and "filtered-out" not in body and "hidden" not in body


@pytest.mark.parametrize("url_name", ["inventory:data_source_list", "risks:register", "assessments:home"])
def test_other_list_pages_have_working_buttons(client, contributor, url_name):
    client.force_login(contributor)
    page = client.get(reverse(url_name))
    assert page.status_code == 200
    urls = export_urls(page.content)
    assert len(urls) == 2
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_risk_register_filters_reach_the_export(client, contributor):
    client.force_login(contributor)
    query = {
        "overdue": "true",
        "basis": "inherent",
        "likelihood": "3",
        "impact": "3",
        "category": "",
        "page": "2",
    }
    page = client.get(reverse("risks:register"), query)
    urls = export_urls(page.content)
    assert urls and all("likelihood=3" in u and "category" not in u and "page=" not in u for u in urls)
    for url in urls:
        assert client.get(url).status_code == 200, url
