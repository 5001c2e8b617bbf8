"""The team maturity report: overall and per-dimension levels with a chart, answers with evidence, next steps,
and the trend across the team's submitted assessments (assessments.selectors, as the team page)."""

from __future__ import annotations

import datetime

from assessments.content import dimension_name
from assessments.models import Framework
from assessments.numbers import score_text
from assessments.selectors import assessment_report, latest_submitted, team_trend
from governance.foundation.i18n import localized
from governance.teams.models import Team

from ..document import Rendered, render
from ..graphics import level_bar_chart
from ..styles import para
from ..tables import data_table
from .common import cover, day, empty, heading, sign_off, who


def _assessment_section(assessment) -> list:
    report = assessment_report(assessment=assessment)
    result = report.result
    framework = assessment.framework
    overall = (f"Level {result.overall_level}" if result.overall_level is not None else "not assessed") + (
        f", score {score_text(result.overall_score)}" if result.overall_score is not None else ""
    )
    if result.band:
        overall += f", band {result.band.label}: {localized(result.band, 'description')}"
    parts = [
        heading(f"{localized(framework, 'name')} (version {framework.version})"),
        para(f"Submitted {day(assessment.submitted_at)} by {who(assessment.assessor)}. Overall: {overall}."),
    ]
    dims = [(dimension_name(d.name), d.score, d.level) for d in result.dimensions]
    if framework.kind == Framework.Kind.LEVELS:
        parts.append(level_bar_chart(dims, maximum=2.0))
    rows = [
        [
            dimension_name(d.name),
            "—" if d.level is None else str(d.level),
            score_text(d.score),
            f"{d.answered} of {d.applicable + d.not_applicable}",
        ]
        for d in result.dimensions
    ]
    parts.append(data_table(["Dimension", "Level", "Score", "Answered"], rows, [4, 1, 1, 1.5]))
    if report.next_steps:
        parts.append(heading("Next steps, weakest dimension first", 2))
        step_rows = [
            [localized(step.dimension, "name"), localized(q, "text"), localized(q, "evidence_hint") or "—"]
            for step in report.next_steps
            for q in step.questions
        ]
        parts.append(
            data_table(["Dimension", "Capability to build", "Evidence to show"], step_rows, [1.5, 4, 2.5])
        )
    parts.append(heading("Answers and evidence", 2))
    answer_rows = []
    for dimension in report.spec.dimensions:
        for question in dimension.question_list:
            answer = report.answers.get(question.pk)
            answer_rows.append(
                [
                    localized(dimension, "name"),
                    "—" if question.level is None else f"L{question.level}",
                    localized(question, "text"),
                    answer.get_value_display() if answer else "unanswered",
                    (answer.evidence if answer else "") or "—",
                ]
            )
    parts.append(
        data_table(
            ["Dimension", "Level", "Question", "Answer", "Evidence"], answer_rows, [1.4, 0.6, 4, 1.1, 2.6]
        )
    )
    return parts


def build(*, team_id: int, report_id: int | None, author: str, generated_at: datetime.datetime) -> Rendered:
    team = Team.objects.get(pk=team_id)
    current = sorted(
        latest_submitted(team_ids=[team.pk]).get(team.pk, {}).values(), key=lambda a: a.framework.kind
    )
    levels = next((a for a in current if a.framework.kind == Framework.Kind.LEVELS), None)
    story = cover(
        kind="Team maturity report",
        title=team.name,
        pairs=[
            ("Team", team.name),
            (
                "Overall MLOps level",
                f"Level {levels.overall_level}"
                if levels and levels.overall_level is not None
                else "no submitted assessment",
            ),
            ("Assessments covered", ", ".join(localized(a.framework, "name") for a in current) or "none"),
        ],
        report_id=report_id,
        generated_at=generated_at,
    )
    if not current:
        story.append(empty("This team has no submitted assessment yet."))
    for assessment in current:
        story += _assessment_section(assessment)
    story.append(heading("Trend across assessments"))
    trend_rows = [
        [
            key,
            day(p.submitted_at),
            "—" if p.overall_level is None else str(p.overall_level),
            score_text(p.overall_score),
        ]
        for key, points in sorted(team_trend(team=team).items())
        for p in points
    ]
    story.append(
        data_table(["Framework", "Submitted", "Overall level", "Overall score"], trend_rows, [3, 2, 1.2, 1.2])
        if trend_rows
        else empty("No submitted assessments.")
    )
    story += sign_off(["Team lead", "Governance lead"])
    return render(
        story,
        title=f"Team maturity report: {team.name}",
        subject=f"MLOps maturity of team {team.name}",
        author=author,
        report_id=report_id,
    )
