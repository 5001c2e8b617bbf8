"""The kinds of notice, their labels, and the webhook events. One list, so preferences, e-mail subjects and
the webhook form agree; later issues (attestations, evidence) add their kinds here."""

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


class Delivery(models.TextChoices):
    """How a user wants a kind by e-mail; in-app notices are always kept."""

    IMMEDIATE = "immediate", "Immediately"
    DIGEST = "digest", "In a daily digest"
    OFF = "off", "Off"


DEFAULT_DELIVERY = Delivery.IMMEDIATE


class Event(models.TextChoices):
    """Events a webhook endpoint may subscribe to (the `type` of each delivery's JSON)."""

    VERSION_REGISTERED = "version.registered", "Version registered"
    PROMOTION_REQUESTED = "promotion.requested", "Promotion requested"
    PROMOTION_DECIDED = "promotion.decided", "Promotion decided"
    CHECK_RUN_FINISHED = "check_run.finished", "Check run finished"
    CONSENT_WITHDRAWN = "consent.withdrawn", "Consent withdrawn"
    OUT_OF_POLICY = "deployment.out_of_policy", "Out of policy"
    REPORT_READY = "report.ready", "Report ready"
