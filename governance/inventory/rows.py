"""The API's model rows, built by the database in one query (issue 24).

A profile of the models list spent its time turning rows into ORM instances (uses, consents, risks, versions)
and in DRF's field serialisation, not in SQL: here PostgreSQL (or SQLite) builds each row as one JSON object,
nested parts included, orjson parses it, and Python adds only what the database cannot judge alike on both
backends: each use's consent status (purpose matching by `purpose_key`) and the time zone of the timestamps.

Apps above the inventory add their own parts to the row without the inventory importing them: the risk
register its highest residual risk, the promotion gate the environments, the regulation app the
classification (`register_row_column`, called from their AppConfig.ready).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import connection
from django.db.models import Expression, F, OuterRef, QuerySet
from django.utils import timezone, translation

from governance.foundation.freshness import LocalTableCache
from governance.foundation.sql_ids import IdsQuery, ids_mark
from governance.foundation.sql_json import JSONObject, json_array, json_first, json_mapping, json_text

from .consent import purpose_key, use_consent_status
from .models import ConsentRecord, DataSource, DataSourceUse, MLModel, ModelVersion
from .selectors import CONSENT_STATE_FIELDS
from .services.rules import MODEL_INPUT_FIELDS
from .tags import ModelTag, VersionAlias

# The model card: every input field from the purpose on; in the detail only (a 100-row page stays small).
CARD_FIELDS = MODEL_INPUT_FIELDS[MODEL_INPUT_FIELDS.index("purpose") :]
PLAIN_FIELDS = ("id", "name", "stage", "business_criticality", "ai_act_tier")


@dataclass(frozen=True)
class RowColumn:
    expression: Callable[[], Expression]  # a JSON expression correlated to the model (OuterRef("pk"))
    finish: Callable[[Any], Any] | None = None  # turns the parsed JSON into the API's value


_COLUMNS: dict[str, RowColumn] = {}


def register_row_column(name: str, expression: Callable[[], Expression], finish=None) -> None:
    _COLUMNS[name] = RowColumn(expression, finish)


def _person(prefix: str) -> JSONObject:
    return JSONObject(
        id=F(f"{prefix}__id"),
        username=F(f"{prefix}__username"),
        first_name=F(f"{prefix}__first_name"),
        last_name=F(f"{prefix}__last_name"),
    )


def _columns(*, detail: bool) -> dict[str, Expression]:
    columns = {
        **{name: F(name) for name in PLAIN_FIELDS},
        **({name: F(name) for name in CARD_FIELDS} if detail else {}),
        "team": JSONObject(id=F("team__id"), name=F("team__name"), slug=F("team__slug")),
        "owner": _person("owner"),
        "human_oversight_contact": _person("human_oversight_contact"),
        "latest_version": json_first(
            ModelVersion.objects.filter(model=OuterRef("pk")).order_by("-registered_at", "-id"),
            id=F("id"),
            label=F("label"),
            status=F("status"),
            registered_at=F("registered_at"),
            deployed_at=F("deployed_at"),
        ),
        "data_sources": json_array(
            DataSourceUse.objects.all(),
            link="model",
            use_id=F("id"),
            data_source_id=F("data_source_id"),
            name=F("data_source__name"),
            role=F("role"),
            purpose=F("purpose"),
            version_id=F("version_id"),
            contains_personal_data=F("data_source__contains_personal_data"),
            legal_basis=F("data_source__legal_basis"),
        ),
        "tags": json_mapping(ModelTag.objects.all(), link="model", key="key", value=F("value")),
        "aliases": json_mapping(
            VersionAlias.objects.all(),
            link="model",
            key="name",
            value=JSONObject(version_id=F("version_id"), label=F("version__label")),
        ),
        "created_at": F("created_at"),
        "updated_at": F("updated_at"),
    }
    columns.update({name: column.expression() for name, column in _COLUMNS.items()})
    return columns


def model_rows(*, models: QuerySet[MLModel] | Iterable[int], order_by: Iterable[str], detail: bool = False):
    """The API rows of the given models (a queryset, sliced or not, or a list of ids), in `order_by` order
    (which the ids must already follow): one query for a queryset's ids, one for the rows whatever the
    number of their uses, versions, tags and risks, plus one for the consents when a row uses a
    consent-based source. Rows and consents read since the last write to their tables come from this
    process's cache instead (`_from_cache`); the finishing (consent status on today's date, time
    zone, language) is done once per day, time zone and language."""
    ids = list(models.values_list("pk", flat=True)) if isinstance(models, QuerySet) else list(models)
    query = _rows_query(detail=detail, order_by=tuple(order_by))
    today = timezone.localdate()
    cached = _cache(query).current()
    if cached is not None:
        return _from_cache(query, ids, cached, today=today)
    rows = [orjson.loads(text) for (text,) in query.fetchall(ids)]
    _Finisher(today=today, consents=_consents(rows, None)).finish(rows)
    return rows


def _from_cache(query: IdsQuery, ids: list[int], cached: dict, *, today: datetime.date) -> list[dict]:
    """The rows in the order of `ids` (a model gone is left out). A finished row is kept for the day, time
    zone and language it was finished in; the database's rows and consents for any other."""
    context = (today, timezone.get_current_timezone_name(), translation.get_language())
    done = {pk: cached.get(("finished", pk, context)) for pk in dict.fromkeys(ids)}
    rows = {pk: orjson.loads(text) for pk, text in done.items() if text is not None}
    if todo := [pk for pk, text in done.items() if text is None]:
        fresh = {}
        for (text,) in query.fetchall([pk for pk in todo if ("row", pk) not in cached]):
            row = orjson.loads(text)
            cached["row", row["id"]] = text
            fresh[row["id"]] = row
        unfinished = [
            fresh.get(pk) or orjson.loads(cached["row", pk]) for pk in todo if ("row", pk) in cached
        ]
        _Finisher(today=today, consents=_consents(unfinished, cached)).finish(unfinished)
        for row in unfinished:  # the cache keeps bytes: what is handed out is never shared
            cached["finished", row["id"], context] = orjson.dumps(row, default=str)
            rows[row["id"]] = row
    return [rows[pk] for pk in done if pk in rows]


