"""Forms only collect and shape input; the services decide what is allowed."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from governance.foundation.inputs import limit_free_text, reject_nul, validate_json_shape
from governance.teams.models import Membership, Team
from governance.teams.permissions import EDIT_ROLES

from .models import ConsentRecord, DataSource, DataSourceUse, MLModel, ModelVersion
from .services.rules import (
    DATA_SOURCE_INPUT_FIELDS,
    MODEL_INPUT_FIELDS,
    SETTABLE_STAGES,
    SETTABLE_VERSION_STATUSES,
)
from .tags import ALIAS_MAX, TAG_KEY_MAX, TAG_VALUE_MAX, alias_name, printable

User = get_user_model()


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        full = obj.get_full_name()
        return f"{full} ({obj.get_username()})" if full else obj.get_username()


def editor_users(teams: QuerySet[Team] | None = None) -> QuerySet:
    members = Membership.objects.filter(role__in=EDIT_ROLES)
    if teams is not None:
        members = members.filter(team__in=teams)
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by("username")


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ModelForm(forms.ModelForm):
    owner = UserChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        help_text=_("The person answerable for its decisions."),
    )
    human_oversight_contact = UserChoiceField(
        label=_("Human oversight contact"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = MLModel
        fields = list(MODEL_INPUT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "purpose",
                "intended_use",
                "out_of_scope_uses",
                "limitations",
                "training_data_description",
                "evaluation_description",
                "ethical_considerations",
            )
        }

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["owner"].queryset = editor_users(teams)
        self.fields["human_oversight_contact"].queryset = User.objects.filter(is_active=True).order_by(
            "username"
        )
        if self.instance.pk:
            # Team and owner change through their own actions (ownership transfer keeps its own record).
            del self.fields["team"]
            del self.fields["owner"]
        _limit_choices(
            self.fields["stage"], SETTABLE_STAGES, self.instance.stage if self.instance.pk else None
        )
        limit_free_text(self)


def _limit_choices(field: forms.Field, settable: frozenset[str], current: str | None) -> None:
    """Offer only the values a person may set, and the current one when it is derived (the promotion gate
    moves it); the service refuses any change away from a derived value."""
    field.choices = [
        (value, label) for value, label in field.choices if value in settable or value == current
    ]
    if current is not None and current not in settable:
        field.help_text = _(
            "Follows from the environments the versions hold; ask for a promotion to change it."
        )


class OwnershipTransferForm(forms.Form):
    new_owner = UserChoiceField(label=_("New owner"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, model: MLModel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_owner"].queryset = editor_users(Team.objects.filter(pk=model.team_id)).exclude(
            pk=model.owner_id
        )


class JSONObjectField(forms.CharField):
    """A JSON object typed as text; anything but an object is a form error, not a crash."""

    widget = forms.Textarea(attrs={"rows": 3, "spellcheck": "false"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20000)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, dict):
            return json.dumps(value, indent=2, sort_keys=True) if value else ""
        return value or ""

    def clean(self, value: Any) -> dict:
        text = super().clean(value)
        if not text or not text.strip():
            return {}
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("Not valid JSON: %(problem)s (line %(line)s)."),
                params={"problem": exc.msg, "line": exc.lineno},
            ) from exc
        if not isinstance(parsed, dict):
            raise forms.ValidationError(_('Enter a JSON object, e.g. {"learning_rate": 0.1}.'))
        reject_nul(parsed)  # "\u0000" passes the text check above but PostgreSQL's jsonb refuses it
        validate_json_shape(parsed)  # key length, key count, depth: the text limit does not see keys
        return parsed


class VersionForm(forms.ModelForm):
    hyperparameters = JSONObjectField(
        label=_("Hyperparameters"), help_text=_("A JSON object of hyperparameters.")
    )
    validation_metrics = JSONObjectField(
        label=_("Validation metrics"), help_text=_('A JSON object, e.g. {"auc": 0.91}.')
    )

    class Meta:
        model = ModelVersion
        fields = [
            "label",
            "status",
            "artifact_uri",
            "code_reference",
            "training_window_start",
            "training_window_end",
            "deployed_at",
            "hyperparameters",
            "validation_metrics",
        ]
        widgets = {
            "training_window_start": DATE_WIDGET,
            "training_window_end": DATE_WIDGET,
            "deployed_at": DATETIME_WIDGET,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["label"]
        _limit_choices(
            self.fields["status"],
            SETTABLE_VERSION_STATUSES,
            self.instance.status if self.instance.pk else None,
        )

    def validate_unique(self) -> None:
        """Uniqueness needs the model, which the service sets; the service reports a clash."""


class DataUseForm(forms.ModelForm):
    class Meta:
        model = DataSourceUse
        fields = ["data_source", "version", "role", "purpose"]
        help_texts = {
            "version": _("Leave empty when every version uses it."),
            "purpose": _("For a consent-based source this must match the purpose of a consent record."),
        }

    confirm_uncovered = forms.BooleanField(
        required=False,
        label=_(
            "Link it anyway: I know no consent in force covers this purpose, and the use will be flagged."
        ),
    )

    def __init__(self, *args: Any, model: MLModel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = model.versions.order_by("-registered_at")
        self.fields["data_source"].queryset = DataSource.objects.order_by("name")
        # The consented purposes are offered in a datalist the template renders beside the field.
        self.fields["purpose"].widget.attrs["list"] = "consented-purposes"

    def validate_unique(self) -> None:
        """The service validates against the model it attaches the use to."""


class DataSourceForm(forms.ModelForm):
    steward = UserChoiceField(label=_("Steward"), queryset=User.objects.none())

    class Meta:
        model = DataSource
        fields = list(DATA_SOURCE_INPUT_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["team"]
            self.fields["steward"].queryset = editor_users(Team.objects.filter(pk=self.instance.team_id))
        else:
            self.fields["team"].queryset = teams
            self.fields["steward"].queryset = editor_users(teams)
        limit_free_text(self)


class ConsentForm(forms.ModelForm):
    class Meta:
        model = ConsentRecord
        fields = ["reference", "purpose", "scope", "obtained_on", "expires_on", "evidence_reference"]
        widgets = {
            "obtained_on": DATE_WIDGET,
            "expires_on": DATE_WIDGET,
            "scope": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_free_text(self)

    def validate_unique(self) -> None:
        """The service checks the reference against the source it is recorded for."""


class ConsentWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why, and the reference of the withdrawal request if there is one."),
    )
    confirm = forms.BooleanField(label=_("I understand every model using this consent will be flagged."))


class TagForm(forms.Form):
    """Set a tag: an existing key takes the new value. Lengths and characters are the model's rules."""

    key = forms.CharField(label=_("Key"), max_length=TAG_KEY_MAX, validators=[printable])
    value = forms.CharField(
        label=_("Value"), max_length=TAG_VALUE_MAX, required=False, strip=False, validators=[printable]
    )


class TagRemoveForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=TAG_KEY_MAX)


class AliasForm(forms.Form):
    """Point an alias at one of the model's versions; the alias moves if another version held it."""

    name = forms.CharField(label=_("Alias"), max_length=ALIAS_MAX, validators=[alias_name])
    version = forms.ModelChoiceField(
        label=_("Version"), queryset=ModelVersion.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, model: MLModel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = model.versions.order_by("-registered_at", "-id")
        self.fields["version"].label_from_instance = lambda v: v.label


class AliasRemoveForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput, max_length=ALIAS_MAX)
