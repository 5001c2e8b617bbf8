"""The team maturity report: overall and per-dimension levels with a chart, answers with evidence, next steps,
and the trend across the team's submitted assessments (assessments.selectors, as the team page)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

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
    overall = (
        _("Level %(level)s") % {"level": result.overall_level}
        if result.overall_level is not None
        else _("not assessed")
    )
    if result.overall_score is not None:
        overall += _(", score %(score)s") % {"score": score_text(result.overall_score)}
    if result.band:
        overall += _(", band %(band)s: %(description)s") % {
            "band": result.band.label,
            "description": localized(result.band, "description"),
        }
    submitted = _("Submitted %(day)s by %(who)s. Overall: %(overall)s.") % {
        "day": day(assessment.submitted_at),
        "who": who(assessment.assessor),
        "overall": overall,
    }
    parts = [
        heading(
            _("%(name)s (version %(version)s)")
            % {"name": localized(framework, "name"), "version": framework.version}
        ),
        para(submitted),
    ]
    dims = [(dimension_name(d.name), d.score, d.level) for d in result.dimensions]
    if framework.kind == Framework.Kind.LEVELS:
        parts.append(level_bar_chart(dims, maximum=2.0))
    rows = [
        [
            dimension_name(d.name),
            "—" if d.level is None else str(d.level),
            score_text(d.score),
            _("%(answered)s of %(total)s")
            % {"answered": d.answered, "total": d.applicable + d.not_applicable},
        ]
        for d in result.dimensions
    ]
    parts.append(data_table([_("Dimension"), _("Level"), _("Score"), _("Answered")], rows, [4, 1, 1, 1.5]))
    if report.next_steps:
        parts.append(heading(_("Next steps, weakest dimension first"), 2))
        step_rows = [
            [localized(step.dimension, "name"), localized(q, "text"), localized(q, "evidence_hint") or "—"]
            for step in report.next_steps
            for q in step.questions
        ]
        parts.append(
            data_table(
                [_("Dimension"), _("Capability to build"), _("Evidence to show")], step_rows, [1.5, 4, 2.5]
            )
        )
    parts.append(heading(_("Answers and evidence"), 2))
    answer_rows = []
    for dimension in report.spec.dimensions:
        for question in dimension.question_list:
            answer = report.answers.get(question.pk)
            answer_rows.append(
                [
                    localized(dimension, "name"),
                    "—" if question.level is None else f"L{question.level}",
                    localized(question, "text"),
                    answer.get_value_display() if answer else _("unanswered"),
                    (answer.evidence if answer else "") or "—",
                ]
            )
    parts.append(
        data_table(
            [_("Dimension"), _("Level"), _("Question"), _("Answer"), _("Evidence")],
            answer_rows,
            [1.4, 0.6, 4, 1.1, 2.6],
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
        kind=_("Team maturity report"),
        title=team.name,
        pairs=[
            (_("Team"), team.name),
            (
                _("Overall MLOps level"),
                _("Level %(level)s") % {"level": levels.overall_level}
                if levels and levels.overall_level is not None
                else _("no submitted assessment"),
            ),
            (
                _("Assessments covered"),
                ", ".join(localized(a.framework, "name") for a in current) or _("none"),
            ),
        ],
        report_id=report_id,
        generated_at=generated_at,
    )
    if not current:
        story.append(empty(_("This team has no submitted assessment yet.")))
    for assessment in current:
        story += _assessment_section(assessment)
    story.append(heading(_("Trend across assessments")))
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
        data_table(
            [_("Framework"), _("Submitted"), _("Overall level"), _("Overall score")],
            trend_rows,
            [3, 2, 1.2, 1.2],
        )
        if trend_rows
        else empty(_("No submitted assessments."))
    )
    story += sign_off([_("Team lead"), _("Governance lead")])
    return render(
        story,
        title=_("Team maturity report: %(team)s") % {"team": team.name},
        subject=_("MLOps maturity of team %(team)s") % {"team": team.name},
        author=author,
        report_id=report_id,
    )
