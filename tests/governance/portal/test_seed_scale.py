"""seed_scale: exact sizes, the data set's invariants, refusal to run twice, and a clean --reset."""

from __future__ import annotations

import datetime
import io
from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from assessments.models import Answer, Assessment, Framework
from assessments.selectors import assessment_result, framework_spec
from governance.checks.models import CheckResult, CheckRun, ModelCheckStatus
from governance.inventory.consent import use_consent_status
from governance.inventory.models import ConsentRecord, DataSource, DataSourceUse, MLModel, ModelVersion
from governance.risks.matrix import level_index
from governance.risks.models import Mitigation, Risk, RiskAcceptance, RiskMatrix, RiskReview
from governance.teams.models import Membership, Team
from tests.factories import MembershipFactory, MLModelFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

# --scale 0.04 of org-10k: 50 teams, 500 users, 10,000 models x 3 versions, 2,000 sources, 5,000 consents,
# 40,000 risks, 200 assessments.
SCALE = 0.04
EXPECTED = {"teams": 2, "users": 20, "models": 400, "versions": 1200, "sources": 80, "consents": 200}
EXPECTED |= {"risks": 1600, "assessments": 8}
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
    Risk,
    Mitigation,
    RiskAcceptance,
    RiskReview,
    Assessment,
    Answer,
    CheckRun,
    CheckResult,
    ModelCheckStatus,
)
SCALE_RISKS = Risk.objects.filter(model__team__slug__startswith="scale-team-")


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
        "risks": SCALE_RISKS.count(),
        "assessments": Assessment.objects.filter(team__slug__startswith="scale-team-").count(),
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
    output = seed(
        teams=3, users=12, models=30, versions_per_model=2, sources=10, consents=15, risks=70, assessments=7
    )
    assert counts() == {
        "teams": 3,
        "users": 12,
        "models": 30,
        "versions": 60,
        "sources": 10,
        "consents": 15,
        "risks": 70,
        "assessments": 7,
    }
    assert "versions" in output and "Scale data ready" in output
    assert "Risks: 70 (" in output and "Assessments: 7 submitted" in output


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


