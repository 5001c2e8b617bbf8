"""Announcements for other apps (the notifications app listens to classification_needs_reasking)."""

from django.dispatch import Signal

# classification=Classification: answered or overridden.
classification_changed = Signal()
# model=MLModel, classification=Classification: the model's purpose changed after it was classified.
classification_needs_reasking = Signal()
