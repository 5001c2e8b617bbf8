"""Hot queries over a list of ids: compiled once, the ids bound as one parameter, prepared (issue 24).

The API's rows query holds dozens of JSON expressions: compiling them costs Django more than the database
takes to run them, and planning them costs PostgreSQL a millisecond a call. Here the query is compiled once
per process with its ids left open; on PostgreSQL the ids go in as one array through server-side binding, so
the text never changes and the statement is prepared once per connection (a 100-row page: 3.0 ms against
4.5 ms, org-10k). `DB_PREPARED_STATEMENTS=false` turns preparing off (a transaction-pooling PgBouncer).
SQLite gets the ids as one JSON text read by json_each, which also keeps a large export chunk under its
limit on the number of variables.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

import orjson
from django.db import connection
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

__all__ = ["IdsQuery", "ids_mark", "server_bound_cursor"]

_MARK = "SELECT 0 AS ids_go_here"
_IDS_SQL = {
    "postgresql": "SELECT UNNEST(%s::bigint[])",
    "sqlite": "SELECT value FROM json_each(%s)",
}


def ids_mark() -> RawSQL:
    """Stands for the ids in a query given to IdsQuery: `filter(pk__in=ids_mark())`."""
    return RawSQL(_MARK, ())  # noqa: S611 - a constant, replaced by IdsQuery


@contextmanager
def server_bound_cursor():
    """A Django cursor (its queries counted and logged as any other) whose parameters PostgreSQL binds
    itself, preparing each statement (when the connection allows it: settings.DB_PREPARED_STATEMENTS)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    preparing, logged = _cursor_classes()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        raw = preparing(connection.connection)
    wrapped = logged(raw, connection) if connection.queries_logged else connection.make_cursor(raw)
    with wrapped:
        yield wrapped


@functools.cache
def _cursor_classes() -> tuple[type, type]:
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    class LoggedCursor(CursorDebugWrapper):
        """Logs the statement with its values: psycopg keeps no text of a prepared execution."""

        def execute(self, sql, params=None):
            with self.debug_sql(self.db.ops.compose_sql(sql, params)):
                return self._execute_with_wrappers(sql, params, many=False, executor=self._execute)

    return PreparingCursor, LoggedCursor


@dataclass(frozen=True)
class IdsQuery:
    """A compiled query with its ids left open; `fetchall(ids)` runs it with one parameter for all of them."""

    before: str
    after: str
    params_before: tuple
    params_after: tuple

    @classmethod
    def compile(cls, queryset: QuerySet) -> IdsQuery:
        sql, params = queryset.query.sql_with_params()
        if sql.count(_MARK) != 1:
            raise ValueError("The query must hold ids_mark() exactly once.")
        before, after = sql.split(_MARK)
        count = before.count("%s")
        return cls(before, after, tuple(params[:count]), tuple(params[count:]))

    def fetchall(self, ids: Iterable[int]) -> list[tuple]:
        ids = [int(pk) for pk in ids]
        if not ids:
            return []
        bound = ids if connection.vendor == "postgresql" else orjson.dumps(ids).decode()
        with server_bound_cursor() as cursor:
            cursor.execute(
                self.before + _IDS_SQL[connection.vendor] + self.after,
                (*self.params_before, bound, *self.params_after),
            )
            return cursor.fetchall()
