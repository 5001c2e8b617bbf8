"""One story told across the browser journeys: Credit Risk's credit-limit model, trained on loan applicants'
data whose use rests on their consent; the consent is later withdrawn and the model must be flagged.

Journey 1 builds this state through the pages. Later journeys must run on their own (transactional tests
flush the database between tests), so `arrange_registered` builds the same state through the services the
pages call, with the same rules and history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from governance.checks import engine
from governance.checks import services as checks_services
from governance.checks.models import CheckRun
from governance.inventory import services
from governance.inventory.models import ConsentRecord, DataSource, DataSourceUse, MLModel, ModelVersion
from governance.promotions.models import Environment
from governance.promotions.services import deployment_move
from governance.teams.models import Team

MODEL = "credit-limit-recommender"
MODEL_PURPOSE = "Recommends the credit limit offered to each new retail customer."
SOURCE = "retail-loan-applications"
CONSENT = "applicants-2026"
PURPOSE = "credit-limit-setting"
VERSION = "1.0.0"
WITHDRAWAL_REASON = "Data-subject request DSR-2026-0141: the applicants' association withdrew consent."


def consent_dates() -> tuple[datetime.date, datetime.date]:
    """Obtained two months ago, in force for two years: valid on any day the tests run."""
    today = timezone.localdate()
    return today - datetime.timedelta(days=60), today + datetime.timedelta(days=670)


@dataclass(frozen=True)
class Story:
    model: MLModel
    version: ModelVersion
    source: DataSource
    consent: ConsentRecord
    use: DataSourceUse


def arrange_registered(*, admin: Any, team: Team, owner: Any, steward: Any, deploy: bool = True) -> Story:
    """What journey 1 leaves behind: the model in production, its version trained on the consented source."""
    source = services.data_source_create(
        actor=admin,
        team=team,
        name=SOURCE,
        steward=steward,
        description="Retail loan applications with income, employment and repayment history.",
        contains_personal_data=True,
        sensitivity=DataSource.Sensitivity.CONFIDENTIAL,
        legal_basis=DataSource.LegalBasis.CONSENT,
        retention_days=730,
    )
    obtained, expires = consent_dates()
    consent = services.consent_record(
        actor=admin,
        data_source=source,
        reference=CONSENT,
        purpose=PURPOSE,
        obtained_on=obtained,
        expires_on=expires,
        scope="Applicants who ticked the model-training box on the 2026 application form.",
    )
    model = services.model_register(
        actor=admin,
        team=team,
        name=MODEL,
        owner=owner,
        purpose=MODEL_PURPOSE,
        stage=MLModel.Stage.DEVELOPMENT,
        business_criticality=MLModel.Criticality.HIGH,
        ai_act_tier=MLModel.AIActTier.HIGH,
        human_oversight_contact=steward,
    )
    version = services.version_register(actor=admin, model=model, label=VERSION)
    use = services.data_use_add(
        actor=admin, model=model, data_source=source, role="training", purpose=PURPOSE, version=version
    )
    if deploy:
        deploy_to_production(admin=admin, version=version)
        model.refresh_from_db()
        version.refresh_from_db()
    return Story(model=model, version=version, source=source, consent=consent, use=use)


def deploy_to_production(*, admin: Any, version: ModelVersion) -> None:
    """Production comes only from the promotion gate (issue 18): the version takes the environment through
    the gate's own service, as an approved promotion would give it."""
    with transaction.atomic():
        deployment_move(
            actor=admin,
            version=version,
            environment=Environment.objects.get(slug="production"),
            request=None,
            reason="Journey 1 ends in production",
        )


