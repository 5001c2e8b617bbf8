"""Signals of the reports app, for apps above it (notifications) that this app must not import."""

from django.dispatch import Signal

# Sent once a report's file is saved and it has succeeded; receivers take report (a Report).
report_ready = Signal()
