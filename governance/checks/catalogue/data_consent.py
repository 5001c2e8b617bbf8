"""Data and consent: every personal-data use rests on a lawful basis and, when that is consent, on a valid
consent for the use's purpose. The consent rule is the inventory's own (governance.inventory.consent)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from governance.inventory.models import DataSource, DataSourceUse, MLModel

from ..data import ChunkData, in_use
from ..registry import Category, Finding, Severity, register
from ._helpers import failed, not_applicable, passed, quoted, warned

VERBS = {
    DataSourceUse.Role.TRAINING: "still trains on it",
    DataSourceUse.Role.EVALUATION: "is still evaluated on it",
    DataSourceUse.Role.SERVING: "still serves from it",
}
PROPOSED_VERBS = {
    DataSourceUse.Role.TRAINING: "is recorded to train on it",
    DataSourceUse.Role.EVALUATION: "is recorded to be evaluated on it",
    DataSourceUse.Role.SERVING: "is recorded to serve from it",
}
INVALID = {"withdrawn", "expired", "pending", "missing"}


def _personal_uses(data: ChunkData, model: MLModel):
    return [row for row in data.use_rows.get(model.pk, []) if row.use.data_source.contains_personal_data]


@register(
    key="data.legal_basis",
    title="Every personal-data source used has a legal basis",
    category=Category.DATA_CONSENT,
    severity=Severity.CRITICAL,
    remediation="Record the GDPR Art. 6 legal basis of the source with its steward, or stop using it.",
)
def legal_basis(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        proposed = model.stage == MLModel.Stage.PROPOSED
        considered = in_use(model) or proposed
        rows = _personal_uses(data, model) if considered else []
        if not rows:
            yield not_applicable(model.pk, "uses no personal data" if considered else "not in use")
            continue
        lacking = sorted({r.use.data_source.name for r in rows if r.use.data_source.legal_basis == ""})
        if lacking and proposed:
            yield warned(
                model.pk,
                f"source {quoted(lacking)} holds personal data but records no legal basis; proposed model "
                f"'{model.name}' is recorded to use it (resolve before development)",
                sources=lacking,
            )
        elif lacking:
            yield failed(
                model.pk,
                f"source {quoted(lacking)} holds personal data but records no legal basis; model "
                f"'{model.name}' uses it",
                sources=lacking,
            )
        else:
            yield passed(model.pk, f"{len(rows)} personal-data use(s), each with a legal basis")


@register(
    key="data.consent_valid",
    title="Every consent-based use is covered by a valid consent",
    category=Category.DATA_CONSENT,
    severity=Severity.CRITICAL,
    remediation="Stop using the data for this purpose, or obtain fresh consent that covers it, then retrain.",
)
def consent_valid(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        rows = [
            r
            for r in data.use_rows.get(model.pk, [])
            if r.use.data_source.legal_basis == DataSource.LegalBasis.CONSENT
        ]
        # A proposed model's recorded uses are plans to use the data: an invalid consent is flagged as a
        # warning there (a failure once the model is in use); a retired model no longer uses it.
        proposed = model.stage == MLModel.Stage.PROPOSED
        if not (in_use(model) or proposed) or not rows:
            yield not_applicable(
                model.pk, "no consent-based data use" if in_use(model) or proposed else "not in use"
            )
            continue
        problems, evidence = [], []
        for row in rows:
            if row.status.code not in INVALID:
                continue
            source, consent = row.use.data_source.name, row.status.consent
            verb = PROPOSED_VERBS[row.use.role] if proposed else VERBS[row.use.role]
            ref = f"consent '{consent.reference}' for source '{source}'" if consent else ""
            if row.status.code == "withdrawn":
                what = f"{ref} was withdrawn on {consent.withdrawn_at:%Y-%m-%d}"
            elif row.status.code == "expired":
                what = f"{ref} expired on {consent.expires_on:%Y-%m-%d}"
            elif row.status.code == "pending":
                what = f"{ref} starts only on {consent.obtained_on:%Y-%m-%d}"
            else:
                what = f"no consent for purpose '{row.use.purpose}' is recorded for source '{source}'"
            problems.append(f"{what}; model '{model.name}' {verb}")
            evidence.append(
                {
                    "source": source,
                    "purpose": row.use.purpose,
                    "state": row.status.code,
                    "consent": consent.reference if consent else None,
                }
            )
        if problems and proposed:
            detail = "; ".join(problems)
            yield warned(model.pk, f"{detail} (proposed model: resolve before development)", uses=evidence)
        elif problems:
            yield failed(model.pk, "; ".join(problems), uses=evidence)
        else:
            yield passed(model.pk, "; ".join(f"'{r.use.data_source.name}': {r.status.label}" for r in rows))


@register(
    key="data.consent_expiring",
    title="No consent relied on expires within the warning window",
    category=Category.DATA_CONSENT,
    severity=Severity.MEDIUM,
    remediation="Renew the consent before it expires, or plan to stop using the data for this purpose.",
)
def consent_expiring(data: ChunkData) -> Iterator[Finding]:
    horizon = data.today + datetime.timedelta(days=data.policy.consent_warning_days)
    for model in data.models:
        valid = [r for r in data.use_rows.get(model.pk, []) if r.status.code == "valid" and r.status.consent]
        if not in_use(model) or not valid:
            yield not_applicable(model.pk, "relies on no consent" if in_use(model) else "not in use")
            continue
        soon = [
            r
            for r in valid
            if r.status.consent.expires_on is not None and r.status.consent.expires_on <= horizon
        ]
        if soon:
            parts = [
                f"consent '{r.status.consent.reference}' for source '{r.use.data_source.name}' expires on "
                f"{r.status.consent.expires_on:%Y-%m-%d}"
                for r in soon
            ]
            yield warned(
                model.pk,
                f"{'; '.join(parts)}; model '{model.name}' relies on it",
                consents=[r.status.consent.reference for r in soon],
            )
        else:
            yield passed(model.pk, f"no consent it relies on expires before {horizon:%Y-%m-%d}")


@register(
    key="data.retention",
    title="Personal-data sources used have a retention period",
    category=Category.DATA_CONSENT,
    severity=Severity.MEDIUM,
    remediation="Ask the source's steward to record how long records are kept.",
)
def retention(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        rows = _personal_uses(data, model) if in_use(model) else []
        if not rows:
            yield not_applicable(model.pk, "uses no personal data" if in_use(model) else "not in use")
            continue
        lacking = sorted({r.use.data_source.name for r in rows if r.use.data_source.retention_days is None})
        if lacking:
            yield failed(
                model.pk,
                f"personal-data source {quoted(lacking)} used by '{model.name}' has no retention period",
                sources=lacking,
            )
        else:
            yield passed(model.pk, "every personal-data source used has a retention period")


@register(
    key="data.training_sources",
    title="Production version records its training data sources",
    category=Category.DATA_CONSENT,
    severity=Severity.HIGH,
    remediation="Link the data sources the version was trained on, with the purpose of the use.",
)
def training_sources(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        if model.stage != MLModel.Stage.PRODUCTION:
            yield not_applicable(model.pk, "only production models")
            continue
        version = data.current_versions.get(model.pk)
        version_id = version.pk if version else None
        sources = sorted(
            {
                r.use.data_source.name
                for r in data.use_rows.get(model.pk, [])
                if r.use.role == DataSourceUse.Role.TRAINING and r.use.version_id in (None, version_id)
            }
        )
        label = f"version '{version.label}'" if version else "no registered version"
        if sources:
            yield passed(model.pk, f"{label} trained on {quoted(sources)}", sources=sources)
        else:
            yield failed(
                model.pk, f"production model '{model.name}' ({label}) records no training data source"
            )
