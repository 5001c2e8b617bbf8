from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PredictionSet


class UploadForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PredictionSet.Role.choices)
    file = forms.FileField(label=_("File"), help_text=_("CSV with a header row, or Parquet."))
    prediction = forms.CharField(
        label=_("Prediction"), max_length=200, help_text=_("The column holding the score or predicted label.")
    )
    prediction_kind = forms.ChoiceField(
        label=_("Prediction kind"),
        choices=[("score", _("Score (compared with the threshold)")), ("label", _("Label (0 or 1)"))],
        initial="score",
        required=False,
    )
    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        required=False,
        help_text=_("The actual outcome column (0 or 1), if known."),
    )
    sensitive = forms.CharField(
        label=_("Sensitive"),
        max_length=2000,
        help_text=_("Sensitive-attribute columns, separated by commas."),
    )
    features = forms.CharField(
        label=_("Features"),
        max_length=20000,
        required=False,
        help_text=_("Columns to watch for drift, separated by commas."),
    )
    timestamp = forms.CharField(
        label=_("Timestamp"), max_length=200, required=False, help_text=_("A time column, if any.")
    )
    threshold = forms.FloatField(
        label=_("Threshold"),
        required=False,
        min_value=0,
        max_value=1,
        help_text=_("Decision threshold for a score; empty uses the policy's."),
    )
    retention_days = forms.IntegerField(
        label=_("Retention days"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_("Days the rows are kept; empty uses the default."),
    )

    def columns(self) -> dict:
        data = self.cleaned_data
        return {
            k: data.get(k)
            for k in ("prediction", "prediction_kind", "label", "sensitive", "features", "timestamp")
        }
