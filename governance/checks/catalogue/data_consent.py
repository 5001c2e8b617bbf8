"""Data and consent: every personal-data use rests on a lawful basis and, when that is consent, on a valid
consent for the use's purpose. The consent rule is the inventory's own (governance.inventory.consent)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from governance.inventory.models import DataSource, DataSourceUse, MLModel

from ..data import ChunkData, in_use
from ..messages import Texts
from ..registry import Category, Finding, Severity, register
from ._helpers import COMMON, failed, not_applicable, passed, quoted, warned

T = Texts(
    "data",
    {
        "verb_training": ("still trains on it", "여전히 이 데이터로 학습합니다"),
        "verb_evaluation": ("is still evaluated on it", "여전히 이 데이터로 평가됩니다"),
        "verb_serving": ("still serves from it", "여전히 이 데이터로 서빙합니다"),
        "proposed_training": ("is recorded to train on it", "이 데이터로 학습하도록 기록되어 있습니다"),
        "proposed_evaluation": (
            "is recorded to be evaluated on it",
            "이 데이터로 평가되도록 기록되어 있습니다",
        ),
        "proposed_serving": ("is recorded to serve from it", "이 데이터로 서빙하도록 기록되어 있습니다"),
        "no_personal": ("uses no personal data", "개인정보를 사용하지 않음"),
        "no_basis_proposed": (
            "source {sources} holds personal data but records no legal basis; proposed model '{name}' is "
            "recorded to use it (resolve before development)",
            "데이터 소스 {sources}에 개인정보가 있지만 법적 근거가 기록되어 있지 않습니다. 제안 단계 모델 "
            "'{name}'이(가) "
            "이를 사용하도록 기록되어 있습니다(개발 전에 해결 필요)",
        ),
        "no_basis": (
            "source {sources} holds personal data but records no legal basis; model '{name}' uses it",
            "데이터 소스 {sources}에 개인정보가 있지만 법적 근거가 기록되어 있지 않습니다. 모델 "
            "'{name}'이(가) 이를 "
            "사용합니다",
        ),
        "bases_ok": (
            "{count} personal-data use(s), each with a legal basis",
            "개인정보 사용 {count}건, 모두 법적 근거가 있습니다",
        ),
        "no_consent_use": ("no consent-based data use", "동의에 근거한 데이터 사용 없음"),
        "withdrawn": (
            "consent '{ref}' for source '{source}' was withdrawn on {day}",
            "데이터 소스 '{source}'에 대한 동의 '{ref}'이(가) {day}에 철회되었습니다",
        ),
        "expired": (
            "consent '{ref}' for source '{source}' expired on {day}",
            "데이터 소스 '{source}'에 대한 동의 '{ref}'이(가) {day}에 만료되었습니다",
        ),
        "pending": (
            "consent '{ref}' for source '{source}' starts only on {day}",
            "데이터 소스 '{source}'에 대한 동의 '{ref}'은(는) {day}부터 유효합니다",
        ),
        "missing": (
            "no consent for purpose '{purpose}' is recorded for source '{source}'",
            "데이터 소스 '{source}'에 이용 목적 '{purpose}'에 대한 동의가 기록되어 있지 않습니다",
        ),
        "problem": ("{what}; model '{name}' {verb}", "{what}. 그런데 모델 '{name}'은(는) {verb}"),
        "problems_proposed": (
            "{problems} (proposed model: resolve before development)",
            "{problems} (제안 단계 모델: 개발 전에 해결 필요)",
        ),
        "problems": ("{problems}", "{problems}"),
        "row_status": ("'{source}': {label}", "'{source}': {label}"),
        "row_valid": ("'{source}': Consent '{ref}' valid{until}", "'{source}': 동의 '{ref}' 유효{until}"),
        "until": (" until {day}", " ({day}까지)"),
        "statuses": ("{rows}", "{rows}"),
        "relies_on_none": ("relies on no consent", "의존하는 동의 없음"),
        "expires_on": (
            "consent '{ref}' for source '{source}' expires on {day}",
            "데이터 소스 '{source}'에 대한 동의 '{ref}'이(가) {day}에 만료됩니다",
        ),
        "expiring": (
            "{parts}; model '{name}' relies on it",
            "{parts}. 모델 '{name}'이(가) 이 동의에 의존합니다",
        ),
        "none_expiring": (
            "no consent it relies on expires before {day}",
            "의존하는 동의 중 {day} 이전에 만료되는 것이 없습니다",
        ),
        "no_retention": (
            "personal-data source {sources} used by '{name}' has no retention period",
            "'{name}'이(가) 사용하는 개인정보 데이터 소스 {sources}에 보유 기간이 없습니다",
        ),
        "retention_ok": (
            "every personal-data source used has a retention period",
            "사용하는 모든 개인정보 데이터 소스에 보유 기간이 있습니다",
        ),
        "version": ("version '{version}'", "버전 '{version}'"),
        "no_version": ("no registered version", "등록된 버전 없음"),
        "trained_on": ("{label} trained on {sources}", "{label}의 학습 데이터: {sources}"),
        "no_training_source": (
            "production model '{name}' ({label}) records no training data source",
            "운영 모델 '{name}'({label})에 기록된 학습 데이터 소스가 없습니다",
        ),
    },
)

VERBS = {
    DataSourceUse.Role.TRAINING: "verb_training",
    DataSourceUse.Role.EVALUATION: "verb_evaluation",
    DataSourceUse.Role.SERVING: "verb_serving",
}
PROPOSED_VERBS = {
    DataSourceUse.Role.TRAINING: "proposed_training",
    DataSourceUse.Role.EVALUATION: "proposed_evaluation",
    DataSourceUse.Role.SERVING: "proposed_serving",
}
INVALID = {"withdrawn", "expired", "pending", "missing"}


def _personal_uses(data: ChunkData, model: MLModel):
    return [row for row in data.use_rows.get(model.pk, []) if row.use.data_source.contains_personal_data]


@register(
    key="data.legal_basis",
    title="Every personal-data source used has a legal basis",
    title_ko="사용하는 모든 개인정보 데이터 소스에 법적 근거가 있음",
    category=Category.DATA_CONSENT,
    severity=Severity.CRITICAL,
    remediation="Record the GDPR Art. 6 legal basis of the source with its steward, or stop using it.",
    remediation_ko="데이터 스튜어드와 함께 데이터 소스의 GDPR 제6조 법적 근거를 기록하거나 사용을 "
    "중단하십시오.",
)
def legal_basis(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        proposed = model.stage == MLModel.Stage.PROPOSED
        considered = in_use(model) or proposed
        rows = _personal_uses(data, model) if considered else []
        if not rows:
            yield not_applicable(model.pk, T("no_personal") if considered else COMMON("not_in_use"))
            continue
        lacking = sorted({r.use.data_source.name for r in rows if r.use.data_source.legal_basis == ""})
        if lacking and proposed:
            yield warned(
                model.pk,
                T("no_basis_proposed", sources=quoted(lacking), name=model.name),
                sources=lacking,
            )
        elif lacking:
            yield failed(
                model.pk,
                T("no_basis", sources=quoted(lacking), name=model.name),
                sources=lacking,
            )
        else:
            yield passed(model.pk, T("bases_ok", count=len(rows)))


@register(
    key="data.consent_valid",
    title="Every consent-based use is covered by a valid consent",
    title_ko="동의에 근거한 모든 사용이 유효한 동의로 뒷받침됨",
    category=Category.DATA_CONSENT,
    severity=Severity.CRITICAL,
    remediation="Stop using the data for this purpose, or obtain fresh consent that covers it, then retrain.",
    remediation_ko="이 이용 목적으로 데이터를 사용하는 것을 중단하거나, 이를 포함하는 새 동의를 받은 뒤 "
    "재학습하십시오.",
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
                model.pk, T("no_consent_use") if in_use(model) or proposed else COMMON("not_in_use")
            )
            continue
        problems, evidence = [], []
        for row in rows:
            if row.status.code not in INVALID:
                continue
            source, consent = row.use.data_source.name, row.status.consent
            verb = PROPOSED_VERBS[row.use.role] if proposed else VERBS[row.use.role]
            if row.status.code == "withdrawn":
                what = T(
                    "withdrawn", ref=consent.reference, source=source, day=f"{consent.withdrawn_at:%Y-%m-%d}"
                )
            elif row.status.code == "expired":
                what = T(
                    "expired", ref=consent.reference, source=source, day=f"{consent.expires_on:%Y-%m-%d}"
                )
            elif row.status.code == "pending":
                what = T(
                    "pending", ref=consent.reference, source=source, day=f"{consent.obtained_on:%Y-%m-%d}"
                )
            else:
                what = T("missing", purpose=row.use.purpose, source=source)
            problems.append(T("problem", what=what, name=model.name, verb=T(verb)))
            evidence.append(
                {
                    "source": source,
                    "purpose": row.use.purpose,
                    "state": row.status.code,
                    "consent": consent.reference if consent else None,
                }
            )
        if problems and proposed:
            yield warned(model.pk, T("problems_proposed", problems=problems), uses=evidence)
        elif problems:
            yield failed(model.pk, T("problems", problems=problems), uses=evidence)
        else:
            yield passed(model.pk, T("statuses", rows=[_status(r) for r in rows]))


@register(
    key="data.consent_expiring",
    title="No consent relied on expires within the warning window",
    title_ko="경고 기간 안에 만료되는 의존 동의가 없음",
    category=Category.DATA_CONSENT,
    severity=Severity.MEDIUM,
    remediation="Renew the consent before it expires, or plan to stop using the data for this purpose.",
    remediation_ko="동의가 만료되기 전에 갱신하거나, 이 이용 목적으로 데이터 사용을 중단할 계획을 "
    "세우십시오.",
)
def consent_expiring(data: ChunkData) -> Iterator[Finding]:
    horizon = data.today + datetime.timedelta(days=data.policy.consent_warning_days)
    for model in data.models:
        valid = [r for r in data.use_rows.get(model.pk, []) if r.status.code == "valid" and r.status.consent]
        if not in_use(model) or not valid:
            yield not_applicable(model.pk, T("relies_on_none") if in_use(model) else COMMON("not_in_use"))
            continue
        soon = [
            r
            for r in valid
            if r.status.consent.expires_on is not None and r.status.consent.expires_on <= horizon
        ]
        if soon:
            parts = [
                T(
                    "expires_on",
                    ref=r.status.consent.reference,
                    source=r.use.data_source.name,
                    day=f"{r.status.consent.expires_on:%Y-%m-%d}",
                )
                for r in soon
            ]
            yield warned(
                model.pk,
                T("expiring", parts=parts, name=model.name),
                consents=[r.status.consent.reference for r in soon],
            )
        else:
            yield passed(model.pk, T("none_expiring", day=f"{horizon:%Y-%m-%d}"))


@register(
    key="data.retention",
    title="Personal-data sources used have a retention period",
    title_ko="사용하는 개인정보 데이터 소스에 보유 기간이 있음",
    category=Category.DATA_CONSENT,
    severity=Severity.MEDIUM,
    remediation="Ask the source's steward to record how long records are kept.",
    remediation_ko="데이터 소스 관리자에게 기록의 보유 기간을 기록해 달라고 요청하십시오.",
)
def retention(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        rows = _personal_uses(data, model) if in_use(model) else []
        if not rows:
            yield not_applicable(model.pk, T("no_personal") if in_use(model) else COMMON("not_in_use"))
            continue
        lacking = sorted({r.use.data_source.name for r in rows if r.use.data_source.retention_days is None})
        if lacking:
            yield failed(
                model.pk,
                T("no_retention", sources=quoted(lacking), name=model.name),
                sources=lacking,
            )
        else:
            yield passed(model.pk, T("retention_ok"))


@register(
    key="data.training_sources",
    title="Production version records its training data sources",
    title_ko="운영 버전에 학습 데이터 소스가 기록됨",
    category=Category.DATA_CONSENT,
    severity=Severity.HIGH,
    remediation="Link the data sources the version was trained on, with the purpose of the use.",
    remediation_ko="버전을 학습한 데이터 소스를 이용 목적과 함께 연결하십시오.",
)
def training_sources(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        if model.stage != MLModel.Stage.PRODUCTION:
            yield not_applicable(model.pk, COMMON("only_production"))
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
        label = T("version", version=version.label) if version else T("no_version")
        if sources:
            yield passed(model.pk, T("trained_on", label=label, sources=quoted(sources)), sources=sources)
        else:
            yield failed(model.pk, T("no_training_source", name=model.name, label=label))


def _status(row: Any) -> Any:
    """A use's consent status as 'source': status, in both languages for a valid consent."""
    status, source = row.status, row.use.data_source.name
    if status.code == "valid" and status.consent is not None:
        expires = status.consent.expires_on
        until = T("until", day=f"{expires:%Y-%m-%d}") if expires else ""
        return T("row_valid", source=source, ref=status.consent.reference, until=until)
    return T("row_status", source=source, label=status.label)