_CACHES: dict[str, LocalTableCache] = {}


def _cache(query: IdsQuery) -> LocalTableCache:
    """One per rows query, watching the tables it and the consents query read."""
    if query.name not in _CACHES:
        _CACHES[query.name] = LocalTableCache(
            tables=query.tables | _consents_query().tables, max_entries=40_000
        )
    return _CACHES[query.name]


_QUERIES: dict[tuple, IdsQuery] = {}


def _rows_query(*, detail: bool, order_by: tuple[str, ...]) -> IdsQuery:
    """Compiled once per process and shape (foundation/sql_ids.py)."""
    key = ("rows", detail, order_by, connection.vendor, tuple(_COLUMNS))
    if key not in _QUERIES:
        _QUERIES[key] = IdsQuery.compile(
            MLModel.objects.filter(pk__in=ids_mark())
            .order_by(*order_by)
            .values_list(json_text(**_columns(detail=detail)), flat=True)
        )
    return _QUERIES[key]


def _consents_query() -> IdsQuery:
    key = ("consents", connection.vendor)
    if key not in _QUERIES:
        _QUERIES[key] = IdsQuery.compile(
            ConsentRecord.objects.filter(data_source_id__in=ids_mark())
            .order_by("id")
            .values_list(*CONSENT_STATE_FIELDS)
        )
    return _QUERIES[key]


def _consents(rows: list[dict], cached: dict | None) -> dict[int, list[_Consent]]:
    """The consent records that can decide the rows' consent-based uses (same source, same purpose by
    `purpose_key`), in id order: one query of plain tuples for the sources not cached, none without such a
    use. (Nested in the rows' JSON they cost more than this query: a subplan per use.)"""
    wanted = {
        (use["data_source_id"], purpose_key(use["purpose"]))
        for row in rows
        for use in row["data_sources"]
        if use["legal_basis"] == DataSource.LegalBasis.CONSENT
    }
    found: dict[int, list[_Consent]] = {}
    if not wanted:
        return found
    sources = sorted({source for source, _ in wanted})
    known = {} if cached is None else {s: cached["consents", s] for s in sources if ("consents", s) in cached}
    if missing := [source for source in sources if source not in known]:
        read = _consents_by_purpose(missing)
        if cached is not None:
            cached.update({("consents", source): by_purpose for source, by_purpose in read.items()})
        known |= read
    for source, key in wanted:
        if records := known[source].get(key):
            found.setdefault(source, []).extend(_Consent(*values) for values in records)
    for records in found.values():
        records.sort(key=lambda consent: consent.id)
    return found


def _consents_by_purpose(sources: list[int]) -> dict[int, dict[str, list[tuple]]]:
    """Each source's consent records (CONSENT_STATE_FIELDS tuples) by `purpose_key`, an empty mapping for a
    source with none; records become _Consent only when a use matches them."""
    read: dict[int, dict[str, list[tuple]]] = {source: {} for source in sources}
    for values in _consents_query().fetchall(sources):
        read[values[_SOURCE_AT]].setdefault(purpose_key(values[_PURPOSE_AT]), []).append(values)
    return read


