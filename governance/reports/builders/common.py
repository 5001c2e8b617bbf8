"""Pieces every builder uses: the cover page, section headings, people and dates as text."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.platypus import PageBreak, Spacer

import governance

from ..styles import heading, mm_, para
from ..tables import data_table, facts


def who(user: Any) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def day(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    return f"{value:%Y-%m-%d}"


def cover(
    *,
    kind: str,
    title: str,
    pairs: list[tuple[str, object]],
    report_id: int | None,
    generated_at: datetime.datetime,
) -> list:
    """The first page: what the report is, about what, when and by which product version it was made."""
    return [
        Spacer(1, mm_(30)),
        para(kind, "Subtitle"),
        para(title, "Title"),
        Spacer(1, mm_(8)),
        facts(
            [
                *pairs,
                (_("Report id"), f"#{report_id}" if report_id else _("preview (not filed)")),
                (_("Generated at"), day(generated_at)),
                (_("Product version"), f"ML governance {governance.__version__}"),
            ]
        ),
        Spacer(1, mm_(6)),
        para(
            _(
                "Generated from the governance inventory at the time shown. The SHA-256 of this file is "
                "recorded with the report so a filed copy can be verified."
            ),
            "Small",
        ),
        PageBreak(),
    ]


def empty(text: str):
    return para(text, "Small")


def sign_off(roles: list[str]) -> list:
    """Blank lines for names, signatures and dates: the part an auditor fills in by hand."""
    rows = [[role, Spacer(1, mm_(10)), "", ""] for role in roles]
    table = data_table([_("Role"), _("Name"), _("Signature"), _("Date")], rows, [2, 3, 3, 2])
    return [heading(_("Sign-off")), para(_("Reviewed and approved by:")), table]


class AuditReader:
    """The reader a builder reads as: someone who sees everything. Who may request which report is decided
    by the service before any build (governance.reports.services), so builders never filter by person."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None


AUDIT_READER = AuditReader()
