"""Reads of the inventory, each with a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from governance.teams import permissions as perms

from .consent import UseConsentStatus, purpose_key, use_consent_status
from .models import ConsentRecord, DataSource, DataSourceUse, MLModel, ModelVersion


def models_visible_to(*, user: Any) -> QuerySet[MLModel]:
    qs = MLModel.objects.all()
    if perms.sees_everything(user):
        return qs
    return qs.filter(team_id__in=list(perms.team_roles(user)))


def model_list(*, user: Any) -> QuerySet[MLModel]:
    latest_label = (
        ModelVersion.objects.filter(model=OuterRef("pk"))
        .order_by("-registered_at", "-id")
        .values("label")[:1]
    )
    version_count = (
        ModelVersion.objects.filter(model=OuterRef("pk"))
        .order_by()
        .values("model")
        .annotate(n=Count("id"))
        .values("n")
    )
    # Subqueries rather than a join with GROUP BY, so the database pages by the name index first.
    return (
        models_visible_to(user=user)
        .select_related("team", "owner")
        .annotate(
            version_count=Coalesce(Subquery(version_count), 0),
            latest_version_label=Subquery(latest_label),
            out_of_policy=_out_of_policy(),
        )
        .order_by("name", "id")
    )


def model_get_for_view(*, user: Any, pk: int) -> MLModel:
    model = get_object_or_404(
        MLModel.objects.select_related("team", "owner", "human_oversight_contact"), pk=pk
    )
    if not perms.can_view_team(user, model.team_id):
        raise Http404  # another team's model answers as a missing one: no probing by status code
    return model


def model_get_for_edit(*, user: Any, pk: int) -> MLModel:
    model = model_get_for_view(user=user, pk=pk)
    if not perms.can_edit_team(user, model.team_id):
        raise PermissionDenied(
            gettext("Only contributors and maintainers of the model's team may change it.")
        )
    return model


@dataclass(frozen=True)
class UseRow:
    use: DataSourceUse
    status: UseConsentStatus


def model_data_uses(*, model: MLModel, today: datetime.date | None = None) -> list[UseRow]:
    """The model's data-source uses with their consent status, in three queries."""
    today = today or timezone.localdate()
    uses = (
        DataSourceUse.objects.filter(model=model)
        .select_related("data_source", "version")
        .prefetch_related(Prefetch("data_source__consents", queryset=ConsentRecord.objects.order_by("id")))
        .order_by("data_source__name", "role", "version__label")
    )
    return [
        UseRow(
            use=use,
            status=use_consent_status(
                source=use.data_source,
                purpose=use.purpose,
                consents=use.data_source.consents.all(),
                today=today,
            ),
        )
        for use in uses
    ]


def model_versions(*, model: MLModel) -> QuerySet[ModelVersion]:
    return (
        model.versions.select_related("registered_by")
        .prefetch_related("tags", "aliases")
        .order_by("-registered_at", "-id")
    )


def data_source_list(*, user: Any) -> QuerySet[DataSource]:
    """The shared catalogue; its model counts cover only the models the user may see (another team's use
    of a source is theirs to show)."""
    today = timezone.localdate()
    active = Q(consents__withdrawn_at__isnull=True) & Q(consents__obtained_on__lte=today)
    active &= Q(consents__expires_on__isnull=True) | Q(consents__expires_on__gt=today)
    visible_uses = None
    if not perms.sees_everything(user):
        visible_uses = Q(uses__model__team_id__in=list(perms.team_roles(user)))
    return (
        DataSource.objects.select_related("team", "steward")
        .annotate(
            consent_count=Count("consents", distinct=True),
            active_consent_count=Count("consents", filter=active, distinct=True),
            model_count=Count("uses__model", filter=visible_uses, distinct=True),
        )
        .order_by("name")
    )


