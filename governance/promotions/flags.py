"""The "out of policy" flag as query expressions: a model is out of policy while a version holding one of
its production environments failed the gate at the latest pass (services.out_of_policy_pass)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .models import Deployment, Environment

IN, OUT = "in", "out"
CHOICES = [(OUT, _("Out of policy")), (IN, _("In policy (or not in production)"))]


def out_of_policy_exists() -> Exists:
    return Exists(
        Deployment.objects.filter(
            model=OuterRef("pk"), out_of_policy=True, environment__counts_as=Environment.CountsAs.PRODUCTION
        )
    )


def policy_q(value: str) -> Q:
    return Q(out_of_policy_exists()) if value == OUT else ~Q(out_of_policy_exists())
