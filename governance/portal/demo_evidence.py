"""Demo evidence: a validation report on a production version, a signed consent form, a mitigation plan.
Idempotent: nothing is added once any evidence exists."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from governance.evidence import services
from governance.evidence.models import EvidenceFile
from governance.inventory.models import ConsentRecord, ModelVersion
from governance.risks.models import Mitigation, Risk

REPORT = b"""Validation report
AUC on the hold-out set: 0.91 (production model 0.89)
Selection-rate ratio across age groups: 0.86
Approved for staging by the model owner.
"""
CONSENT = "동의서 / Consent form\n\nI agree that my chat logs are used to train the support model.\n".encode()
PLAN = b"Mitigation plan: weekly drift report, retraining trigger at PSI > 0.25, on-call rota.\n"


def seed_demo_evidence(*, today: datetime.date) -> int:
    if EvidenceFile.objects.exists():
        return 0
    lead = get_user_model().objects.get(username="gov.lead")
    created = 0
    version = ModelVersion.objects.filter(model__stage="production").order_by("model__name", "id").first()
    consent = ConsentRecord.objects.order_by("id").first()
    mitigation = Mitigation.objects.order_by("id").first()
    risk = Risk.objects.filter(status=Risk.Status.ACTIVE).order_by("id").first()
    for record, name, content in (
        (version, "validation-report.txt", REPORT),
        (consent, "consent-form.txt", CONSENT),
        (mitigation, "mitigation-plan.txt", PLAN),
        (risk, "risk-workshop-notes.md", b"# Risk workshop\n\nAgreed the ratings with the model owner.\n"),
    ):
        if record is not None:
            services.evidence_upload(actor=lead, record=record, upload=SimpleUploadedFile(name, content))
            created += 1
    return created
