"""Assessment answers carry evidence (governance/evidence/kinds.py). A submitted assessment never changes,
so evidence is attached while it is a draft; it stays readable by whoever may see the assessment."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from governance.evidence.kinds import EvidenceKind, register
from governance.foundation.i18n import localized
from governance.teams import permissions as perms

from .models import Answer, Assessment


def _answer_for_view(*, user: Any, pk: int) -> Answer:
    answer = get_object_or_404(Answer.objects.select_related("assessment", "question"), pk=pk)
    if not perms.can_view_team(user, answer.assessment.team_id):
        raise Http404
    return answer


def _answer_can_change(user: Any, answer: Answer) -> bool:
    return answer.assessment.status == Assessment.Status.DRAFT and perms.can_edit_team(
        user, answer.assessment.team_id
    )


def register_kinds() -> None:
    register(
        EvidenceKind(
            key="answer",
            model=Answer,
            label="Assessment answer",
            get_for_view=_answer_for_view,
            can_change=_answer_can_change,
            url_of=lambda a: reverse("assessments:detail", args=[a.assessment_id]),
            title_of=lambda a: localized(a.question, "text")[:80],
            refused="Evidence is attached to the answers of a draft assessment, by its team's contributors "
            "and maintainers.",
        )
    )
