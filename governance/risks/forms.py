"""Forms for the register; the services enforce the rules and their errors land on these fields."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.foundation.inputs import limit_free_text
from governance.foundation.textlength import MinTextWeightValidator
from governance.inventory.forms import DATE_WIDGET, UserChoiceField, editor_users
from governance.inventory.models import MLModel
from governance.teams.models import Team

from .dates import validate_decision_date
from .models import Mitigation, Risk, RiskMatrix

RATING_FIELDS = ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")


def _rating_choices(labels: list[str]) -> list[tuple[str, str]]:
    return [("", _("— not rated —"))] + [
        (str(i), f"{i} · {label}") for i, label in enumerate(labels, start=1)
    ]


class RiskForm(forms.Form):
    model = forms.ModelChoiceField(label=_("Model"), queryset=MLModel.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Risk.Category.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    owner = UserChoiceField(
        label=_("Owner"),
        queryset=editor_users(Team.objects.none()),
        help_text=_("Who answers for this risk."),
    )
    treatment = forms.ChoiceField(
        label=_("Treatment"), choices=Risk.Treatment.choices, initial=Risk.Treatment.OPEN
    )
    inherent_likelihood = forms.TypedChoiceField(
        label=_("Inherent likelihood"), coerce=int, empty_value=None, required=False
    )
    inherent_impact = forms.TypedChoiceField(
        label=_("Inherent impact"), coerce=int, empty_value=None, required=False
    )
    residual_likelihood = forms.TypedChoiceField(
        label=_("Residual likelihood"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "After mitigations; never above the inherent rating. Leave empty to rate the inherent "
            "risk alone: the residual then equals the inherent rating until you give one."
        ),
    )
    residual_impact = forms.TypedChoiceField(
        label=_("Residual impact"), coerce=int, empty_value=None, required=False
    )

    def __init__(
        self,
        *args: Any,
        matrix: RiskMatrix,
        models: QuerySet[MLModel] | None,
        teams: QuerySet[Team],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if models is None:
            del self.fields["model"]
        else:
            self.fields["model"].queryset = models
        self.fields["owner"].queryset = editor_users(teams)
        for name in RATING_FIELDS:
            labels = matrix.likelihood_labels if name.endswith("likelihood") else matrix.impact_labels
            self.fields[name].choices = _rating_choices(labels)


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Reviewed on"),
        widget=DATE_WIDGET,
        initial=timezone.localdate,
        validators=[validate_decision_date],
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MitigationForm(forms.ModelForm):
    owner = UserChoiceField(label=_("Owner"), queryset=editor_users(Team.objects.none()))

    class Meta:
        model = Mitigation
        fields = ["description", "owner", "status", "due_date"]
        widgets = {"due_date": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = editor_users(teams)
        limit_free_text(self)


class AcceptanceForm(forms.Form):
    justification = forms.CharField(
        label=_("Justification"),
        validators=[MinTextWeightValidator(10)],
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the residual risk is acceptable, and on what conditions."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=DATE_WIDGET,
        initial=lambda: timezone.localdate() + datetime.timedelta(days=180),
        help_text=_("After this day the acceptance no longer counts."),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(label=_("Close this risk. It stays in the history but leaves the register."))
