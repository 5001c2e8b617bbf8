"""Issue 8, "looks right at laptop and tablet widths", measured in Chromium on the demo organisation: at
1280 and 768 px no page scrolls sideways, and no table (heat maps included) is wider than its column unless
that column is a box that scrolls it (`.table-wrap`, `.heatmap`). Tables that spilled over their
neighbours, and heat maps cut off at tablet width, were found this way."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from governance.inventory.models import DataSource, MLModel
from governance.portal.management.commands.seed_demo import DEMO_PASSWORD
from governance.risks.models import Risk
from governance.teams.models import Team

pytestmark = [pytest.mark.browser]
WIDTHS = (1280, 768)
MEASURE = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) problems.push(`page ${root.scrollWidth} > ${window.innerWidth}`);
  for (const table of document.querySelectorAll("table")) {
    const box = table.parentElement;
    const scrolls = box.matches(".table-wrap, .heatmap") && getComputedStyle(box).overflowX === "auto";
    const width = table.getBoundingClientRect().width, room = box.getBoundingClientRect().width;
    if (width > room + 1 && !scrolls) problems.push(`${table.className || "table"} ${width} > ${room}`);
  }
  return problems;
}"""


def test_pages_fit_laptop_and_tablet_widths(page, reference_data):
    from playwright.sync_api import expect

    with open(os.devnull, "w") as sink:
        call_command("seed_demo", stdout=sink)
    page.goto("/login/")
    page.get_by_label("Username").fill("gov.lead")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    model = MLModel.objects.filter(stage="production", risks__isnull=False).order_by("pk").first()
    paths = [
        "/",
        "/models/",
        f"/models/{model.pk}/",
        "/data-sources/",
        f"/data-sources/{DataSource.objects.order_by('pk').first().pk}/",
        f"/teams/{Team.objects.order_by('pk').first().pk}/",
        "/risks/",
        f"/risks/{Risk.objects.order_by('pk').first().pk}/",
        "/risks/matrices/",
        "/assessments/",
        "/checks/",
        "/reports/",
    ]
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            problems += [f"{width} px {path}: {p}" for p in page.evaluate(MEASURE)]
    assert not problems, "\n".join(problems)
