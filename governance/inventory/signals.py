"""Signals of the inventory, for apps above it (notifications) that this app must not import."""

from django.dispatch import Signal

# Sent inside the registering transaction once a version is saved; receivers take version (a ModelVersion).
version_registered = Signal()
