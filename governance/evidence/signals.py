"""Announcements for the apps above (notifications, issue 21): sent after the write has committed.

evidence_uploaded(sender=EvidenceFile, evidence, record, actor, superseded) and
evidence_downloaded(sender=EvidenceFile, evidence, actor).
"""

from django.dispatch import Signal

evidence_uploaded = Signal()
evidence_downloaded = Signal()