_SOURCE_AT = CONSENT_STATE_FIELDS.index("data_source_id")
_PURPOSE_AT = CONSENT_STATE_FIELDS.index("purpose")


@dataclass(frozen=True, slots=True)
class _Consent:
    """A consent's state fields, judged by ConsentRecord's own rule, without a model instance each."""

    id: int
    data_source_id: int
    reference: str
    purpose: str
    obtained_on: datetime.date
    expires_on: datetime.date | None
    withdrawn_at: datetime.datetime | None

    State = ConsentRecord.State
    state_on = ConsentRecord.state_on

    @property
    def pk(self) -> int:
        return self.id


if tuple(_Consent.__dataclass_fields__) != CONSENT_STATE_FIELDS:  # _Consent(*values) takes the query's tuples
    raise ImportError("_Consent's fields must be CONSENT_STATE_FIELDS, in that order.")


@dataclass(frozen=True)
class _Source:
    """What judging a use needs of its source, without a model instance per use."""

    legal_basis: str
    contains_personal_data: bool

    def get_legal_basis_display(self) -> str:
        key = (self.legal_basis, translation.get_language())
        if key not in _BASIS_LABELS:
            _BASIS_LABELS[key] = str(DataSource.LegalBasis(self.legal_basis).label)
        return _BASIS_LABELS[key]


_BASIS_LABELS: dict[tuple[str, str | None], str] = {}  # (legal basis, language) -> label


class _Finisher:
    """What the database leaves to Python: consent status per use, user names, time zones, flags."""

    def __init__(self, *, today: datetime.date, consents: dict[int, list[_Consent]]) -> None:
        self.today = today
        self.consents = consents
        self.zone = timezone.get_current_timezone()
        self.utc = str(self.zone) in {"UTC", "Etc/UTC"}
        self._statuses: dict[tuple, dict] = {}

    def finish(self, rows: list[dict]) -> None:
        for row in rows:
            row["owner"] = self.person(row["owner"])
            row["human_oversight_contact"] = self.person(row["human_oversight_contact"])
            if latest := row["latest_version"]:
                latest["registered_at"] = self.when(latest["registered_at"])
                latest["deployed_at"] = self.when(latest["deployed_at"])
            row["data_sources"] = sorted(
                (self.use(u) for u in row["data_sources"]), key=lambda u: (u["name"], u["role"], u["use_id"])
            )
            row["aliases"] = dict(sorted(row["aliases"].items()))
            row["tags"] = dict(sorted(row["tags"].items()))
            row["created_at"] = self.when(row["created_at"])
            row["updated_at"] = self.when(row["updated_at"])
            for name, column in _COLUMNS.items():
                if column.finish is not None:
                    row[name] = column.finish(row[name], self)

    @staticmethod
    def person(value: dict | None) -> dict | None:
        if not value or value["id"] is None:
            return None
        full = f"{value['first_name']} {value['last_name']}".strip()
        return {"id": value["id"], "username": value["username"], "name": full or value["username"]}

    def when(self, value: str | None) -> str | None:
        """As DRF's DateTimeField renders it: in the current time zone, UTC as Z."""
        if value is None:
            return None
        if self.utc and value.endswith("+00:00"):  # PostgreSQL's UTC text: only its fraction differs
            head = value[:-6]
            dot = head.find(".", 19)
            return (head + "0" * (26 - len(head)) if dot == 19 else head) + "Z"
        moment = datetime.datetime.fromisoformat(value)
        if moment.tzinfo is None:  # SQLite keeps UTC without an offset
            moment = moment.replace(tzinfo=datetime.UTC)
        text = moment.astimezone(self.zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    def use(self, use: dict) -> dict:
        use["contains_personal_data"] = personal = bool(use["contains_personal_data"])
        basis = use["legal_basis"]
        # Only a consent-based use depends on its source's consents and its purpose.
        if basis == DataSource.LegalBasis.CONSENT:
            key = (basis, use["data_source_id"], use["purpose"])
        else:
            key = (basis, personal)
        if key not in self._statuses:
            source = _Source(basis, personal)
            status = use_consent_status(
                source=source,
                purpose=use["purpose"],
                consents=self.consents.get(use["data_source_id"], ()),
                today=self.today,
            )
            self._statuses[key] = {
                "code": status.code,
                "label": status.label,
                "ok": status.ok,
                "consent_id": status.consent.pk if status.consent else None,
            }
        use["consent_status"] = self._statuses[key]
        return use
