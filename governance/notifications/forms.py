from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import Delivery, Event, Kind
from .models import WebhookEndpoint


class PreferencesForm(forms.Form):
    """One choice per kind of notice: immediately, daily digest or off (in-app notices always stay)."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Delivery.choices, initial=initial_choices.get(kind), widget=forms.Select
            )


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https", label=_("URL"))
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Events sent to this endpoint."),
    )
    secret = forms.CharField(
        label=_("Secret"),
        min_length=16,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 16 characters; the receiver verifies signatures with it."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "secret", "is_active"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # keep the stored secret unless a new one is typed
            self.fields["secret"].required = False
            self.fields["secret"].help_text = _("Leave empty to keep the current secret.")

    def clean_secret(self) -> str:
        return self.cleaned_data.get("secret") or self.instance.secret
