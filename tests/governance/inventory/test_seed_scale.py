"""seed_scale: exact sizes, the data set's invariants, refusal to run twice, and a clean --reset."""

from __future__ import annotations

import io
from collections import defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from governance.inventory.consent import use_consent_status
from governance.inventory.models import (
    ConsentRecord,
    DataSource,
    DataSourceUse,
    Membership,
    MLModel,
    ModelVersion,
    Team,
)
from tests.factories import MembershipFactory, MLModelFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

# --scale 0.04 of org-10k: 50 teams, 500 users, 10,000 models x 3 versions, 2,000 sources, 5,000 consents.
SCALE = 0.04
EXPECTED = {"teams": 2, "users": 20, "models": 400, "versions": 1200, "sources": 80, "consents": 200}
EDITOR_ROLES = {Membership.Role.CONTRIBUTOR, Membership.Role.MAINTAINER}
ALL_MODELS = (
    Team,
    get_user_model(),
    Membership,
    MLModel,
    ModelVersion,
    DataSource,
    ConsentRecord,
    DataSourceUse,
)


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_scale", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "teams": Team.objects.filter(slug__startswith="scale-team-").count(),
        "users": get_user_model().objects.filter(username__startswith="scale-user-").count(),
        "models": MLModel.objects.filter(team__slug__startswith="scale-team-").count(),
        "versions": ModelVersion.objects.filter(model__team__slug__startswith="scale-team-").count(),
        "sources": DataSource.objects.filter(name__startswith="scale-source-").count(),
        "consents": ConsentRecord.objects.filter(data_source__name__startswith="scale-source-").count(),
    }


def table_sizes() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def model_fingerprint() -> list[tuple]:
    return list(
        MLModel.objects.filter(team__slug__startswith="scale-team-")
        .order_by("name")
        .values_list("name", "team__slug", "owner__username", "stage", "ai_act_tier")
    )


def test_sizes_follow_the_options_exactly():
    output = seed(teams=3, users=12, models=30, versions_per_model=2, sources=10, consents=15)
    assert counts() == {"teams": 3, "users": 12, "models": 30, "versions": 60, "sources": 10, "consents": 15}
    assert "versions" in output and "Scale data ready" in output


def test_scaled_org_keeps_its_invariants():
    seed(scale=SCALE)
    assert counts() == EXPECTED
    uses = DataSourceUse.objects.select_related("data_source")
    assert EXPECTED["models"] <= uses.count() <= 3 * EXPECTED["models"]

    editors = set(Membership.objects.filter(role__in=EDITOR_ROLES).values_list("user_id", "team_id"))
    for owner, team in MLModel.objects.values_list("owner_id", "team_id"):
        assert (owner, team) in editors
    for registrar, team in ModelVersion.objects.values_list("registered_by_id", "model__team_id"):
        assert (registrar, team) in editors
    for team in Team.objects.annotate(
        maintainers=Count("memberships", filter=Q(memberships__role="maintainer")),
        contributors=Count("memberships", filter=Q(memberships__role="contributor")),
    ):
        assert team.maintainers >= 1 and team.contributors >= 2, team.slug

    per_model = ModelVersion.objects.values("model_id", "label").annotate(n=Count("id"))
    assert all(row["n"] == 1 for row in per_model)
    stages = set(MLModel.objects.values_list("stage", flat=True))
    assert stages == set(MLModel.Stage.values)
    assert ModelVersion.objects.filter(deployed_at__isnull=False).exists()

    consents = list(ConsentRecord.objects.all())
    assert all(c.expires_on > c.obtained_on for c in consents if c.expires_on is not None)
    today = timezone.localdate()
    states = {c.state_on(today) for c in consents}
    assert {"active", "expired", "withdrawn"} <= states
    assert all(
        c.data_source.legal_basis == "consent" for c in ConsentRecord.objects.select_related("data_source")
    )

    by_source = defaultdict(list)
    for consent in consents:
        by_source[consent.data_source_id].append(consent)
    verdicts = [
        use_consent_status(
            source=use.data_source, purpose=use.purpose, consents=by_source[use.data_source_id], today=today
        ).ok
        for use in uses
        if use.data_source.legal_basis == DataSource.LegalBasis.CONSENT
    ]
    assert sum(verdicts) > len(verdicts) / 2, "most consent-based uses should be covered"
    assert not all(verdicts), "some consent-based uses should not be covered"


def test_second_run_refuses_and_writes_nothing_then_reset_rebuilds_only_scale_rows():
    team = TeamFactory(name="Real Team", slug="real-team")
    owner = UserFactory(username="real.owner")
    MembershipFactory(user=owner, team=team, role=Membership.Role.MAINTAINER)
    real_model = MLModelFactory(team=team, owner=owner, name="real-model")

    seed(scale=SCALE)
    before, fingerprint = table_sizes(), model_fingerprint()

    with pytest.raises(CommandError, match="--reset"):
        seed(scale=SCALE)
    assert table_sizes() == before

    output = seed(scale=SCALE, reset=True)
    assert "rows deleted" in output
    assert counts() == EXPECTED
    assert table_sizes() == before
    assert model_fingerprint() == fingerprint, "the same seed builds the same organisation"
    assert MLModel.objects.filter(pk=real_model.pk, owner=owner).exists()
    assert Membership.objects.filter(user=owner, team=team).exists()


def test_negative_sizes_and_too_few_users_are_refused():
    with pytest.raises(CommandError, match="negative"):
        seed(models=-1)
    with pytest.raises(CommandError, match="one user a team"):
        seed(teams=5, users=2)
    assert counts() == dict.fromkeys(EXPECTED, 0)
