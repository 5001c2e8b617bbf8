"""Forms of the gate's pages: they collect input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.foundation.inputs import limit_free_text

from .models import Environment

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PromotionRequestForm(forms.Form):
    environment = forms.ModelChoiceField(
        label=_("Environment"),
        queryset=Environment.objects.order_by("rank"),
        to_field_name="slug",
        empty_label=None,
    )
    justification = forms.CharField(
        label=_("Justification"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this version should move: what was tested, what changed."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_free_text(self)


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    waive_rules = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Waive these failing rules"),
        help_text=_(
            "Governance admins only. The rules pass for this version and environment until the expiry."
        ),
    )
    waiver_reason = forms.CharField(
        label=_("Waiver reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    waiver_expires_on = forms.DateField(required=False, widget=DATE_WIDGET, label=_("Waiver expires on"))

    def __init__(self, *args: Any, waivable: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if waivable:
            self.fields["waive_rules"].choices = waivable
            self.fields["waiver_expires_on"].widget.attrs["min"] = timezone.localdate().isoformat()
        else:
            for name in ("waive_rules", "waiver_reason", "waiver_expires_on"):
                del self.fields[name]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required: say what must change."),
    )
