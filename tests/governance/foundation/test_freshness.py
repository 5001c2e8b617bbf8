"""The data generation: which statements bump it, when (at commit, never for a rolled-back write), and that
a lost generation never brings back an old number."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from governance.foundation import freshness
from tests.factories import TeamFactory


@pytest.mark.parametrize(
    ("sql", "bumps"),
    [
        ('INSERT INTO "inventory_mlmodel" ("name") VALUES (%s)', True),
        ('UPDATE "risks_risk" SET "status" = %s', True),
        ('DELETE FROM "inventory_membership" WHERE "id" = %s', True),
        ("INSERT INTO checks_modelcheckstatus (model_id) SELECT 1", True),
        ('  update "auth_user" SET "is_superuser" = true', True),
        ('SELECT COUNT(*) FROM "inventory_mlmodel"', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "notifications_notification" ("kind") VALUES (%s)', False),
        ('UPDATE "api_apitoken" SET "last_used_at" = %s', False),
    ],
)
def test_which_statements_count_as_writes(sql, bumps):
    match = freshness.WRITE.match(sql)
    assert bool(match and not freshness.IGNORED.match(match.group(1))) is bumps


@pytest.mark.django_db(transaction=True)
def test_a_write_bumps_once_at_commit_and_a_rolled_back_one_never():
    start = freshness.generation()
    with transaction.atomic():
        TeamFactory()
        TeamFactory()
        assert freshness.generation() == start  # not before the commit: others cannot see it yet
        assert freshness.has_uncommitted_writes()
    assert freshness.generation() == start + 1
    with transaction.atomic():
        TeamFactory()
        transaction.set_rollback(True)
    assert freshness.generation() == start + 1
    TeamFactory()  # autocommit
    assert freshness.generation() == start + 2
    with connection.cursor() as cursor:  # raw SQL too
        cursor.execute("UPDATE inventory_team SET description = 'x'")
    assert freshness.generation() == start + 3


@pytest.mark.django_db(transaction=True)
def test_reads_do_not_bump():
    TeamFactory()
    start = freshness.generation()
    list(TeamFactory._meta.model.objects.all())
    assert freshness.generation() == start


def test_a_lost_generation_restarts_above_every_earlier_number():
    first = freshness.generation()
    freshness.bump()
    cache.delete(freshness.KEY)
    assert freshness.generation() > first + 1
