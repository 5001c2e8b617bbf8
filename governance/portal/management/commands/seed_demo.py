"""Load a believable demo organisation through the services. Idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from governance.inventory import services
from governance.inventory.models import ConsentRecord, DataSource, DataSourceUse, MLModel, ModelVersion
from governance.teams.models import AUDITOR_GROUP, GOVERNANCE_ADMIN_GROUP, Membership, Team
from governance.teams.permissions import forget_cached_roles

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - printed for demo logins; never used outside seed_demo

TEAMS = {
    "credit-risk": ("Credit Risk", "Scoring and limits for retail lending."),
    "customer-analytics": ("Customer Analytics", "Churn, lifetime value and marketing models."),
    "clinical-ai": ("Clinical AI", "Decision support for hospital wards."),
    "fraud": ("Fraud Detection", "Card and transfer fraud screening."),
}
# username, first, last, team slug, role
PEOPLE = [
    ("mina.park", "Mina", "Park", "credit-risk", "maintainer"),
    ("omar.haddad", "Omar", "Haddad", "credit-risk", "contributor"),
    ("lena.vogel", "Lena", "Vogel", "credit-risk", "viewer"),
    ("sam.okafor", "Sam", "Okafor", "customer-analytics", "maintainer"),
    ("jisoo.kim", "Jisoo", "Kim", "customer-analytics", "contributor"),
    ("ana.souza", "Ana", "Souza", "customer-analytics", "viewer"),
    ("priya.nair", "Priya", "Nair", "clinical-ai", "maintainer"),
    ("tom.becker", "Tom", "Becker", "clinical-ai", "contributor"),
    ("eva.lind", "Eva", "Lind", "fraud", "maintainer"),
    ("raj.mehta", "Raj", "Mehta", "fraud", "contributor"),
]
# name, team, legal basis, personal data, sensitivity, retention days, steward
SOURCES = [
    ("crm-events", "customer-analytics", "consent", True, "confidential", 730, "sam.okafor"),
    ("loan-applications", "credit-risk", "contract", True, "restricted", 2555, "mina.park"),
    ("bureau-scores", "credit-risk", "legitimate_interests", True, "restricted", 1825, "mina.park"),
    ("ward-vitals", "clinical-ai", "consent", True, "restricted", 3650, "priya.nair"),
    ("discharge-notes", "clinical-ai", "public_task", True, "restricted", None, "priya.nair"),
    ("card-transactions", "fraud", "legal_obligation", True, "restricted", 1825, "eva.lind"),
    ("web-clickstream", "customer-analytics", "", True, "internal", None, "jisoo.kim"),
    ("fx-rates", "fraud", "not_required", False, "public", None, "raj.mehta"),
    ("product-catalogue", "customer-analytics", "not_required", False, "internal", None, "sam.okafor"),
]
# name, team, owner, stage, tier, criticality
MODELS = [
    ("credit-scoring", "credit-risk", "mina.park", "production", "high", "critical"),
    ("limit-setting", "credit-risk", "omar.haddad", "production", "high", "high"),
    ("early-arrears", "credit-risk", "omar.haddad", "staging", "high", "high"),
    ("affordability-check", "credit-risk", "mina.park", "development", "high", "medium"),
    ("collections-priority", "credit-risk", "omar.haddad", "proposed", "limited", "medium"),
    ("legacy-scorecard", "credit-risk", "mina.park", "retired", "high", "low"),
    ("churn-v2", "customer-analytics", "jisoo.kim", "production", "minimal", "high"),
    ("lifetime-value", "customer-analytics", "sam.okafor", "production", "minimal", "medium"),
    ("next-best-offer", "customer-analytics", "jisoo.kim", "staging", "limited", "medium"),
    ("campaign-uplift", "customer-analytics", "jisoo.kim", "development", "minimal", "low"),
    ("support-chatbot", "customer-analytics", "sam.okafor", "staging", "limited", "high"),
    ("churn-v1", "customer-analytics", "sam.okafor", "retired", "minimal", "low"),
    ("sepsis-alert", "clinical-ai", "priya.nair", "production", "high", "critical"),
    ("readmission-risk", "clinical-ai", "tom.becker", "production", "high", "high"),
    ("bed-demand", "clinical-ai", "tom.becker", "staging", "minimal", "medium"),
    ("triage-assist", "clinical-ai", "priya.nair", "development", "high", "critical"),
    ("radiology-priority", "clinical-ai", "tom.becker", "proposed", "high", "high"),
    ("card-fraud", "fraud", "eva.lind", "production", "limited", "critical"),
    ("transfer-screening", "fraud", "raj.mehta", "production", "limited", "high"),
    ("mule-accounts", "fraud", "raj.mehta", "staging", "limited", "high"),
    ("merchant-risk", "fraud", "eva.lind", "development", "minimal", "medium"),
    ("chargeback-forecast", "fraud", "raj.mehta", "proposed", "minimal", "low"),
    ("velocity-rules-ml", "fraud", "eva.lind", "retired", "limited", "medium"),
    ("document-forgery", "fraud", "raj.mehta", "development", "limited", "high"),
]
# model, source, role, purpose
USES = [
    ("credit-scoring", "loan-applications", "training", "credit-decisioning"),
    ("credit-scoring", "bureau-scores", "training", "credit-decisioning"),
    ("limit-setting", "loan-applications", "training", "credit-decisioning"),
    ("early-arrears", "bureau-scores", "training", "credit-decisioning"),
    ("churn-v2", "crm-events", "training", "churn-prediction"),
    ("churn-v2", "product-catalogue", "training", "churn-prediction"),
    ("lifetime-value", "crm-events", "training", "customer-value"),
    ("next-best-offer", "crm-events", "training", "marketing"),
    ("next-best-offer", "web-clickstream", "training", "marketing"),
    ("support-chatbot", "crm-events", "training", "service-chat"),
    ("sepsis-alert", "ward-vitals", "training", "clinical-decision-support"),
    ("readmission-risk", "ward-vitals", "training", "clinical-decision-support"),
    ("readmission-risk", "discharge-notes", "training", "clinical-decision-support"),
    ("card-fraud", "card-transactions", "training", "fraud-prevention"),
    ("card-fraud", "fx-rates", "training", "fraud-prevention"),
    ("transfer-screening", "card-transactions", "training", "fraud-prevention"),
]


class Command(BaseCommand):
    help = "Load the demo organisation (teams, people, models, versions, data sources, consents). Idempotent."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            created = self._seed()
            for seeder in self.app_seeders():
                created += seeder(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new records)."))

    def app_seeders(self) -> list:
        """Each app's idempotent demo loader, run after the inventory; each returns how many rows it added."""
        from assessments.demo import seed_demo_assessments
        from governance.checks.demo import seed_demo_checks
        from governance.portal.demo_evidence import seed_demo_evidence
        from governance.predictions.demo import seed_demo_predictions
        from governance.regulation.demo import seed_demo_regulation
        from governance.risks.demo import seed_demo_risks

        return [
            seed_demo_risks,
            seed_demo_assessments,
            seed_demo_regulation,
            seed_demo_checks,
            seed_demo_predictions,
            seed_demo_evidence,
        ]

    def _seed(self) -> int:
        User = get_user_model()
        created = 0
        today = timezone.localdate()

        def user(username: str, first: str, last: str, **flags) -> tuple:
            obj, new = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                    **flags,
                },
            )
            if new:
                obj.set_password(DEMO_PASSWORD)
                obj.save(update_fields=["password"])
            return obj, new

        lead, new = user("gov.lead", "Grace", "Lee", is_staff=True, is_superuser=True)
        created += new
        lead.groups.add(Group.objects.get(name=GOVERNANCE_ADMIN_GROUP))
        auditor, new = user("auditor", "Alex", "Moreau")
        created += new
        auditor.groups.add(Group.objects.get(name=AUDITOR_GROUP))

        teams = {}
        for slug, (name, description) in TEAMS.items():
            teams[slug], new = Team.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )
            created += new
        people = {}
        for username, first, last, slug, role in PEOPLE:
            people[username], new = user(username, first, last)
            created += new
            _, new = Membership.objects.get_or_create(
                user=people[username], team=teams[slug], defaults={"role": role}
            )
            created += new
        forget_cached_roles(lead)

        sources = {}
        for name, slug, basis, personal, sensitivity, retention, steward in SOURCES:
            source = DataSource.objects.filter(name=name).first()
            if source is None:
                source = services.data_source_create(
                    actor=lead,
                    team=teams[slug],
                    name=name,
                    steward=people[steward],
                    legal_basis=basis,
                    contains_personal_data=personal,
                    sensitivity=sensitivity,
                    retention_days=retention,
                    location=f"warehouse://{slug}/{name}",
                    description=f"{name.replace('-', ' ').capitalize()} kept by {TEAMS[slug][0]}.",
                    people_notified=personal,
                    dpia_completed=personal and basis != "",
                )
                created += 1
            sources[name] = source

        consents = [
            (
                "crm-events",
                "churn-2025",
                "churn-prediction",
                today - datetime.timedelta(days=400),
                today + datetime.timedelta(days=330),
                None,
            ),
            (
                "crm-events",
                "value-2025",
                "customer-value",
                today - datetime.timedelta(days=200),
                today + datetime.timedelta(days=20),
                None,
            ),
            (
                "crm-events",
                "marketing-2024",
                "marketing",
                today - datetime.timedelta(days=600),
                None,
                today - datetime.timedelta(days=60),
            ),
            (
                "crm-events",
                "chat-2023",
                "service-chat",
                today - datetime.timedelta(days=1100),
                today - datetime.timedelta(days=10),
                None,
            ),
            (
                "ward-vitals",
                "ward-consent-2024",
                "clinical-decision-support",
                today - datetime.timedelta(days=500),
                today + datetime.timedelta(days=900),
                None,
            ),
        ]
        for source_name, ref, purpose, obtained, expires, withdrawn in consents:
            source = sources[source_name]
            if ConsentRecord.objects.filter(data_source=source, reference=ref).exists():
                continue
            consent = services.consent_record(
                actor=lead,
                data_source=source,
                reference=ref,
                purpose=purpose,
                obtained_on=obtained,
                expires_on=expires,
                scope="Customers who opted in through the account settings page.",
                evidence_reference=f"dms://consent/{ref}",
            )
            created += 1
            if withdrawn is not None:
                when = timezone.make_aware(datetime.datetime.combine(withdrawn, datetime.time(9, 30)))
                services.consent_withdraw(
                    actor=lead,
                    consent=consent,
                    reason="Withdrawn by the data subjects' collective request DSR-118.",
                    withdrawn_at=when,
                )

        models = {}
        for name, slug, owner, stage, tier, criticality in MODELS:
            model = MLModel.objects.filter(team=teams[slug], name=name).first()
            if model is None:
                model = services.model_register(
                    actor=lead,
                    team=teams[slug],
                    name=name,
                    owner=people[owner],
                    purpose=f"Predicts {name.replace('-', ' ')} for {TEAMS[slug][0]}.",
                    stage="development" if stage != "proposed" else "proposed",
                    ai_act_tier=tier,
                    business_criticality=criticality,
                    intended_use="Decision support reviewed by trained staff." if stage != "proposed" else "",
                    limitations="Not validated for customers under 18."
                    if stage in ("production", "staging")
                    else "",
                    training_data_description="See linked data sources." if stage == "production" else "",
                    evaluation_description="AUC on a held-out quarter." if stage == "production" else "",
                    ethical_considerations="Monitored for disparate impact across age bands and sex."
                    if stage in ("production", "staging")
                    else "",
                    human_oversight_contact=people[owner]
                    if stage == "production" and tier == "high"
                    else None,
                )
                created += 1
                created += self._versions(model=model, stage=stage, actor=people[owner])
                if stage == "retired":
                    services.model_update(actor=lead, model=model, stage="retired")
            models[name] = model
        created += self._promotion_request(model=models["early-arrears"], actor=people["omar.haddad"])

        for model_name, source_name, role, purpose in USES:
            model, source = models[model_name], sources[source_name]
            if DataSourceUse.objects.filter(
                model=model, data_source=source, role=role, version__isnull=True
            ).exists():
                continue
            services.data_use_add(actor=lead, model=model, data_source=source, role=role, purpose=purpose)
            created += 1
        return created

    def _promotion_request(self, *, model: MLModel, actor) -> int:
        """One open request, so the inbox and the request page have something to show."""
        from governance.promotions.models import Environment, PromotionRequest
        from governance.promotions.services import promotion_request_create

        if PromotionRequest.objects.filter(model=model).exists():
            return 0
        promotion_request_create(
            actor=actor,
            version=model.versions.order_by("-registered_at", "-id").first(),
            environment=Environment.objects.get(slug="production"),
            justification="Back-tested on the last two quarters; arrears recall up 6 points.",
        )
        return 1

    def _versions(self, *, model: MLModel, stage: str, actor) -> int:
        count = {"proposed": 0, "development": 1, "staging": 2, "production": 3, "retired": 2}[stage]
        start = datetime.date(2025, 1, 1)
        for i in range(1, count + 1):
            version = services.version_register(
                actor=actor,
                model=model,
                label=f"{i}.0.0",
                status=ModelVersion.Status.VALIDATED,
                code_reference=f"git:{model.name}@v{i}.0.0",
                artifact_uri=f"s3://models/{model.name}/{i}.0.0/model.pkl",
                hyperparameters={"learning_rate": 0.05 * i, "max_depth": 4 + i},
                validation_metrics={"auc": round(0.78 + 0.02 * i, 3)},
                training_window_start=start,
                training_window_end=start + datetime.timedelta(days=90 * i),
            )
            if stage in ("staging", "production") and i == count:
                # The demo's starting state, like the carry-over migration: no approval is invented.
                from governance.promotions.models import Environment
                from governance.promotions.services import deployment_move

                with transaction.atomic():
                    deployment_move(
                        actor=actor,
                        version=version,
                        environment=Environment.objects.get(slug=stage),
                        request=None,
                        reason="Demo data",
                    )
        return count
