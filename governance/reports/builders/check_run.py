"""The responsible-AI check-run report: outcomes by check, then every failing or warning model with the
detail and what to do (governance.checks.selectors, as the run pages)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from governance.checks import selectors
from governance.checks.models import CheckRun, Outcome

from ..document import Rendered, render
from ..fonts import markup
from ..styles import outcome_markup, para
from ..tables import data_table, fast_table
from .common import AUDIT_READER, cover, day, empty, heading, sign_off, who

CHUNK = 300  # rows per table: a table reflows only its own rows when it splits across pages


def outcome_by_check(run: CheckRun) -> list:
    by_check = selectors.run_by_check(user=AUDIT_READER, run=run)
    rows = [
        [
            row["check"].title if row["check"] else row["key"],
            row["check"].category_label if row["check"] else "—",
            row["check"].severity_label if row["check"] else "—",
            *(
                str(row["counts"][o])
                for o in (Outcome.FAIL, Outcome.WARN, Outcome.PASS, Outcome.NOT_APPLICABLE)
            ),
        ]
        for row in by_check
    ]
    head = [_("Check"), _("Category"), _("Severity"), _("Fail"), _("Warn"), _("Pass"), _("N/A")]
    return [data_table(head, rows, [4, 1.8, 1.1, 0.7, 0.7, 0.7, 0.7]) if rows else empty(_("No results."))]


def findings(run: CheckRun) -> list:
    parts, rows = [], []
    head = [_("Model"), _("Team"), _("Check"), _("Outcome"), _("Detail and remediation")]
    what_to_do = _("What to do:")
    for result, check in selectors.with_checks(
        selectors.run_findings(user=AUDIT_READER, run=run).iterator(2000)
    ):
        remedy = f"<br/><font size='7'>{what_to_do} {markup(check.remediation)}</font>" if check else ""
        rows.append(
            [
                result.model.name,
                result.model.team.name,
                check.title if check else result.check_key,
                para(outcome_markup(result.outcome, result.get_outcome_display()), "Cell", raw=True),
                para(markup(result.detail_text) + remedy, "Cell", raw=True),
            ]
        )
        if len(rows) == CHUNK:
            parts.append(fast_table(head, rows, [1.7, 1.3, 2, 1.1, 3.9]))
            rows = []
    if rows:
        parts.append(fast_table(head, rows, [1.7, 1.3, 2, 1.1, 3.9]))
    return parts or [empty(_("No model fails or warns in this run."))]


def build(*, run_id: int, report_id: int | None, author: str, generated_at: datetime.datetime) -> Rendered:
    run = CheckRun.objects.select_related("team", "model", "requested_by").get(pk=run_id)
    story = cover(
        kind=_("Responsible-AI check-run report"),
        title=_("Check run #%(id)s") % {"id": run.pk},
        pairs=[
            (
                _("Over"),
                _("%(target)s (%(count)s models)") % {"target": run.target_label, "count": run.model_count},
            ),
            (_("Status"), run.get_status_display()),
            (
                _("Trigger"),
                _("%(trigger)s by %(who)s")
                % {"trigger": run.get_trigger_display(), "who": who(run.requested_by)}
                if run.requested_by
                else run.get_trigger_display(),
            ),
            (_("Queued / finished"), f"{day(run.created_at)} / {day(run.finished_at)}"),
            (
                _("Outcomes"),
                _("%(fail)s fail, %(warn)s warn, %(pass)s pass, %(na)s not applicable")
                % {
                    "fail": run.fail_count,
                    "warn": run.warn_count,
                    "pass": run.pass_count,
                    "na": run.not_applicable_count,
                },
            ),
            (_("Policy in force"), ", ".join(f"{k} {v}" for k, v in sorted(run.policy.items())) or "—"),
        ],
        report_id=report_id,
        generated_at=generated_at,
    )
    if run.errors:
        story += [
            heading(_("Errors")),
            para("; ".join(f"{e.get('check', '')}: {e.get('message', '')}" for e in run.errors)),
        ]
    story += [heading(_("Outcomes by check")), *outcome_by_check(run)]
    story += [heading(_("Failing and warning models")), *findings(run)]
    story += sign_off([_("Governance lead"), _("Auditor")])
    return render(
        story,
        title=_("Check-run report: run #%(id)s") % {"id": run.pk},
        subject=_("Responsible-AI check run #%(id)s") % {"id": run.pk},
        author=author,
        report_id=report_id,
    )