def test_scaled_risk_register_follows_the_register_rules():
    seed(scale=SCALE)
    today = timezone.localdate()
    matrix = RiskMatrix.objects.get(is_default=True)
    risks = list(SCALE_RISKS.select_related("model", "matrix"))
    assert len(risks) == EXPECTED["risks"]
    assert {r.matrix_id for r in risks} == {matrix.pk}
    assert not any(r.model.stage == MLModel.Stage.PROPOSED for r in risks)
    editors = set(Membership.objects.filter(role__in=EDITOR_ROLES).values_list("user_id", "team_id"))
    maintainers = set(Membership.objects.filter(role="maintainer").values_list("user_id", "team_id"))
    assert all((r.owner_id, r.model.team_id) in editors for r in risks)

    # Where the risks are: more on live models than on models in development, and none on a few models.
    per_model = Counter(r.model_id for r in risks)
    by_stage = defaultdict(list)
    for model in MLModel.objects.exclude(stage=MLModel.Stage.PROPOSED):
        by_stage[model.stage].append(per_model[model.pk])
    mean = {stage: sum(n) / len(n) for stage, n in by_stage.items()}
    assert mean["production"] > mean["development"] and mean["staging"] > mean["development"]
    assert any(n == 0 for n in by_stage["development"] + by_stage["production"])
    categories = Counter(r.category for r in risks)
    standard = {"availability", "wrong_prediction", "performance_decay", "fairness_decay", "skills_loss"}
    assert categories.most_common(1)[0][0] in standard
    assert sum(categories[c] for c in standard) > len(risks) / 2

    statuses = Counter(r.status for r in risks)
    assert statuses["active"] > len(risks) / 2 and statuses["draft"] > 0 and statuses["closed"] > 0
    for risk in risks:
        if risk.status == Risk.Status.DRAFT or not risk.is_rated:
            assert risk.status != Risk.Status.ACTIVE, "an active risk is rated"
            assert risk.inherent_level is risk.residual_level is risk.residual_score is None
            assert risk.last_reviewed_on is risk.next_review_due is None
            continue
        assert risk.residual_likelihood <= risk.inherent_likelihood
        assert risk.residual_impact <= risk.inherent_impact
        assert risk.inherent_level == level_index(matrix.grid, risk.inherent_likelihood, risk.inherent_impact)
        assert risk.residual_level == level_index(matrix.grid, risk.residual_likelihood, risk.residual_impact)
        assert risk.inherent_score == risk.inherent_likelihood * risk.inherent_impact
        assert risk.residual_score == risk.residual_likelihood * risk.residual_impact
        interval = matrix.level_objects[risk.residual_level].review_days
        assert risk.last_reviewed_on <= today
        assert risk.next_review_due == risk.last_reviewed_on + datetime.timedelta(days=interval)
    active = [r for r in risks if r.status == Risk.Status.ACTIVE]
    overdue = sum(r.is_overdue(today) for r in active) / len(active)
    assert 0.10 <= overdue <= 0.20, overdue
    assert len({r.residual_level for r in active}) == len(matrix.levels), "every level is represented"

    # Reviews: one a reviewed risk, its last one, by an editor of the team.
    reviews = {rv.risk_id: rv for rv in RiskReview.objects.filter(risk__in=SCALE_RISKS)}
    reviewed = {r.pk: r for r in risks if r.last_reviewed_on is not None}
    assert set(reviews) == set(reviewed) and RiskReview.objects.count() == len(reviews)
    for risk_id, review in reviews.items():
        risk = reviewed[risk_id]
        assert (review.reviewed_on, review.next_review_due) == (risk.last_reviewed_on, risk.next_review_due)
        assert review.residual_level == risk.residual_level
        assert (review.reviewed_by_id, risk.model.team_id) in editors

    # Serious residual risks are mostly mitigated or accepted; acceptances follow the separation of duties.
    by_id = {r.pk: r for r in risks}
    mitigations = list(Mitigation.objects.all())
    assert mitigations and all(by_id[m.risk_id].status == Risk.Status.ACTIVE for m in mitigations)
    assert all((m.owner_id, by_id[m.risk_id].model.team_id) in editors for m in mitigations)
    assert all(m.completed_on is not None for m in mitigations if m.status == Mitigation.Status.DONE)
    serious = [r for r in active if r.residual_level >= len(matrix.levels) - 2]
    mitigated = {m.risk_id for m in mitigations if m.status != Mitigation.Status.CANCELLED}
    acceptances = list(RiskAcceptance.objects.all())
    accepted = {a.risk_id for a in acceptances if a.is_active(today)}
    treated = sum(r.pk in mitigated or r.pk in accepted for r in serious) / len(serious)
    assert 0.5 < treated < 1.0, treated
    assert acceptances
    for acceptance in acceptances:
        risk = by_id[acceptance.risk_id]
        assert acceptance.approver_id != risk.owner_id
        assert (acceptance.approver_id, risk.model.team_id) in maintainers
        assert acceptance.expires_on > acceptance.accepted_on <= today
        assert risk.status == Risk.Status.ACTIVE and risk.treatment == Risk.Treatment.ACCEPT
    assert any(not a.is_active(today) for a in acceptances) and any(a.is_active(today) for a in acceptances)


def _check_stored_results(assessments) -> None:
    for assessment in assessments:
        spec = framework_spec(framework=assessment.framework)
        answers = list(assessment.answers.all())
        assert sorted(a.question_id for a in answers) == sorted(spec.questions), "every question answered"
        assert all(assessment.started_at <= a.answered_at <= assessment.submitted_at for a in answers)
        # What assessment_submit stores, recomputed from the answers in the database.
        result = assessment_result(assessment=assessment, spec=spec)
        assert assessment.overall_level == result.overall_level
        assert assessment.overall_score == result.overall_score
        assert assessment.result == result.snapshot()


