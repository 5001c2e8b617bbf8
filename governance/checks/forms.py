"""The start-a-run form, shared by the runs page, the team page and the model page."""

from __future__ import annotations

from django import forms

from governance.inventory.models import MLModel
from governance.teams.models import Team

from .models import CheckRun


class StartRunForm(forms.Form):
    scope = forms.ChoiceField(choices=CheckRun.Scope.choices)
    team = forms.ModelChoiceField(queryset=Team.objects.all(), required=False)
    model = forms.ModelChoiceField(queryset=MLModel.objects.select_related("team"), required=False)

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == CheckRun.Scope.TEAM and not data.get("team"):
            self.add_error("team", "Choose the team to check.")
        if scope == CheckRun.Scope.MODEL and not data.get("model"):
            self.add_error("model", "Choose the model to check.")
        return data
