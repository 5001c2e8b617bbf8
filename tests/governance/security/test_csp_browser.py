"""Chromium under the production Content-Security-Policy: the pages and the API docs work, nothing blocked."""

from __future__ import annotations

import pytest

from governance.risks import services as risk_services
from governance.risks.models import Risk
from tests.browser.conftest import _allow_orm_beside_playwright, browser, log_in, page, site  # noqa: F401
from tests.factories import MLModelFactory, UserFactory

pytestmark = pytest.mark.browser


def _watch(page) -> list[str]:  # noqa: F811
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}") if msg.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    return problems


def test_pages_and_api_docs_run_with_no_policy_violation(page, site, team, maintainer):  # noqa: F811
    model = MLModelFactory(team=team, owner=maintainer, name="Policy probe")
    risk = risk_services.risk_create(
        actor=maintainer, model=model, title="Outage", category=Risk.Category.AVAILABILITY, owner=maintainer,
        inherent_likelihood=5, inherent_impact=5, residual_likelihood=3, residual_impact=4,
    )  # fmt: skip
    problems = _watch(page)
    log_in(page, maintainer)
    for path in ("/", f"/models/{model.pk}/", f"/risks/{risk.pk}/", "/assessments/", "/risks/"):
        response = page.goto(path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
    # The register's heat-map colours are style attributes from the matrix: they must still apply.
    cell = page.locator("td[data-count]").first
    assert cell.evaluate("el => getComputedStyle(el).backgroundColor") not in ("", "rgba(0, 0, 0, 0)")

    page.goto("/api/docs/")
    page.locator(".swagger-ui .info .title").filter(has_text="ML governance API").wait_for()
    page.locator(".opblock-summary-path", has_text="/api/v1/models/").first.wait_for()
    assert not problems, "\n".join(problems)


def test_the_admin_runs_with_no_script_violation(page, site, reference_data):  # noqa: F811
    UserFactory(username="root.admin", is_staff=True, is_superuser=True)
    problems = _watch(page)
    log_in(page, type("U", (), {"username": "root.admin"}))
    for path in ("/admin/", "/admin/inventory/mlmodel/", "/admin/inventory/mlmodel/add/"):
        assert page.goto(path).status == 200, path
    # Only a cosmetic inline <style> of Django's change list may be refused; never a script.
    assert not [p for p in problems if "script" in p.lower()], "\n".join(problems)
