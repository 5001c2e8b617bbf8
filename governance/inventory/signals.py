"""Signals of the inventory, for apps above it (notifications) that this app must not import."""

from django.dispatch import Signal

# Sent inside the registering transaction once a version is saved; receivers take version (a ModelVersion).
version_registered = Signal()

# Asked before a hand edit of a model's EU AI Act tier; receivers take model (an MLModel) and answer a short
# text naming what sets the tier instead (e.g. its answered classification), or None. The regulation app
# answers it, so that a form or API edit the tier would not keep is refused rather than silently undone.
tier_source = Signal()
