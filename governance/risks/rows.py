"""The risk register's part of the API's model rows (governance/inventory/rows.py): the model's highest
active residual risk (level, then score), named from the risk's own matrix, inside the row's query."""

from __future__ import annotations

from django.db.models import CharField, F, Func, OuterRef

from governance.foundation.sql_json import json_first

from .models import Risk


class _LevelName(Func):
    """levels[level].name of a matrix's JSON levels."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="((%(expressions)s) ->> 'name')", arg_joiner=" -> ", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        template = "JSON_EXTRACT(%(expressions)s || '].name')"
        return self.as_sql(compiler, connection, template=template, arg_joiner=", '$[' || ", **extra)


def highest_residual_risk():
    active = Risk.objects.filter(model=OuterRef("pk"), status=Risk.Status.ACTIVE)
    return json_first(
        active.order_by("-residual_level", "-residual_score", "id"),
        level=F("residual_level"),
        name=_LevelName(F("matrix__levels"), F("residual_level")),
        score=F("residual_score"),
        risk_id=F("id"),
    )


def register() -> None:
    from governance.inventory.rows import register_row_column

    register_row_column("highest_residual_risk", highest_residual_risk)
