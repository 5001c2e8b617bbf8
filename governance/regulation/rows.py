"""The regulation app's part of the API's model rows (governance/inventory/rows.py): the model's
classification under each framework (the override when set, else the derived category)."""

from __future__ import annotations

from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf

from governance.foundation.sql_json import JSONObject, json_mapping

from .models import Classification


def classification():
    return json_mapping(
        Classification.objects.all(),
        link="model",
        key="framework",
        value=JSONObject(
            category=Coalesce(NullIf(F("override_category"), Value("")), F("derived_category")),
            status=F("status"),
        ),
    )


def register() -> None:
    from governance.inventory.rows import register_row_column

    register_row_column("classification", classification)