def data_sources_of_teams(*, sources: QuerySet[DataSource], user: Any) -> QuerySet[DataSource]:
    """The sources "in your teams": stewarded by one of the user's teams or used by a model the user may
    see (every source for those who see everything). An EXISTS, so a source used twice counts once."""
    if perms.sees_everything(user):
        return sources
    teams = list(perms.team_roles(user))
    used = DataSourceUse.objects.filter(data_source_id=OuterRef("pk"), model__team_id__in=teams)
    return sources.filter(Q(team_id__in=teams) | Exists(used))


def data_source_get(*, pk: int) -> DataSource:
    return get_object_or_404(DataSource.objects.select_related("team", "steward"), pk=pk)


def data_source_consents(*, source: DataSource) -> QuerySet[ConsentRecord]:
    return source.consents.select_related("recorded_by", "withdrawn_by").order_by("-obtained_on", "reference")


def consented_purposes(*, source_ids: Iterable[int] | None = None) -> dict[int, list[str]]:
    """Per consent-based source, the purposes of its consents in force today (one query), for the data-use
    form to offer: a purpose picked from these is covered."""
    today = timezone.localdate()
    consents = ConsentRecord.objects.filter(
        data_source__legal_basis=DataSource.LegalBasis.CONSENT,
        withdrawn_at__isnull=True,
        obtained_on__lte=today,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=today))
    if source_ids is not None:
        consents = consents.filter(data_source_id__in=list(source_ids))
    purposes: dict[int, dict[str, str]] = {}
    for source_id, purpose in consents.order_by("purpose").values_list("data_source_id", "purpose"):
        purposes.setdefault(source_id, {}).setdefault(purpose_key(purpose), purpose)
    return {source_id: list(by_key.values()) for source_id, by_key in purposes.items()}


def use_purpose_status(*, source: DataSource, purpose: str) -> UseConsentStatus:
    """How a use of the source for the purpose would stand today, by the rule pages and checks use."""
    return use_consent_status(
        source=source, purpose=purpose, consents=list(source.consents.all()), today=timezone.localdate()
    )


def data_source_uses(*, user: Any, source: DataSource) -> list[UseRow]:
    """Uses of the source by models the user may see, with each use's consent status."""
    today = timezone.localdate()
    consents = list(source.consents.all())
    uses = (
        DataSourceUse.objects.filter(data_source=source, model__in=models_visible_to(user=user))
        .select_related("model", "model__team", "version")
        .order_by("model__name", "role")
    )
    return [
        UseRow(
            use=u, status=use_consent_status(source=source, purpose=u.purpose, consents=consents, today=today)
        )
        for u in uses
    ]


def model_history(*, model: MLModel, limit: int = 100) -> list[Any]:
    from governance.foundation.history import history_entries

    records = MLModel.history.filter(id=model.pk)
    return history_entries(
        [
            ("Model", records),
            ("Version", ModelVersion.history.filter(model_id=model.pk)),
            ("Data use", DataSourceUse.history.filter(model_id=model.pk)),
            # A consent recorded, changed or withdrawn for a purpose the model uses a source for is part
            # of the model's story: the steward's withdrawal shows on every affected model.
            ("Consent", ConsentRecord.history.filter(id__in=_consent_ids_for_model(model))),
        ],
        limit=limit,
    )


def _consent_ids_for_model(model: MLModel) -> list[int]:
    """Consent records of the sources the model uses whose purpose matches one of its uses (two queries)."""
    uses = list(DataSourceUse.objects.filter(model=model).values_list("data_source_id", "purpose"))
    wanted = {(source_id, purpose_key(purpose)) for source_id, purpose in uses}
    consents = ConsentRecord.objects.filter(data_source_id__in={s for s, _ in uses}).values_list(
        "id", "data_source_id", "purpose"
    )
    return [pk for pk, source_id, purpose in consents if (source_id, purpose_key(purpose)) in wanted]


