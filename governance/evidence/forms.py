from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .content import accepted_extensions
from .models import EvidenceFile


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"), allow_empty_file=True
    )  # the service says "empty" in its own words
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    supersedes = forms.ModelChoiceField(
        label=_("Supersedes"),
        queryset=EvidenceFile.objects.none(),
        required=False,
        empty_label=_("Nothing: a new piece of evidence"),
        help_text=_("The file this one replaces. The old file is kept, marked as superseded."),
    )

    def __init__(self, *args, current=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if current is not None:
            self.fields["supersedes"].queryset = current
        self.fields["file"].help_text = _("Accepted: %(extensions)s.") % {
            "extensions": ", ".join(accepted_extensions())
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(accepted_extensions())
