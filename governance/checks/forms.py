"""The start-a-run form, shared by the runs page, the team page and the model page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.inventory.models import MLModel
from governance.inventory.selectors import models_visible_to
from governance.teams.models import Team
from governance.teams.selectors import teams_visible_to

from .models import CheckRun


class StartRunForm(forms.Form):
    scope = forms.ChoiceField(label=_("Scope"), choices=CheckRun.Scope.choices)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all(), required=False)
    model = forms.ModelChoiceField(
        label=_("Model"), queryset=MLModel.objects.select_related("team"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        """Only teams and models the user may see are choices: another team's id is refused exactly as a
        missing one (issue 17 item 11), not with a 403 that tells it exists."""
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams_visible_to(user=user)
        self.fields["model"].queryset = models_visible_to(user=user).select_related("team")

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == CheckRun.Scope.TEAM and not data.get("team"):
            self.add_error("team", _("Choose the team to check."))
        if scope == CheckRun.Scope.MODEL and not data.get("model"):
            self.add_error("model", _("Choose the model to check."))
        return data