def data_source_history(*, source: DataSource, limit: int = 100) -> list[Any]:
    from governance.foundation.history import history_entries

    records = DataSource.history.filter(id=source.pk)
    consents = ConsentRecord.history.filter(data_source_id=source.pk)
    return history_entries([("Data source", records), ("Consent", consents)], limit=limit)


def model_use_rows(*, model_ids: list[int], today: datetime.date | None = None) -> dict[int, list[UseRow]]:
    """Every use of the given models with its consent status, keyed by model id: two queries in all.

    Consents are fetched once per source (not once per use) and only for consent-based sources.
    """
    today = today or timezone.localdate()
    uses = list(
        DataSourceUse.objects.filter(model_id__in=model_ids)
        .select_related("data_source")
        .order_by("model_id", "data_source__name", "role", "id")
    )
    consent_uses = [u for u in uses if u.data_source.legal_basis == DataSource.LegalBasis.CONSENT]
    consents: dict[int, list[ConsentRecord]] = {}
    if consent_uses:
        # Purposes are matched in Python by purpose_key (Unicode and spacing rules the database cannot
        # apply alike on SQLite and PostgreSQL); a consent-based source holds a handful of consents.
        wanted = {(u.data_source_id, purpose_key(u.purpose)) for u in consent_uses}
        matching = ConsentRecord.objects.filter(
            data_source_id__in={u.data_source_id for u in consent_uses}
        ).only(*CONSENT_STATE_FIELDS)
        for consent in matching:
            if (consent.data_source_id, purpose_key(consent.purpose)) in wanted:
                consents.setdefault(consent.data_source_id, []).append(consent)
    rows: dict[int, list[UseRow]] = {}
    for use in uses:
        status = use_consent_status(
            source=use.data_source,
            purpose=use.purpose,
            consents=consents.get(use.data_source_id, ()),
            today=today,
        )
        rows.setdefault(use.model_id, []).append(UseRow(use=use, status=status))
    return rows


CONSENT_STATE_FIELDS = (
    "id",
    "data_source_id",
    "reference",
    "purpose",
    "obtained_on",
    "expires_on",
    "withdrawn_at",
)
VERSION_REF_FIELDS = ("id", "model_id", "label", "status", "registered_at", "deployed_at")


# The people on a model are shown by name only: skip their password hashes and login dates.
_PERSON_FIELDS = ("id", "username", "first_name", "last_name")
_MODEL_API_FIELDS = (
    *(f.name for f in MLModel._meta.concrete_fields),
    "team__id",
    "team__name",
    "team__slug",
    *(f"owner__{f}" for f in _PERSON_FIELDS),
    *(f"human_oversight_contact__{f}" for f in _PERSON_FIELDS),
)


def model_api_queryset(*, user: Any) -> QuerySet[MLModel]:
    return (
        models_visible_to(user=user)
        .select_related("team", "owner", "human_oversight_contact")
        .only(*_MODEL_API_FIELDS)
        .annotate(out_of_policy=_out_of_policy())
        .order_by("name", "id")
    )


def _out_of_policy():
    from governance.promotions.flags import out_of_policy_exists

    return out_of_policy_exists()


_latest_version = ModelVersion.objects.filter(model=OuterRef("pk")).order_by("-registered_at", "-id")


def latest_versions(*, models: list[MLModel]) -> dict[int, ModelVersion]:
    """The latest version of each given model, by model id, in one query whatever the page's offset."""
    latest_ids = MLModel.objects.filter(pk__in=[m.pk for m in models]).values(
        latest=Subquery(_latest_version.values("id")[:1])
    )
    versions = ModelVersion.objects.filter(pk__in=latest_ids).only(*VERSION_REF_FIELDS)
    return {v.model_id: v for v in versions}


def versions_visible_to(*, user: Any) -> QuerySet[ModelVersion]:
    return ModelVersion.objects.filter(model__in=models_visible_to(user=user)).select_related(
        "model", "registered_by"
    )
