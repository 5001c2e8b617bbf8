"""One organisation with two teams, each owning one of everything, for the authorization tests.

Every restricted text of a team (model name and purpose, version label, metrics, risks,
mitigations, acceptances, reviews, assessment evidence, check results, reports) carries the team's marker,
so a test can assert that the other team's marker never appears in a response. The data-source catalogue is
shared by design (docs/decisions.md), so data sources and consent records carry no marker.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from assessments import services as assessment_services
from assessments.content.loader import load_released
from assessments.models import Assessment, Framework
from assessments.selectors import framework_spec
from governance.api.models import ApiToken
from governance.api.services import token_create
from governance.checks import engine
from governance.checks import services as check_services
from governance.checks.models import CheckResult, CheckRun
from governance.inventory import services as inventory
from governance.inventory.models import (
    ConsentRecord,
    DataSource,
    DataSourceUse,
    Evaluation,
    MLModel,
    ModelVersion,
    MonitoringSnapshot,
)
from governance.promotions.models import Environment, GateRuleSet
from governance.promotions.services import deployment_move, promotion_request_create
from governance.regulation import services as regulation
from governance.regulation.content import eu_ai_act_v1
from governance.reports import services as report_services
from governance.reports.models import Report
from governance.risks import services as risk_services
from governance.risks.matrix import DEFAULT_MATRIX
from governance.risks.models import Mitigation, Risk, RiskAcceptance, RiskMatrix
from governance.teams.models import Team
from tests.factories import MembershipFactory, TeamFactory, UserFactory

MARKER_A = "ZEBRA7SECRET"  # in every restricted text of the owning team (A)
MARKER_B = "OTTER9SECRET"  # in every restricted text of the other team (B)

# The roles the URL walk tries, in the order failures are reported.
ROLES = ("anonymous", "viewer", "contributor", "maintainer", "outsider", "auditor", "admin")


WALK_EU_ANSWERS = {
    **{key: False for key, *_ in eu_ai_act_v1.PROHIBITED},
    **{key: False for key, *_ in eu_ai_act_v1.TRANSPARENCY},
    "role": "provider",
    "annex_i_product": False,
}


@dataclass
class TeamWorld:
    """One team's records. `model` and everything below it belong to the team."""

    team: Team
    marker: str
    people: dict[str, Any]
    model: MLModel = None
    version: ModelVersion = None
    source: DataSource = None
    consent: ConsentRecord = None
    use: DataSourceUse = None
    evaluation: Evaluation = None
    snapshot: MonitoringSnapshot = None
    risk: Risk = None
    closed_risk: Risk = None
    mitigation: Mitigation = None
    acceptance: RiskAcceptance = None
    draft: Assessment = None
    submitted: Assessment = None
    dimension_key: str = ""
    run: CheckRun = None
    result: CheckResult = None
    report: Report = None
    prediction_set: Any = None
    evidence: Any = None
    classification: Any = None
    attestation: Any = None


@dataclass
class World:
    a: TeamWorld
    b: TeamWorld
    users: dict[str, Any]  # role name -> user; "anonymous" -> None
    org_run: CheckRun = None
    org_result_a: CheckResult = None
    token: ApiToken = None
    framework: Framework = None
    matrix: RiskMatrix = None
    staff: Any = None
    sessions: dict[str, str] = field(default_factory=dict)  # role -> session key (conftest.py)
    extra: dict[str, Any] = field(default_factory=dict)


