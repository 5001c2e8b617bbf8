"""Whether a model's use of a data source rests on a lawful basis, and on a valid consent when it needs one.

Pure functions over already-loaded rows, so list pages, checks and reports can judge many uses with the
queries they already made.
"""

from __future__ import annotations

import datetime
import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .models import ConsentRecord, DataSource


@dataclass(frozen=True)
class UseConsentStatus:
    code: str
    label: str
    ok: bool
    consent: ConsentRecord | None = None


@functools.lru_cache(maxsize=4096)  # a handful of purposes recur in every list page and check run
@functools.lru_cache(maxsize=8192)  # pure, and called for every use and consent a page judges
def purpose_key(purpose: str) -> str:
    """The form of a purpose that matching compares: Unicode-normalised (NFKC), case-folded, with every
    whitespace removed. Korean spacing varies for the same words ("신용한도 추천" and "신용 한도 추천"),
    and so do spaces and full-width forms in Latin text; what the words say must decide, not their spacing.
    Coverage, the data-use form's warning and the history all compare purposes through this one function."""
    return "".join(unicodedata.normalize("NFKC", purpose).casefold().split())


def purposes_match(a: str, b: str) -> bool:
    return purpose_key(a) == purpose_key(b)


def use_consent_status(
    *, source: DataSource, purpose: str, consents: Iterable[ConsentRecord], today: datetime.date
) -> UseConsentStatus:
    """Judge one use of a source for a purpose against that source's consent records."""
    basis = source.legal_basis
    if not source.contains_personal_data and basis in ("", DataSource.LegalBasis.NOT_REQUIRED):
        return UseConsentStatus("not_required", "No personal data", True)
    if basis == "":
        return UseConsentStatus("no_basis", "No legal basis recorded", False)
    if basis != DataSource.LegalBasis.CONSENT:
        return UseConsentStatus("other_basis", f"Legal basis: {source.get_legal_basis_display()}", True)

    matching = [c for c in consents if purposes_match(c.purpose, purpose)]
    by_state: dict[str, list[ConsentRecord]] = {}
    for consent in matching:
        by_state.setdefault(consent.state_on(today), []).append(consent)
    if active := by_state.get(ConsentRecord.State.ACTIVE):
        best = max(active, key=lambda c: c.expires_on or datetime.date.max)
        until = f" until {best.expires_on:%Y-%m-%d}" if best.expires_on else ""
        return UseConsentStatus("valid", f"Consent '{best.reference}' valid{until}", True, best)
    if withdrawn := by_state.get(ConsentRecord.State.WITHDRAWN):
        latest = max(withdrawn, key=lambda c: c.withdrawn_at)
        return UseConsentStatus(
            "withdrawn",
            f"Consent '{latest.reference}' withdrawn on {latest.withdrawn_at:%Y-%m-%d}",
            False,
            latest,
        )
    if expired := by_state.get(ConsentRecord.State.EXPIRED):
        latest = max(expired, key=lambda c: c.expires_on)
        return UseConsentStatus(
            "expired", f"Consent '{latest.reference}' expired on {latest.expires_on:%Y-%m-%d}", False, latest
        )
    if pending := by_state.get(ConsentRecord.State.PENDING):
        first = min(pending, key=lambda c: c.obtained_on)
        return UseConsentStatus(
            "pending", f"Consent '{first.reference}' starts on {first.obtained_on:%Y-%m-%d}", False, first
        )
    return UseConsentStatus("missing", f"No consent recorded for purpose '{purpose}'", False)
