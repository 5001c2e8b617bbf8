"""Hot queries over a list of values (ids, a token's prefix): compiled once, prepared once per connection
(issue 24).

The API's rows query holds dozens of JSON expressions. Compiling them costs Django more than the database
takes to run them; planning them costs PostgreSQL about a millisecond a call; and psycopg re-parses a text
this long on every call (it caches only short ones). Here the query is compiled once per process with its
values left open as one array. On PostgreSQL it becomes a session-level prepared statement
(`PREPARE name(bigint[]) AS ...`, the compiled constants written into it), run as `EXECUTE name(%s)`: a
short text, planned once per connection (a 100-row page: 3.0 ms against 4.5 ms, org-10k).
`DB_PREPARED_STATEMENTS=false` runs the full text each time instead (behind a transaction-pooling
PgBouncer, where a session's statements may meet another connection). SQLite gets the values as one JSON
text read by json_each, which also keeps a large export chunk under its limit on the number of variables.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

import orjson
from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .freshness import tables_read

__all__ = ["IdsQuery", "ids_mark"]

_MARK = "SELECT 0 AS values_go_here"
_TYPES = {"bigint": int, "text": str}

# The statements prepared on each PostgreSQL session (psycopg connection), by name; a new connection after a
# drop or CONN_MAX_AGE starts empty, as its server session does.
_PREPARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def ids_mark() -> RawSQL:
    """Stands for the values in a query given to IdsQuery: `filter(pk__in=ids_mark())`."""
    return RawSQL(_MARK, ())  # noqa: S611 - a constant, replaced by IdsQuery


@dataclass(frozen=True)
class IdsQuery:
    """A compiled query with its values left open; `fetchall(values)` runs it with one parameter for all."""

    before: str
    after: str
    params_before: tuple
    params_after: tuple
    sql_type: str = "bigint"
    name: str = field(default="", compare=False)

    @classmethod
    def compile(cls, queryset: QuerySet, *, sql_type: str = "bigint") -> IdsQuery:
        if sql_type not in _TYPES:
            raise ValueError(f"Values of type {sql_type!r} are not supported.")
        sql, params = queryset.query.sql_with_params()
        if sql.count(_MARK) != 1:
            raise ValueError("The query must hold ids_mark() exactly once.")
        before, after = sql.split(_MARK)
        count = before.count("%s")
        digest = hashlib.sha256(f"{sql}\x00{params!r}\x00{sql_type}".encode()).hexdigest()[:24]
        table = queryset.model._meta.db_table
        return cls(before, after, tuple(params[:count]), tuple(params[count:]), sql_type, f"{table}_{digest}")

    @property
    def tables(self) -> frozenset[str]:
        """The tables the query reads (what a cache of its answers must watch: freshness.py)."""
        return tables_read(self.before + self.after)

    def fetchall(self, values: Iterable) -> list[tuple]:
        convert = _TYPES[self.sql_type]
        values = [convert(value) for value in values]
        if not values:
            return []
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                cursor.execute(
                    self.before + "SELECT value FROM json_each(%s)" + self.after,  # noqa: S608 - compiled by the ORM
                    (*self.params_before, orjson.dumps(values).decode(), *self.params_after),
                )
            elif not settings.DB_PREPARED_STATEMENTS:
                cursor.execute(
                    self.before + f"SELECT UNNEST(%s::{self.sql_type}[])" + self.after,
                    (*self.params_before, values, *self.params_after),
                )
            else:
                self._prepare(cursor)
                cursor.execute(f"EXECUTE {self.name}(%s)", (values,))
            return cursor.fetchall()

    def _prepare(self, cursor) -> None:
        """Once per session. Prepared statements outlive a rolled-back transaction, so an error later in the
        request leaves this one usable."""
        done = _PREPARED.setdefault(connection.connection, set())
        if self.name in done:
            return
        literal = (
            connection.ops.compose_sql(self.before, self.params_before)
            + f"SELECT UNNEST($1::{self.sql_type}[])"
            + connection.ops.compose_sql(self.after, self.params_after)
        )
        cursor.execute(f"PREPARE {self.name}({self.sql_type}[]) AS {literal}")
        done.add(self.name)