def arrange_governed(*, admin: Any, team: Team, owner: Any, steward: Any) -> Story:
    """The registered model plus the rest of good governance (model card, deployed version with lineage, a
    rated and reviewed risk, fresh monitoring, a recent team assessment), so that before the withdrawal it
    passes every check and a flag after it can only come from the withdrawn consent."""
    from assessments import services as assessment_services
    from assessments.content.loader import load_released
    from assessments.models import Framework
    from assessments.selectors import framework_spec
    from governance.risks import services as risk_services

    tale = arrange_registered(admin=admin, team=team, owner=owner, steward=steward, deploy=False)
    services.model_update(
        actor=admin,
        model=tale.model,
        intended_use="Decision support for credit officers; every limit is reviewed before it is offered.",
        limitations="Not validated for applicants under 21 or for business customers.",
        training_data_description=f"Loan applications from '{SOURCE}' under consent '{CONSENT}'.",
        evaluation_description="AUC and calibration on a held-out quarter, by age band and sex.",
        ethical_considerations="Limits could differ by age band or sex; both are watched for bias.",
    )
    version = services.version_update(
        actor=admin,
        version=tale.version,
        code_reference="git:credit-risk/limits@4f2a9c1",
        artifact_uri="s3://models/credit-limit-recommender/1.0.0/model.pkl",
    )
    services.snapshot_record(actor=admin, version=version, prediction_count=1200)
    # The high tier's gate asks for per-group fairness figures on the version in production (issue 18).
    services.evaluation_record(
        actor=admin,
        version=version,
        quality=0.86,
        metric_name="auc",
        group_metrics={"sex": {"female": {"selection_rate": 0.31}, "male": {"selection_rate": 0.3}}},
    )
    risk = risk_services.risk_create(
        actor=admin,
        model=tale.model,
        title="The model is unavailable for a time",
        category="availability",
        owner=owner,
        inherent_likelihood=2,
        inherent_impact=2,
        residual_likelihood=1,
        residual_impact=2,
    )
    risk_services.risk_review_record(actor=admin, risk=risk)
    load_released()  # a flushed live-server database has lost what the migration loaded
    framework = Framework.objects.get(key="google-mlops-levels", is_active=True)
    assessment = assessment_services.assessment_start(actor=owner, team=team, framework=framework)
    answers = [
        assessment_services.AnswerInput(question_id=q.pk, value="yes" if q.level == 1 else "no")
        for q in framework_spec(framework=framework).questions.values()
    ]
    assessment_services.answers_save(actor=owner, assessment=assessment, answers=answers)
    assessment_services.assessment_submit(actor=owner, assessment=assessment)
    _classify_and_attest(model=tale.model, admin=admin)
    # The gate asks for fresh, passing check results before production: the nightly run gives them.
    nightly = checks_services.check_run_create(actor=admin, scope=CheckRun.Scope.ALL, enqueue=False)
    engine.run_execute_inline(run_id=nightly.pk)
    deploy_to_production(admin=admin, version=version)
    tale.model.refresh_from_db()
    version.refresh_from_db()
    return Story(model=tale.model, version=version, source=tale.source, consent=tale.consent, use=tale.use)


def _classify_and_attest(*, model: MLModel, admin: Any) -> None:
    """Issue 22: the credit-limit model is high-risk under the EU AI Act (Annex III 5(b)); its classification
    is answered and every obligation the records do not show is attested, so its only flag later is the one
    the withdrawn consent raises."""
    from governance.regulation import services as regulation
    from governance.regulation.content import eu_ai_act_v1
    from governance.regulation.selectors import model_regulation

    answers = {key: False for key, *_ in (*eu_ai_act_v1.PROHIBITED, *eu_ai_act_v1.TRANSPARENCY)}
    answers |= {"role": "provider", "annex_i_product": False, "annex_iii": ["5b"]}
    regulation.classification_answer(actor=admin, model=model, framework="eu_ai_act", answers=answers)
    model = MLModel.objects.select_related("human_oversight_contact").get(pk=model.pk)
    for status in model_regulation(model=model).obligations:
        if status.status != "satisfied":
            regulation.attestation_record(
                actor=admin,
                model=model,
                obligation=status.obligation.key,
                status="satisfied",
                note="Covered by the credit-risk quality management file, section 4.",
            )


def withdraw(story: Story, *, steward: Any) -> ConsentRecord:
    """What journey 4 does through the pages."""
    return services.consent_withdraw(actor=steward, consent=story.consent, reason=WITHDRAWAL_REASON)
