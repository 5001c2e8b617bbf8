from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .selectors import ACTIONS, AuditFilters, kind_choices

ACTION_LABELS = {"created": _("Created"), "changed": _("Changed"), "deleted": _("Deleted")}


class AuditFilterForm(forms.Form):
    """The audit log's filters, for the page and the API alike."""

    person = forms.ModelChoiceField(
        label=_("Person"), queryset=get_user_model().objects.none(), required=False, empty_label=_("Anyone")
    )
    kind = forms.ChoiceField(required=False, label=_("Record type"))
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("Any action")), *[(a, ACTION_LABELS[a]) for a in ACTIONS]],
    )
    since = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = get_user_model().objects.order_by("username")
        self.fields["kind"].choices = [("", _("Any record")), *kind_choices()]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        person = data.get("person")
        return AuditFilters(
            person=person.pk if person else None,
            kind=data.get("kind") or None,
            action=data.get("action") or None,
            since=data.get("since"),
            until=data.get("until"),
        )
