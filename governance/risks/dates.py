"""Dates a person states for a decision: when a risk was accepted or reviewed.

They may not be in the future (nothing has been decided yet), nor more than a year in the past
(settings.DECISION_DATE_MAX_AGE_DAYS): an acceptance dated 2001 or a review dated 1900 would make the register
say that a decision was current when nobody made it. Records are kept as entered; the rule is for new ones.
One validator, used by the forms, the API serializers and the services.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone


def decision_date_problem(day: datetime.date, *, today: datetime.date | None = None) -> str | None:
    today = today or timezone.localdate()
    oldest = today - datetime.timedelta(days=settings.DECISION_DATE_MAX_AGE_DAYS)
    if day > today:
        return f"The date cannot be in the future (today is {today:%Y-%m-%d})."
    if day < oldest:
        return f"The date cannot be more than a year in the past (on or after {oldest:%Y-%m-%d})."
    return None


def validate_decision_date(day: datetime.date) -> None:
    """A field validator (forms and serializers)."""
    problem = decision_date_problem(day)
    if problem:
        raise ValidationError(problem, code="decision_date")


def require_decision_date(day: datetime.date, *, field: str, today: datetime.date) -> None:
    """The services' check, the error keyed by the field so pages and the API show it there."""
    problem = decision_date_problem(day, today=today)
    if problem:
        raise ValidationError({field: problem})
