"""Forms only collect and shape input; the services decide what is allowed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from governance.foundation.i18n import localized

from .models import Answer, Dimension, Framework
from .rules import NA_JUSTIFICATION_MESSAGE, na_justified
from .services import AnswerInput


class FrameworkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Framework) -> str:
        return _("%(name)s (version %(version)s)") % {"name": localized(obj, "name"), "version": obj.version}


class StartForm(forms.Form):
    framework = FrameworkChoiceField(
        queryset=Framework.objects.none(), widget=forms.RadioSelect, empty_label=None, label=_("Framework")
    )

    def __init__(self, *args: Any, frameworks: QuerySet[Framework], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks


@dataclass
class QuestionRow:
    question: Any
    value: forms.BoundField
    evidence: forms.BoundField


class DimensionAnswersForm(forms.Form):
    """One dimension's questions: an answer and an evidence note or link for each."""

    def __init__(
        self,
        *args: Any,
        dimension: Dimension,
        choices: list[tuple[str, str]],
        answers: dict[int, Answer],
        **kwargs: Any,
    ) -> None:
        initial = {}
        for q in dimension.question_list:
            if q.pk in answers:
                initial[f"q{q.pk}"] = answers[q.pk].value
                initial[f"q{q.pk}_evidence"] = answers[q.pk].evidence
        super().__init__(*args, initial=initial, **kwargs)
        self.dimension = dimension
        for q in dimension.question_list:
            self.fields[f"q{q.pk}"] = forms.ChoiceField(
                label=localized(q, "text"), choices=choices, widget=forms.RadioSelect, required=False
            )
            self.fields[f"q{q.pk}_evidence"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=localized(q, "evidence_hint"),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for q in self.dimension.question_list:
            evidence = data.get(f"q{q.pk}_evidence", "")
            if evidence.strip() and not data.get(f"q{q.pk}"):
                self.add_error(f"q{q.pk}", _("Choose an answer for this evidence, or clear the evidence."))
            if data.get(f"q{q.pk}") == Answer.Value.NOT_APPLICABLE and not na_justified(evidence):
                self.add_error(f"q{q.pk}_evidence", NA_JUSTIFICATION_MESSAGE)
        return data

    def rows(self) -> Iterator[QuestionRow]:
        for q in self.dimension.question_list:
            yield QuestionRow(question=q, value=self[f"q{q.pk}"], evidence=self[f"q{q.pk}_evidence"])

    def answer_inputs(self) -> list[AnswerInput]:
        """Answers for the questions given one; a question left blank keeps what it had."""
        return [
            AnswerInput(
                question_id=q.pk,
                value=self.cleaned_data[f"q{q.pk}"],
                evidence=self.cleaned_data.get(f"q{q.pk}_evidence", ""),
            )
            for q in self.dimension.question_list
            if self.cleaned_data.get(f"q{q.pk}")
        ]


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm these answers describe how the team works today. Submitting locks the assessment.")
    )
