"""The promotion gate's part of the API's model rows (governance/inventory/rows.py): where the model's
versions are deployed, and whether it is out of policy, inside the row's query."""

from __future__ import annotations

from django.db.models import F

from governance.foundation.sql_json import json_array

from .flags import out_of_policy_exists
from .models import Deployment


def environments():
    return json_array(
        Deployment.objects.all(),
        link="model",
        environment=F("environment__slug"),
        name=F("environment__name"),
        rank=F("environment__rank"),
        version_id=F("version_id"),
        label=F("version__label"),
        since=F("since"),
        out_of_policy=F("out_of_policy"),
    )


def finish_environments(value: list[dict], finisher) -> list[dict]:
    """Lowest environment first, as the gate orders them; the rank itself stays out of the API."""
    value.sort(key=lambda d: (d.pop("rank"), d["environment"]))
    for deployment in value:
        deployment["since"] = finisher.when(deployment["since"])
        deployment["out_of_policy"] = bool(deployment["out_of_policy"])
    return value


def finish_flag(value, finisher) -> bool:
    return bool(value)


def register() -> None:
    from governance.inventory.rows import register_row_column

    register_row_column("out_of_policy", out_of_policy_exists, finish_flag)
    register_row_column("environments", environments, finish_environments)
