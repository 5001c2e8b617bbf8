"""Signals of the promotion gate, for apps above it (notifications) that this app must not import."""

from django.dispatch import Signal

# Sent inside the request's transaction once it is saved; receivers take request (a PromotionRequest).
promotion_requested = Signal()
# Sent inside the deciding transaction when a request is approved or rejected; receivers take request.
promotion_decided = Signal()