def test_scaled_assessments_store_what_scoring_computes_and_spread_over_the_levels():
    seed(teams=20, users=80, models=40, sources=5, consents=0, risks=40, assessments=60)
    assessments = list(
        Assessment.objects.select_related("framework").order_by("team_id", "submitted_at", "id")
    )
    assert len(assessments) == 60 and {a.status for a in assessments} == {"submitted"}
    assert {a.framework.key for a in assessments} == {"google-mlops-levels", "ml-test-score"}
    editors = set(Membership.objects.filter(role__in=EDITOR_ROLES).values_list("user_id", "team_id"))
    assert all(
        (a.assessor_id, a.team_id) in editors and (a.started_by_id, a.team_id) in editors for a in assessments
    )
    _check_stored_results(assessments)

    by_team = defaultdict(list)
    for a in assessments:
        by_team[a.team_id].append(a)
    assert len(by_team) == 20, "every team has assessed itself"
    assert any(len(history) >= 3 for history in by_team.values()), "trends need a history"
    for history in by_team.values():
        dates = [a.submitted_at for a in history]
        assert len(set(dates)) == len(dates) and all(a.started_at < a.submitted_at for a in history)
    latest_levels = Counter(
        [a for a in history if a.framework.kind == Framework.Kind.LEVELS][-1].overall_level
        for history in by_team.values()
    )
    assert set(latest_levels) == {0, 1, 2}, latest_levels
    assert Answer.objects.count() == sum(
        len(framework_spec(framework=a.framework).questions) for a in assessments
    )


def test_scaled_org_assessments_are_scored_like_submissions():
    seed(scale=SCALE)
    assessments = list(Assessment.objects.select_related("framework"))
    assert len(assessments) == EXPECTED["assessments"]
    _check_stored_results(assessments)


def test_second_run_refuses_and_writes_nothing_then_reset_rebuilds_only_scale_rows():
    team = TeamFactory(name="Real Team", slug="real-team")
    owner = UserFactory(username="real.owner")
    MembershipFactory(user=owner, team=team, role=Membership.Role.MAINTAINER)
    real_model = MLModelFactory(team=team, owner=owner, name="real-model", stage="production")
    real_risk = Risk.objects.create(
        model=real_model,
        matrix=RiskMatrix.objects.get(is_default=True),
        title="Real",
        category="other",
        owner=owner,
    )

    seed(scale=SCALE)
    scale_model = MLModel.objects.filter(team__slug__startswith="scale-team-").first()
    # Check runs over the scale models (as `manage.py bench` leaves them): one judged only scale models, the
    # other a real model too, whose result and status must survive the reset.
    scale_only = CheckRun.objects.create(status="succeeded")
    mixed = CheckRun.objects.create(status="succeeded")
    for run, model in ((scale_only, scale_model), (mixed, scale_model), (mixed, real_model)):
        CheckResult.objects.create(run=run, check_key="risk.rated", model=model, outcome="pass")
    ModelCheckStatus.objects.create(model=scale_model, run=mixed, pass_count=1)
    ModelCheckStatus.objects.create(model=real_model, run=mixed, pass_count=1)
    before, fingerprint = table_sizes(), model_fingerprint()

    with pytest.raises(CommandError, match="--reset"):
        seed(scale=SCALE)
    assert table_sizes() == before

    output = seed(scale=SCALE, reset=True)
    assert "rows deleted" in output
    assert counts() == EXPECTED
    expected_after = before | {"CheckRun": 1, "CheckResult": 1, "ModelCheckStatus": 1}
    assert table_sizes() == expected_after
    assert model_fingerprint() == fingerprint, "the same seed builds the same organisation"
    assert MLModel.objects.filter(pk=real_model.pk, owner=owner).exists()
    assert Membership.objects.filter(user=owner, team=team).exists()
    assert Risk.objects.filter(pk=real_risk.pk).exists()
    assert CheckResult.objects.get().model_id == ModelCheckStatus.objects.get().model_id == real_model.pk
    assert CheckRun.objects.get() == mixed


def test_reset_replaces_older_scale_data_that_has_no_risks_or_assessments():
    seed(scale=SCALE, risks=0, assessments=0)
    assert counts() == EXPECTED | {"risks": 0, "assessments": 0}
    seed(scale=SCALE, reset=True)
    assert counts() == EXPECTED
    assert Answer.objects.exists() and RiskReview.objects.exists()


def test_negative_sizes_and_too_few_users_are_refused():
    with pytest.raises(CommandError, match="negative"):
        seed(models=-1)
    with pytest.raises(CommandError, match="one user a team"):
        seed(teams=5, users=2)
    assert counts() == dict.fromkeys(EXPECTED, 0)
