"""Staging and production environments, the shipped gate policy, and today's deployments carried over.

Each staging or production model's latest deployed version (else its latest version) takes the model's
current environment. No approval is invented: the deployment names no request and no promoter, and its
history says "carried over". Models with no version keep their recorded stage until their first promotion.
"""

from django.db import migrations
from django.utils import timezone

# Checks that may never fail on the way to an environment, by tier.
BASE_CHECKS = ["accountability.active_owner", "accountability.not_prohibited", "data.consent_valid"]
HIGH_CHECKS = [
    *BASE_CHECKS,
    "accountability.oversight_contact",
    "data.legal_basis",
    "documentation.model_card",
    "risk.high_treated",
    "risk.rated",
]
RULE_SETS = [
    {
        "name": "Minimal tier",
        "tier": "minimal",
        "check_max_age_days": 30,
        "failing_checks": BASE_CHECKS,
        "untreated_severity": "critical",
        "model_card_fields": ["purpose"],
        "maintainer_approvals": 1,
    },
    {
        "name": "Limited tier",
        "tier": "limited",
        "check_max_age_days": 30,
        "failing_checks": BASE_CHECKS,
        "untreated_severity": "high",
        "model_card_fields": ["purpose", "intended_use", "limitations"],
        "maintainer_approvals": 1,
    },
    {
        "name": "High tier",
        "tier": "high",
        "check_max_age_days": 14,
        "failing_checks": HIGH_CHECKS,
        "untreated_severity": "high",
        "model_card_fields": [
            "purpose",
            "intended_use",
            "limitations",
            "ethical_considerations",
            "training_data_description",
            "evaluation_description",
        ],
        "min_mlops_level": 1,
        "require_fairness_evaluation": True,
        "maintainer_approvals": 1,
        "admin_approvals": 1,
        "independent_approver": True,
    },
    {
        "name": "Unacceptable tier",
        "tier": "unacceptable",
        "maintainer_approvals": 1,
        "admin_approvals": 1,
        "independent_approver": True,
    },
]


def forward(apps, schema_editor):
    Environment = apps.get_model("promotions", "Environment")
    GateRuleSet = apps.get_model("promotions", "GateRuleSet")
    Deployment = apps.get_model("promotions", "Deployment")
    HistoricalDeployment = apps.get_model("promotions", "HistoricalDeployment")
    MLModel = apps.get_model("inventory", "MLModel")
    ModelVersion = apps.get_model("inventory", "ModelVersion")
    environments = {
        "staging": Environment.objects.get_or_create(
            slug="staging", defaults={"name": "Staging", "rank": 100, "counts_as": "staging"}
        )[0],
        "production": Environment.objects.get_or_create(
            slug="production", defaults={"name": "Production", "rank": 200, "counts_as": "production"}
        )[0],
    }
    for spec in RULE_SETS:
        GateRuleSet.objects.get_or_create(name=spec["name"], defaults=spec)
    now = timezone.now()
    for model in MLModel.objects.filter(stage__in=["staging", "production"]).order_by("pk"):
        versions = ModelVersion.objects.filter(model=model).order_by("-registered_at", "-id")
        version = versions.filter(status="deployed").first() or versions.first()
        if version is None:
            continue
        # bulk_create sends no save signal: the one history record is the "carried over" one below.
        [deployment] = Deployment.objects.bulk_create(
            [
                Deployment(
                    model=model,
                    environment=environments[model.stage],
                    version=version,
                    since=version.deployed_at or now,
                )
            ]
        )
        HistoricalDeployment.objects.create(
            id=deployment.pk,
            model_id=model.pk,
            environment_id=deployment.environment_id,
            version_id=version.pk,
            since=deployment.since,
            history_date=now,
            history_type="+",
            history_change_reason="carried over",
        )
        if version.status != "deployed":
            ModelVersion.objects.filter(pk=version.pk).update(status="deployed", deployed_at=deployment.since)


class Migration(migrations.Migration):
    dependencies = [
        ("promotions", "0001_gate_environments_deployments_policy_requests"),
        ("inventory", "0003_list_indexes"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
