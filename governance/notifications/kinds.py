"""The kinds of notice, their labels, and the webhook events. One list, so preferences, e-mail subjects and
the webhook form agree. Issues 22 and 23 added the evidence, attestation and classification kinds."""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    PROMOTION_REQUESTED = "promotion_requested", "Promotion requested"
    PROMOTION_DECIDED = "promotion_decided", "Promotion decided"
    REVIEW_DUE = "review_due", "Risk review due or overdue"
    ACCEPTANCE_EXPIRING = "acceptance_expiring", "Risk acceptance expiring"
    CONSENT_EXPIRING = "consent_expiring", "Consent expiring"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
    CHECK_FAILING = "check_failing", "Check newly failing"
    ASSESSMENT_STALE = "assessment_stale", "Assessment older than 12 months"
    REPORT_READY = "report_ready", "Report ready"
    OUT_OF_POLICY = "out_of_policy", "Out of policy"
    WEBHOOK_DISABLED = "webhook_disabled", "Webhook endpoint disabled"
    EVIDENCE_UPLOADED = "evidence_uploaded", "Evidence uploaded to your record"
    EVIDENCE_DOWNLOADED = "evidence_downloaded", "Signed consent form downloaded"
    ATTESTATION_EXPIRING = "attestation_expiring", "Attestation expiring"
    ATTESTATION_EXPIRED = "attestation_expired", "Attestation expired"
    CLASSIFICATION_REASK = "classification_reask", "Classification needs re-asking"


class Delivery(models.TextChoices):
    """How a user wants a kind by e-mail; in-app notices are always kept."""

    IMMEDIATE = "immediate", "Immediately"
    DIGEST = "digest", "In a daily digest"
    OFF = "off", "Off"


DEFAULT_DELIVERY = Delivery.IMMEDIATE

# Kinds whose e-mail waits for the daily digest unless the user chooses otherwise: frequent, informative,
# nothing to act on today (an upload or a download of evidence). Everything else is e-mailed at once.
DIGEST_BY_DEFAULT = frozenset({Kind.EVIDENCE_UPLOADED, Kind.EVIDENCE_DOWNLOADED})


def default_delivery(kind: str) -> str:
    return Delivery.DIGEST if kind in DIGEST_BY_DEFAULT else DEFAULT_DELIVERY


class Event(models.TextChoices):
    """Events a webhook endpoint may subscribe to (the `type` of each delivery's JSON)."""

    VERSION_REGISTERED = "version.registered", "Version registered"
    PROMOTION_REQUESTED = "promotion.requested", "Promotion requested"
    PROMOTION_DECIDED = "promotion.decided", "Promotion decided"
    CHECK_RUN_FINISHED = "check_run.finished", "Check run finished"
    CONSENT_WITHDRAWN = "consent.withdrawn", "Consent withdrawn"
    OUT_OF_POLICY = "deployment.out_of_policy", "Out of policy"
    REPORT_READY = "report.ready", "Report ready"
    EVIDENCE_UPLOADED = "evidence.uploaded", "Evidence uploaded"
    ATTESTATION_EXPIRING = "regulation.attestation_expiring", "Attestation expiring"
    ATTESTATION_EXPIRED = "regulation.attestation_expired", "Attestation expired"
    CLASSIFICATION_REASK = "regulation.classification_needs_reasking", "Classification needs re-asking"
