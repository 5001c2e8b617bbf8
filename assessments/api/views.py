"""Read-only endpoints for frameworks, assessments and team maturity. Thin: select, shape, serialize.

Each list costs the same few queries whatever the page size: the page, then its answers and its frameworks'
questions in one query each. Another team's assessment is a 404, as in the inventory API.
"""

from __future__ import annotations

from collections import defaultdict

from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from governance.foundation.api.exports import ExportListMixin
from governance.foundation.api.querying import StrictQueryMixin, VisibleFilterBackend
from governance.teams.models import Team

from .. import selectors
from ..filters import AssessmentFilter, FrameworkFilter
from ..models import Answer, Assessment
from . import serializers as s


class FrameworkViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Framework versions with their dimensions and questions; every signed-in user reads them."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.FrameworkSerializer
    filter_backends = [VisibleFilterBackend]
    filterset_class = FrameworkFilter

    def get_queryset(self):
        return selectors.framework_api_queryset()


def _assessment_payloads(assessments: list[Assessment]) -> list[dict]:
    specs = selectors.framework_specs(frameworks={a.framework_id: a.framework for a in assessments}.values())
    answers: dict[int, dict[int, Answer]] = defaultdict(dict)
    rows = Answer.objects.filter(assessment__in=assessments).select_related("answered_by").order_by("id")
    for answer in rows:
        answers[answer.assessment_id][answer.question_id] = answer
    payloads = []
    for a in assessments:
        spec, given = specs[a.framework_id], answers[a.pk]
        result = selectors.assessment_result(assessment=a, spec=spec, answers=given)
        payloads.append(
            {
                "id": a.pk,
                "team": a.team,
                "framework": a.framework,
                "status": a.status,
                "started_by": a.started_by,
                "started_at": a.started_at,
                "assessor": a.assessor,
                "submitted_at": a.submitted_at,
                "question_count": spec.total,
                "answered": len(given),
                "scores": {
                    "overall_level": result.overall_level,
                    "overall_score": result.overall_score,
                    "band": result.band.label if result.band else None,
                    "dimensions": result.dimensions,
                },
                "answers": [
                    {
                        "question": q.pk,
                        "question_key": q.key,
                        "dimension_key": d.key,
                        "value": given[q.pk].value,
                        "evidence": given[q.pk].evidence,
                        "answered_by": given[q.pk].answered_by,
                        "answered_at": given[q.pk].answered_at,
                    }
                    for d in spec.dimensions
                    for q in d.question_list
                    if q.pk in given
                ],
            }
        )
    return payloads


class AssessmentViewSet(ExportListMixin, StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Assessments of the teams the user may see, with answers and scores (provisional for drafts)."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.AssessmentSerializer
    filter_backends = [VisibleFilterBackend]
    filterset_class = AssessmentFilter
    filter_visible = {"team": selectors.teams_visible_to}
    export_name = "assessments"

    def get_queryset(self):
        return selectors.assessments_visible_to(user=self.request.user).order_by("-started_at", "-id")

    def list(self, request, *args, **kwargs):
        if fmt := self.export_format():
            return self.export_list(fmt)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(s.AssessmentSerializer(_assessment_payloads(page), many=True).data)

    def export_chunk(self, objects):
        """One row per answer, the assessment's columns repeated (an assessment without answers: one row)."""
        rows = []
        for item in s.AssessmentSerializer(_assessment_payloads(objects), many=True).data:
            answers = item.pop("answers")
            for answer in answers or [{}]:
                rows.append({**item, **{f"answer.{k}": v for k, v in answer.items()}})
        return rows

    def retrieve(self, request, *args, **kwargs):
        [payload] = _assessment_payloads([self.get_object()])
        return Response(s.AssessmentSerializer(payload).data)


class TeamMaturityViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Per team: the latest submitted assessment of each framework, with its level and score."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.TeamMaturitySerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.teams_visible_to(user=self.request.user)

    def _payloads(self, teams: list[Team]) -> list[dict]:
        latest = selectors.latest_submitted(team_ids=[t.pk for t in teams])
        return [
            {
                "team": team,
                "frameworks": [
                    {
                        "framework": a.framework,
                        "assessment_id": a.pk,
                        "submitted_at": a.submitted_at,
                        "assessor": a.assessor,
                        "overall_level": a.overall_level,
                        "overall_score": a.overall_score,
                        "band": a.result.get("band"),
                        "dimensions": a.result.get("dimensions", []),
                    }
                    for a in sorted(latest.get(team.pk, {}).values(), key=lambda a: a.framework.key)
                ],
            }
            for team in teams
        ]

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.TeamMaturitySerializer(self._payloads(page), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        [payload] = self._payloads([self.get_object()])
        return Response(s.TeamMaturitySerializer(payload).data)
