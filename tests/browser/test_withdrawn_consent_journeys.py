"""Journeys 4 and 5, through a real Celery worker process: the data steward withdraws the consent the model
was trained under, a check run started from the UI flags the model on the dashboard and on its page; an
auditor then downloads the model's audit dossier and the PDF records the withdrawn consent.

Each test builds its own starting point with the services (see story.py); the worker is shared by the module.
"""

from __future__ import annotations

import hashlib
import io
import re
import time

import pytest
from pypdf import PdfReader

from governance.checks import engine
from governance.checks import services as checks_services
from governance.checks.models import CheckResult, CheckRun
from governance.inventory.models import ConsentRecord
from governance.reports.models import Report

from . import story
from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]
WORKER_TIMEOUT = 60.0  # seconds for one run or one report on a busy two-core machine
SELF_REFRESH_MS = (
    15_000  # the report page polls the API (every 1.5 s, then less often) and reloads on a change
)


def wait_until_finished(record: CheckRun | Report, worker) -> None:
    """Poll the database until the worker has finished the run or report; fail with the worker's log."""
    deadline = time.monotonic() + WORKER_TIMEOUT
    while time.monotonic() < deadline:
        record.refresh_from_db()
        if record.is_finished:
            return
        if not worker.alive():
            pytest.fail(f"worker exited while {record!r} was {record.status}\n{worker.log()}")
        time.sleep(0.3)
    pytest.fail(f"{record!r} still {record.status} after {WORKER_TIMEOUT:.0f} s\n{worker.log()}")


def pdf_text(path) -> str:
    """The PDF's text with every run of white space made one space (table cells wrap lines)."""
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def latest_run_card(page):
    return page.get_by_role("region", name="Latest check run")


def failing_list(page):
    """The list under the latest-check-run card's "Models failing checks" heading (the dashboard's contract:
    its items are links named after each failing model)."""
    heading = latest_run_card(page).get_by_role("heading", name="Models failing checks", level=3)
    return heading.locator("xpath=following-sibling::*[self::ol or self::ul][1]")


def failing_on_dashboard(page) -> list[str]:
    from playwright.sync_api import expect

    expect(
        latest_run_card(page).get_by_role("heading", name="Models failing checks", level=3)
    ).to_be_visible()
    return failing_list(page).get_by_role("listitem").get_by_role("link").all_inner_texts()


def start_a_run_from_the_dashboard(page) -> None:
    """The dashboard's latest-check-run card offers a governance admin a run over every model; confirm it."""
    from playwright.sync_api import expect

    latest_run_card(page).get_by_role("button", name="Run checks on all models").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Run the responsible-AI checks")
    expect(page.get_by_text("every model that is not retired")).to_be_visible()
    page.get_by_role("button", name="Start the run").click()
    expect(page.get_by_role("status")).to_contain_text("queued over every model that is not retired")


