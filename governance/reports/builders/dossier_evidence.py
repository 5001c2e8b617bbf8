"""The dossier's evidence section: every current evidence file behind the model's records, with its SHA-256,
so an auditor can check a file handed to them is the one on record. One query per kind of record."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from assessments.models import Answer
from assessments.selectors import latest_submitted
from governance.evidence.selectors import evidence_of_records
from governance.inventory.models import ConsentRecord, ModelVersion
from governance.risks.models import Mitigation, Risk, RiskAcceptance

from ..styles import para
from ..tables import data_table
from .common import day, empty, heading, who


def _records(model, versions, uses) -> list[tuple[str, type, dict[int, str]]]:
    """(kind label, model class, {record id: title}) for each kind of record the dossier covers."""
    risks = dict(Risk.objects.filter(model=model).values_list("id", "title"))
    mitigations = {
        pk: f"{title}: {text[:60]}"
        for pk, title, text in Mitigation.objects.filter(risk__model=model).values_list(
            "id", "risk__title", "description"
        )
    }
    acceptances = {
        pk: _("Acceptance of %(risk)s") % {"risk": title}
        for pk, title in RiskAcceptance.objects.filter(risk__model=model).values_list("id", "risk__title")
    }
    source_ids = {row.use.data_source_id for row in uses}
    consents = {
        pk: f"{source}: {reference}"
        for pk, source, reference in ConsentRecord.objects.filter(data_source_id__in=source_ids).values_list(
            "id", "data_source__name", "reference"
        )
    }
    assessments = latest_submitted(team_ids=[model.team_id]).get(model.team_id, {}).values()
    answers = {
        pk: text[:80]
        for pk, text in Answer.objects.filter(assessment__in=[a.pk for a in assessments]).values_list(
            "id", "question__text"
        )
    }
    return [
        (_("Version"), ModelVersion, {v.pk: v.label for v in versions}),
        (_("Risk"), Risk, risks),
        (_("Mitigation"), Mitigation, mitigations),
        (_("Acceptance"), RiskAcceptance, acceptances),
        (_("Consent"), ConsentRecord, consents),
        (_("Answer"), Answer, answers),
    ]


def evidence_section(model, versions, uses) -> list:
    rows = []
    for label, record_model, titles in _records(model, versions, uses):
        if not titles:
            continue
        for record_id, files in evidence_of_records(model=record_model, ids=titles).items():
            for f in files:
                rows.append(
                    [
                        f"{label}: {titles[record_id]}",
                        f.name,
                        f"{f.media_type}, {filesizeformat(f.size)}",
                        # In two halves of 32 hex digits: one 64-digit word would overflow its column.
                        para(
                            f"<font face='Courier' size='7'>{f.sha256[:32]}<br/>{f.sha256[32:]}</font>",
                            "Cell",
                            raw=True,
                        ),
                        f"{who(f.uploaded_by)}, {day(f.uploaded_at)}",
                    ]
                )
    head = [_("Record"), _("File"), _("Type and size"), "SHA-256", _("Uploaded")]
    body = (
        data_table(head, rows, [2.2, 1.8, 1.5, 3.4, 1.5])
        if rows
        else empty(_("No evidence files are attached to this model's records."))
    )
    note = para(
        _("Current files only; superseded files are kept and listed on each record's evidence page."),
        "Caption",
    )
    return [heading(_("Evidence files")), note, body]
