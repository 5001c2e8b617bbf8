"""Journey 2: a contributor starts, fills, saves, resumes and submits a maturity assessment in Chromium; the
result page shows the level the scoring rule gives for those answers, and the next steps weakest dimension
first."""

from __future__ import annotations

import re

import pytest

from assessments.content.loader import load_released
from assessments.models import Assessment, Framework, Question
from assessments.selectors import assessment_result, framework_spec

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser]


def choice_for(q: Question) -> str | None:
    """Level 1 everywhere; data partly and governance mostly towards level 2; one question left open."""
    if q.level == 1:
        return "Yes"
    if q.dimension.key == "data":
        return "Partly" if q.key == "data-code-ci" else "No"
    if q.dimension.key == "governance":
        return "No" if q.key == "gov-audit-trail" else "Yes"
    if q.key == "mon-central":
        return None  # left unanswered: the confirmation lists it
    return "No"


def group(page, question: Question):
    """The question's fieldset, found by its legend's text."""
    return page.get_by_role("group").filter(has_text=question.text)


def answer(page, question: Question) -> None:
    value = choice_for(question)
    if value is not None:
        group(page, question).get_by_label(value, exact=True).check()


def test_contributor_fills_and_submits_an_assessment(page, team, contributor):
    from playwright.sync_api import expect

    load_released()  # a flushed live-server database has lost what the migration loaded
    framework = Framework.objects.get(key="google-mlops-levels", is_active=True)
    questions = {d.key: d.question_list for d in framework_spec(framework=framework).dimensions}

    log_in(page, contributor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Assessments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maturity assessments")
    page.get_by_role("link", name="Credit Risk").click()
    expect(page.get_by_text("has not submitted an assessment yet")).to_be_visible()
    page.get_by_role("link", name="Start an assessment").click()
    page.get_by_label("Google MLOps levels (version 2)").check()
    page.get_by_role("button", name="Start the assessment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Data")
    expect(page.get_by_role("status")).to_contain_text(
        "Google MLOps levels assessment started for Credit Risk."
    )
    expect(page.locator(".progress-text")).to_have_text("0 of 43 answered")

    # Data, with evidence on the first question; save and stay.
    for q in questions["data"]:
        answer(page, q)
    first = group(page, questions["data"][0])
    first.get_by_label("Evidence").fill("https://git.example.org/credit-risk/pipelines/prep")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Data saved (7 answers changed).")
    expect(page.locator(".progress-text")).to_have_text("7 of 43 answered")

    # Leave, come back: the work resumes at the first dimension with something unanswered.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Credit Risk").click()
    expect(page.get_by_role("heading", name="In progress")).to_be_visible()
    page.get_by_role("link", name="Continue the Google MLOps levels draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Experimentation")
    page.get_by_role("navigation", name="Dimensions").get_by_role("link", name=re.compile("^Data")).click()
    expect(first.get_by_label("Yes", exact=True)).to_be_checked()
    expect(first.get_by_label("Evidence")).to_have_value("https://git.example.org/credit-risk/pipelines/prep")
    page.get_by_role("navigation", name="Dimensions").get_by_role(
        "link", name=re.compile("^Experimentation")
    ).click()

    # The remaining dimensions, each saved on to the next; the last one goes to review.
    for key in ("experimentation", "training-pipeline", "deployment", "monitoring", "governance"):
        for q in questions[key]:
            answer(page, q)
        if key != "governance":
            page.get_by_role("button", name=re.compile("^Save and continue to")).click()
        else:
            page.get_by_role("button", name="Save and review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit the Google MLOps levels assessment")
    unanswered = page.get_by_role("region", name="1 question not answered")
    expect(unanswered).to_contain_text(
        Question.objects.get(key="mon-central", dimension__framework=framework).text
    )
    expect(page.locator(".progress-text")).to_have_text("42 of 43 answered")

    page.get_by_label(re.compile("^I confirm these answers")).check()
    page.get_by_role("button", name="Submit and lock").click()

    assessment = Assessment.objects.get(team=team)
    expected = assessment_result(assessment=assessment, spec=framework_spec(framework=assessment.framework))
    assert (assessment.status, assessment.assessor, expected.overall_level) == ("submitted", contributor, 1)
    # v2: the headline is over the five technical dimensions (data 1.5, the others 1); governance beside it.
    assert round(expected.overall_score, 2) == 1.1  # (1 + 1/2 + 4 x 1) / 5
    assert [(d.key, round(d.score, 2)) for d in expected.beside] == [("governance", 1.67)]
    expect(page.get_by_role("status")).to_contain_text("Assessment submitted and locked: overall level 1.")
    overall = page.get_by_role("region", name="Overall")
    expect(overall).to_contain_text("Level 1")
    expect(overall).to_contain_text("score 1.10 of 2")
    expect(page.locator("svg.chart rect")).to_have_count(6)
    steps = page.locator("#next-steps > li")
    expect(steps).to_have_count(6)
    expect(steps.nth(0)).to_contain_text("Experimentation: level 1 → 2")  # weakest first, ties in order
    expect(steps.nth(4)).to_contain_text("Data: level 1 → 2")
    expect(steps.nth(5)).to_contain_text("Governance: level 1 → 2")
    expect(steps.nth(5)).to_contain_text(
        Question.objects.get(key="gov-audit-trail", dimension__framework=framework).text
    )
    screenshot(page, "journey2_assessment_result")

    # Locked: the fill page sends the contributor back with the reason.
    page.goto(f"/assessments/{assessment.pk}/fill/")
    expect(page.get_by_role("status")).to_contain_text("is locked: nobody can change it")