def _populate(tw: TeamWorld, *, levels: Framework, test_score: Framework) -> None:
    """Register one of everything through the services, as the team's own people would."""
    today = timezone.localdate()
    marker, owner, maintainer = tw.marker, tw.people["owner"], tw.people["maintainer"]
    steward, viewer = tw.people["steward"], tw.people["viewer"]
    tw.model = inventory.model_register(
        actor=maintainer,
        team=tw.team,
        name=f"{marker} churn scorer",
        owner=owner,
        purpose=f"Scores churn for {marker} customers.",
        stage=MLModel.Stage.DEVELOPMENT,
        limitations=f"{marker} limitations",
    )
    tw.version = inventory.version_register(
        actor=owner,
        model=tw.model,
        label=f"{marker}-1.0",
        code_reference=f"git:{marker}",
        status=ModelVersion.Status.VALIDATED,
    )
    # In production through the gate's own service (the stage and "deployed" follow from it), with one open
    # request for a second version and a third version free to be requested.
    production = Environment.objects.get(slug="production")
    with transaction.atomic():
        deployment_move(
            actor=maintainer, version=tw.version, environment=production, request=None, reason="World"
        )
    tw.model.refresh_from_db()
    tw.version.refresh_from_db()
    tw.next_version = inventory.version_register(actor=owner, model=tw.model, label=f"{marker}-2.0")
    # Tags and an alias set by hand (issue 20), for the tag and alias pages and endpoints.
    inventory.model_tag_set(actor=owner, model=tw.model, key="walk", value=f"{marker} tag")
    inventory.version_tag_set(actor=owner, version=tw.version, key="walk", value=f"{marker} tag")
    inventory.alias_set(actor=owner, version=tw.next_version, name="walk")
    tw.spare_version = inventory.version_register(actor=owner, model=tw.model, label=f"{marker}-3.0")
    tw.promotion = promotion_request_create(
        actor=owner, version=tw.next_version, environment=production, justification=f"{marker} promotion"
    )
    # Regulation: a classification (minimal risk, so the tier stays) and an attestation to withdraw.
    tw.classification = regulation.classification_answer(
        actor=maintainer, model=tw.model, framework="eu_ai_act", answers=WALK_EU_ANSWERS
    )
    tw.attestation = regulation.attestation_record(
        actor=maintainer, model=tw.model, obligation="eu_art73", status="satisfied", note=f"{marker} attested"
    )
    tw.source = inventory.data_source_create(
        actor=maintainer,
        team=tw.team,
        name=f"{tw.team.slug} events",
        steward=steward,
        contains_personal_data=True,
        legal_basis=DataSource.LegalBasis.CONSENT,
        retention_days=365,
    )
    tw.consent = inventory.consent_record(
        actor=steward,
        data_source=tw.source,
        reference=f"{tw.team.slug}-consent-1",
        purpose="churn prediction",
        obtained_on=today - datetime.timedelta(days=30),
        expires_on=today + datetime.timedelta(days=300),
    )
    tw.use = inventory.data_use_add(
        actor=owner,
        model=tw.model,
        data_source=tw.source,
        role=DataSourceUse.Role.TRAINING,
        purpose="churn prediction",  # covered by the consent: the consent's pages list the model
        version=tw.version,
    )
    tw.evaluation = inventory.evaluation_record(
        actor=owner,
        version=tw.version,
        quality=0.81,
        metric_name=f"{marker}_auc",
        group_metrics={
            f"{marker}_region": {"north": {"selection_rate": 0.3}, "south": {"selection_rate": 0.28}}
        },
    )
    tw.snapshot = inventory.snapshot_record(
        actor=owner,
        version=tw.version,
        metric_name=f"{marker}_auc",
        live_quality=0.8,
        feature_drift={f"{marker}_age": 0.04},
    )
    tw.prediction_set = _prediction_set(tw, owner)
    tw.risk = risk_services.risk_create(
        actor=owner,
        model=tw.model,
        title=f"{marker} outage",
        category=Risk.Category.AVAILABILITY,
        owner=owner,
        description=f"{marker} serving cluster has one zone.",
        inherent_likelihood=4,
        inherent_impact=4,
        residual_likelihood=3,
        residual_impact=3,
    )
    tw.mitigation = risk_services.mitigation_add(
        actor=owner,
        risk=tw.risk,
        description=f"{marker} failover",
        owner=owner,
        due_date=today + datetime.timedelta(days=30),
    )
    tw.acceptance = risk_services.acceptance_record(
        actor=maintainer,
        risk=tw.risk,
        justification=f"{marker} accepted until the failover ships.",
        expires_on=today + datetime.timedelta(days=60),
    )
    risk_services.risk_review_record(actor=owner, risk=tw.risk, notes=f"{marker} reviewed")
    tw.closed_risk = risk_services.risk_create(
        actor=owner,
        model=tw.model,
        title=f"{marker} closed skills risk",
        category=Risk.Category.SKILLS_LOSS,
        owner=owner,
    )
    risk_services.risk_close(actor=owner, risk=tw.closed_risk, reason=f"{marker} closed")
    tw.submitted = assessment_services.assessment_start(actor=owner, team=tw.team, framework=test_score)
    _answer_first(tw.submitted, owner, marker)
    assessment_services.assessment_submit(actor=owner, assessment=tw.submitted)
    tw.draft = assessment_services.assessment_start(actor=owner, team=tw.team, framework=levels)
    tw.dimension_key = _answer_first(tw.draft, owner, marker)
    tw.run = check_services.check_run_create(
        actor=maintainer, scope=CheckRun.Scope.TEAM, team=tw.team, enqueue=False
    )
    engine.run_execute_inline(run_id=tw.run.pk)
    tw.run.refresh_from_db()
    tw.result = CheckResult.objects.filter(run=tw.run, model=tw.model).order_by("id").first()
    tw.report = report_services.report_request(
        actor=viewer, kind=Report.Kind.MODEL_DOSSIER, model=tw.model, enqueue=False
    )
    tw.report = report_services.report_build(report_id=tw.report.pk)
    tw.evidence = _evidence(tw, owner)


