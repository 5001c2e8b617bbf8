"""Forms built from a questionnaire version (each question: its answer, a note, an evidence link), the
attestation form and the governance admin's override."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.foundation.i18n import localized

from .content import Questionnaire, answer_value
from .models import Attestation
from .obligations import OBLIGATIONS

YES_NO = [("", _("Not answered")), ("yes", _("Yes")), ("no", _("No"))]


class QuestionnaireForm(forms.Form):
    def __init__(self, *args: Any, questionnaire: Questionnaire, answers: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        for q in questionnaire.questions:
            label = f"{localized(q, 'text')} ({q.citation})"
            value = answer_value(answers, q.key)
            if q.kind == "yes_no":
                field = forms.ChoiceField(label=label, choices=YES_NO, required=False)
                initial = {True: "yes", False: "no"}.get(value, "")
            elif q.kind == "choice":
                field = forms.ChoiceField(
                    label=label,
                    choices=[("", _("Not answered"))] + [(c.value, localized(c, "label")) for c in q.choices],
                    required=False,
                )
                initial = value or ""
            elif q.kind == "multi":
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=[(c.value, localized(c, "label")) for c in q.choices],
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
                initial = value or []
            else:
                field = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))
                initial = value or ""
            field.initial = initial
            self.fields[q.key] = field
            entry = answers.get(q.key) if isinstance(answers.get(q.key), dict) else {}
            self.fields[f"{q.key}__note"] = forms.CharField(
                label=_("Note"), required=False, max_length=2000, initial=entry.get("note", "")
            )
            self.fields[f"{q.key}__evidence"] = forms.URLField(
                assume_scheme="https",
                label=_("Evidence link"),
                required=False,
                max_length=500,
                initial=entry.get("evidence", ""),
            )

    def answers(self) -> dict[str, Any]:
        """The cleaned data as the service's answers (yes/no as booleans)."""
        found = {}
        for q in self.questionnaire.questions:
            value = self.cleaned_data.get(q.key)
            if q.kind == "yes_no":
                value = {"yes": True, "no": False}.get(value)
            found[q.key] = {
                "value": value,
                "note": self.cleaned_data.get(f"{q.key}__note", ""),
                "evidence": self.cleaned_data.get(f"{q.key}__evidence", ""),
            }
        return found

    def grouped(self) -> list[tuple[str, list[tuple[Any, Any, Any]]]]:
        """(section, [(answer field, note field, evidence field)]) in the questionnaire's order."""
        sections: dict[str, list] = {}
        for q in self.questionnaire.questions:
            sections.setdefault(localized(q, "section"), []).append(
                (self[q.key], self[f"{q.key}__note"], self[f"{q.key}__evidence"])
            )
        return list(sections.items())


class AttestationForm(forms.Form):
    obligation = forms.ChoiceField(
        label=_("Obligation"),
        choices=lambda: [(o.key, f"{o.citation}: {localized(o, 'title')}") for o in OBLIGATIONS],
    )
    status = forms.ChoiceField(label=_("Status"), choices=Attestation.Status.choices)
    note = forms.CharField(
        label=_("Note"), min_length=10, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_url = forms.URLField(
        required=False, max_length=500, label=_("Evidence link"), assume_scheme="https"
    )
    valid_days = forms.IntegerField(min_value=1, required=False, label=_("Valid for (days)"))


class OverrideForm(forms.Form):
    category = forms.CharField(
        label=_("Category"), required=False, max_length=20, help_text=_("Empty removes the override.")
    )
    justification = forms.CharField(
        label=_("Justification"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(label=_("I confirm this override (it is recorded with my name)"))
