"""The kinds of notice, their labels, and the webhook events. One list, so preferences, e-mail subjects and
the webhook form agree. Issues 22 and 23 added the evidence, attestation and classification kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PROMOTION_REQUESTED = "promotion_requested", _("Promotion requested")
    PROMOTION_DECIDED = "promotion_decided", _("Promotion decided")
    REVIEW_DUE = "review_due", _("Risk review due or overdue")
    ACCEPTANCE_EXPIRING = "acceptance_expiring", _("Risk acceptance expiring")
    CONSENT_EXPIRING = "consent_expiring", _("Consent expiring")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    CHECK_FAILING = "check_failing", _("Check newly failing")
    ASSESSMENT_STALE = "assessment_stale", _("Assessment older than 12 months")
    REPORT_READY = "report_ready", _("Report ready")
    OUT_OF_POLICY = "out_of_policy", _("Out of policy")
    WEBHOOK_DISABLED = "webhook_disabled", _("Webhook endpoint disabled")
    EVIDENCE_UPLOADED = "evidence_uploaded", _("Evidence uploaded to your record")
    EVIDENCE_DOWNLOADED = "evidence_downloaded", _("Signed consent form downloaded")
    ATTESTATION_EXPIRING = "attestation_expiring", _("Attestation expiring")
    ATTESTATION_EXPIRED = "attestation_expired", _("Attestation expired")
    CLASSIFICATION_REASK = "classification_reask", _("Classification needs re-asking")


class Delivery(models.TextChoices):
    """How a user wants a kind by e-mail; in-app notices are always kept."""

    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("In a daily digest")
    OFF = "off", _("Off")


DEFAULT_DELIVERY = Delivery.IMMEDIATE

# Kinds whose e-mail waits for the daily digest unless the user chooses otherwise: frequent, informative,
# nothing to act on today (an upload or a download of evidence). Everything else is e-mailed at once.
DIGEST_BY_DEFAULT = frozenset({Kind.EVIDENCE_UPLOADED, Kind.EVIDENCE_DOWNLOADED})


def default_delivery(kind: str) -> str:
    return Delivery.DIGEST if kind in DIGEST_BY_DEFAULT else DEFAULT_DELIVERY


class Event(models.TextChoices):
    """Events a webhook endpoint may subscribe to (the `type` of each delivery's JSON)."""

    VERSION_REGISTERED = "version.registered", _("Version registered")
    PROMOTION_REQUESTED = "promotion.requested", _("Promotion requested")
    PROMOTION_DECIDED = "promotion.decided", _("Promotion decided")
    CHECK_RUN_FINISHED = "check_run.finished", _("Check run finished")
    CONSENT_WITHDRAWN = "consent.withdrawn", _("Consent withdrawn")
    OUT_OF_POLICY = "deployment.out_of_policy", _("Out of policy")
    REPORT_READY = "report.ready", _("Report ready")
    EVIDENCE_UPLOADED = "evidence.uploaded", _("Evidence uploaded")
    ATTESTATION_EXPIRING = "regulation.attestation_expiring", _("Attestation expiring")
    ATTESTATION_EXPIRED = "regulation.attestation_expired", _("Attestation expired")
    CLASSIFICATION_REASK = "regulation.classification_needs_reasking", _("Classification needs re-asking")