def _answer_first(assessment: Assessment, actor: Any, marker: str) -> str:
    """Answer the first question with evidence carrying the marker; returns its dimension's key."""
    spec = framework_spec(framework=assessment.framework)
    dimension = spec.dimensions[0]
    question = dimension.question_list[0]
    value = assessment.framework.answer_choices()[0][0]
    assessment_services.answers_save(
        actor=actor,
        assessment=assessment,
        answers=[assessment_services.AnswerInput(question.pk, value, f"{marker} evidence link")],
    )
    return dimension.key


def _evidence(tw: TeamWorld, owner) -> Any:
    """An evidence file on the team's risk whose name and text carry the marker."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from governance.evidence import services as evidence_services

    upload = SimpleUploadedFile(f"{tw.marker}-evidence.txt", f"{tw.marker} signed plan".encode())
    return evidence_services.evidence_upload(actor=owner, record=tw.risk, upload=upload)


def _prediction_set(tw: TeamWorld, owner) -> Any:
    """A computed reference set whose feature name carries the team's marker (rows stored, downloadable)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from governance.predictions import computing
    from governance.predictions import services as predictions

    feature = f"{tw.marker}_income"
    rows = "".join(f"{0.1 * (i % 10):.1f},{'fm'[i % 2]},{i}\n" for i in range(40))
    upload = SimpleUploadedFile("walk.csv", f"score,sex,{feature}\n{rows}".encode())
    columns = {"prediction": "score", "sensitive": ["sex"], "features": [feature]}
    created = predictions.prediction_set_upload(
        actor=owner, version=tw.version, role="reference", upload=upload, columns=columns
    )
    return computing.compute_inline(set_id=created.pk)


def build_world() -> World:
    for name in ("governance admin", "auditor"):
        Group.objects.get_or_create(name=name)
    matrix = RiskMatrix.objects.filter(is_default=True).first() or RiskMatrix.objects.create(
        is_default=True, **DEFAULT_MATRIX
    )
    load_released()
    # The walk is about who may act, not about the gate's rules: the minimal tier's set lets every version by.
    GateRuleSet.objects.filter(tier="minimal").update(check_max_age_days=None, failing_checks=[])
    frameworks = {f.key: f for f in Framework.objects.filter(is_active=True)}

    def member(team: Team, username: str, role: str):
        user = UserFactory(username=username)
        MembershipFactory(user=user, team=team, role=role)
        return user

    team_a = TeamFactory(name="Credit Risk", slug="credit-risk")
    team_b = TeamFactory(name="Fraud Detection", slug="fraud-detection")
    people_a = {
        "viewer": member(team_a, "vera.viewer", "viewer"),
        "owner": member(team_a, "carl.contributor", "contributor"),
        "maintainer": member(team_a, "maria.maintainer", "maintainer"),
        "steward": member(team_a, "stella.steward", "contributor"),
    }
    people_b = {
        "viewer": member(team_b, "bob.viewer", "viewer"),
        "owner": member(team_b, "bea.contributor", "contributor"),
        "maintainer": member(team_b, "otto.outsider", "maintainer"),
        "steward": member(team_b, "sid.steward", "contributor"),
    }
    auditor = UserFactory(username="aud.itor")
    auditor.groups.add(Group.objects.get(name="auditor"))
    admin = UserFactory(username="gina.admin")
    admin.groups.add(Group.objects.get(name="governance admin"))
    staff = UserFactory(username="root.staff", is_staff=True, is_superuser=True)

    world = World(
        a=TeamWorld(team=team_a, marker=MARKER_A, people=people_a),
        b=TeamWorld(team=team_b, marker=MARKER_B, people=people_b),
        users={
            "anonymous": None,
            "viewer": people_a["viewer"],
            "contributor": people_a["owner"],
            "maintainer": people_a["maintainer"],
            "outsider": people_b["maintainer"],
            "auditor": auditor,
            "admin": admin,
        },
        framework=frameworks["google-mlops-levels"],
        matrix=matrix,
        staff=staff,
    )
    for tw in (world.a, world.b):
        _populate(tw, levels=frameworks["google-mlops-levels"], test_score=frameworks["ml-test-score"])
    # Each team's model also uses the other team's (shared) data source: the source's pages must still hide
    # the other team's use of it.
    for user_tw, source_tw in ((world.a, world.b), (world.b, world.a)):
        world.extra[f"cross_use_{user_tw.team.slug}"] = inventory.data_use_add(
            actor=user_tw.people["owner"],
            model=user_tw.model,
            data_source=source_tw.source,
            role=DataSourceUse.Role.EVALUATION,
            purpose="churn prediction",
        )
    world.org_run = check_services.check_run_create(actor=admin, scope=CheckRun.Scope.ALL, enqueue=False)
    engine.run_execute_inline(run_id=world.org_run.pk)
    world.org_run.refresh_from_db()
    world.org_result_a = CheckResult.objects.filter(run=world.org_run, model=world.a.model).first()
    world.token, _ = token_create(user=world.users["viewer"], name=f"{MARKER_A} pipeline")
    return world
