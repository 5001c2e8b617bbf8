"""The API's row cache on PostgreSQL and Redis (tests/governance/inventory/api/test_row_cache.py runs them on
SQLite and the local-memory cache): the table generations live in Redis, bumped in one pipeline at commit."""

from __future__ import annotations

import pytest
from django.core.cache import cache, caches
from django.db import transaction

from governance.foundation import freshness
from governance.foundation.cache import TolerantRedisCache
from tests.factories import TeamFactory
from tests.governance.inventory.api.test_row_cache import (  # noqa: F401 - the same tests, run here too
    _counts_cache,
    models,
    test_a_committed_write_to_what_rows_read_shows_at_once,
    test_a_model_moved_to_another_team_leaves_the_members_list_at_once,
    test_a_warm_page_reads_no_rows_and_says_what_a_cold_one_says,
    test_writes_to_tables_the_rows_do_not_read_keep_them,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_commit_bumps_each_written_table_once_and_no_other():
    assert isinstance(caches["default"], TolerantRedisCache)
    tables = ("inventory_team", "inventory_mlmodel")
    before = freshness.table_versions(tables)
    with transaction.atomic():
        TeamFactory()
        TeamFactory()
        assert freshness.table_versions(tables) is None  # this transaction's writes are its own
    after = freshness.table_versions(tables)
    assert after == (before[0] + 1, before[1])


def test_a_lost_table_generation_restarts_above_every_earlier_number():
    (first,) = freshness.table_versions(("inventory_team",))
    TeamFactory()
    cache.delete(freshness.TABLE_KEY % "inventory_team")
    TeamFactory()  # bumps a missing key: it starts again from the clock, not from 1
    (again,) = freshness.table_versions(("inventory_team",))
    assert again > first + 1