def test_withdrawn_consent_is_flagged_by_a_check_run_through_the_worker(
    page, worker, team, gov_admin, contributor, maintainer
):
    from playwright.sync_api import expect

    tale = story.arrange_governed(admin=gov_admin, team=team, owner=contributor, steward=maintainer)
    # Before the withdrawal a run finds nothing wrong with the model (run here, in-process: setup only).
    baseline = checks_services.check_run_create(actor=gov_admin, scope=CheckRun.Scope.ALL, enqueue=False)
    engine.run_execute_inline(run_id=baseline.pk)
    flagged = CheckResult.objects.filter(run=baseline, model=tale.model, outcome__in=["fail", "warn"])
    assert not list(flagged.values_list("check_key", "detail"))

    # The data steward withdraws the consent, after a confirmation naming the model that relies on it.
    log_in(page, maintainer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Data sources").click()
    page.get_by_role("link", name=story.SOURCE).click()
    consents = page.get_by_role("region", name="Consent records")
    consents.get_by_role("link", name=f"Withdraw {story.CONSENT}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Withdraw consent “{story.CONSENT}”")
    expect(page.get_by_role("listitem").filter(has_text=story.MODEL)).to_contain_text(
        f"training, version {story.VERSION}"
    )
    page.get_by_label("Reason").fill(story.WITHDRAWAL_REASON)
    page.get_by_role("button", name="Withdraw consent").click()  # not confirmed: refused
    expect(page.locator(".field.has-error")).to_contain_text("This field is required.")
    assert ConsentRecord.objects.get(pk=tale.consent.pk).withdrawn_at is None
    page.get_by_label("I understand every model using this consent will be flagged.").check()
    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Consent '{story.CONSENT}' withdrawn. Models relying on it are flagged."
    )
    consent = ConsentRecord.objects.get(pk=tale.consent.pk)
    assert (consent.withdrawn_by, consent.withdrawal_reason) == (maintainer, story.WITHDRAWAL_REASON)
    withdrawn = f"Consent '{story.CONSENT}' withdrawn on {consent.withdrawn_at:%Y-%m-%d}"
    row = consents.get_by_role("row", name=re.compile(story.CONSENT))
    expect(row).to_contain_text("Withdrawn")
    expect(row).to_contain_text(story.WITHDRAWAL_REASON)
    expect(consents.get_by_role("link", name=f"Withdraw {story.CONSENT}")).to_have_count(0)
    page.get_by_role("button", name="Log out").click()

    # The governance lead's dashboard: the last run flagged nothing; a new one is started from there.
    log_in(page, gov_admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    assert story.MODEL not in failing_on_dashboard(page)
    expect(page.get_by_role("link", name=story.SOURCE, exact=True)).to_be_visible()  # withdrawn, in use
    start_a_run_from_the_dashboard(page)
    run = CheckRun.objects.filter(pk__gt=baseline.pk).get()  # the story and baseline runs came before
    assert (run.scope, run.requested_by) == (CheckRun.Scope.ALL, gov_admin)
    wait_until_finished(run, worker)
    assert run.status == "succeeded", (run.errors, worker.log())
    assert "checks.run_chunk" in worker.log()  # the worker process judged the models, not this one
    failing = CheckResult.objects.filter(run=run, model=tale.model).exclude(
        outcome__in=["pass", "not_applicable"]
    )
    # The withdrawn consent fails its check, and the version in production no longer meets its gate.
    assert [(r.check_key, r.outcome) for r in failing] == [
        ("accountability.in_policy", "fail"),
        ("data.consent_valid", "fail"),
    ]

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(latest_run_card(page)).to_contain_text(f"Check run #{run.pk}")
    assert failing_on_dashboard(page) == [story.MODEL]
    screenshot(page, "journey4_dashboard")

    # The flagged model's page, reached from the dashboard, says why and what to do.
    failing_list(page).get_by_role("link", name=story.MODEL, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(story.MODEL)
    uses = page.get_by_role("region", name="Data sources")
    expect(uses.get_by_role("row", name=re.compile(story.SOURCE))).to_contain_text(withdrawn)
    checks = page.get_by_role("region", name="Responsible-AI checks")
    expect(checks.get_by_role("link", name=f"check run #{run.pk}")).to_be_visible()
    flagged = checks.get_by_role(
        "row", name=re.compile("Every consent-based use is covered by a valid consent")
    )
    expect(flagged).to_contain_text("Fail")
    expect(flagged).to_contain_text(
        f"consent '{story.CONSENT}' for source '{story.SOURCE}' was withdrawn on "
        f"{consent.withdrawn_at:%Y-%m-%d}"
    )
    expect(flagged).to_contain_text("What to do: Stop using the data for this purpose")
    out_of_policy = checks.get_by_role(
        "row", name=re.compile("Versions in production still meet their promotion gate")
    )
    expect(out_of_policy).to_contain_text("consent")  # the gate fails for the same withdrawal
    expect(checks.get_by_role("cell", name="Fail", exact=True)).to_have_count(2)
    screenshot(page, "journey4_model_flagged")


def test_auditor_downloads_the_dossier_with_the_withdrawn_consent(
    page, worker, team, gov_admin, contributor, maintainer, auditor, tmp_path
):
    from playwright.sync_api import expect

    tale = story.arrange_registered(admin=gov_admin, team=team, owner=contributor, steward=maintainer)
    consent = story.withdraw(tale, steward=maintainer)
    withdrawn = f"Consent '{story.CONSENT}' withdrawn on {consent.withdrawn_at:%Y-%m-%d}"

    log_in(page, auditor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Models").click()
    page.get_by_role("link", name=story.MODEL).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(story.MODEL)
    page.get_by_role("button", name="Audit dossier (PDF)").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))

    report = Report.objects.get(kind=Report.Kind.MODEL_DOSSIER, model=tale.model)
    assert report.requested_by == auditor
    assert page.url.endswith(f"/reports/{report.pk}/")
    expect(page.get_by_role("status")).to_contain_text(f"Report #{report.pk} queued")
    wait_until_finished(report, worker)
    assert report.status == Report.Status.SUCCEEDED, (report.error, worker.log())

    # The page was left alone: it refreshes itself until the build is done, then offers the file.
    download_link = page.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible(timeout=SELF_REFRESH_MS)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Succeeded")
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == report.filename
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    data = saved.read_bytes()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == report.sha256
    text = pdf_text(saved)
    assert story.MODEL in text
    assert "Data sources, legal basis and consent" in text
    assert withdrawn in text, text[:3000]
    assert f"Consent '{story.CONSENT}' valid" not in text
    assert "reports.build" in worker.log()  # the worker process built it, not this one
