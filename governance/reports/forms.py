"""The request-a-report form behind every "Download PDF report" button (model, team, run, reports page)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from governance.checks.models import CheckRun
from governance.inventory.models import MLModel
from governance.teams.models import Team

from .models import Report


class RequestReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices)
    model = forms.ModelChoiceField(label=_("Model"), queryset=MLModel.objects.all(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all(), required=False)
    check_run = forms.ModelChoiceField(label=_("Check run"), queryset=CheckRun.objects.all(), required=False)
    # The language the PDF is written in; blank: the requester's active language.
    language = forms.ChoiceField(label=_("Report language"), choices=settings.LANGUAGES, required=False)
