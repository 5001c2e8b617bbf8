"""The rows' timestamps read exactly as DRF's DateTimeField writes them, whatever text the database gave:
PostgreSQL's UTC text (fraction without trailing zeros, or none), SQLite's text without an offset, another
zone's offset; in UTC and in a user's own zone."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.utils import timezone
from rest_framework.fields import DateTimeField

from governance.inventory.rows import _Finisher

MOMENTS = [
    datetime.datetime(2026, 4, 25, 18, 1, 25, 951534, tzinfo=datetime.UTC),
    datetime.datetime(2026, 4, 25, 18, 1, 25, 500000, tzinfo=datetime.UTC),
    datetime.datetime(2026, 4, 25, 18, 1, 25, 1, tzinfo=datetime.UTC),
    datetime.datetime(2026, 4, 25, 18, 1, 25, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 31, 23, 59, 59, 120000, tzinfo=datetime.UTC),
]


def postgresql_text(moment: datetime.datetime) -> str:
    """As PostgreSQL's JSON writes a timestamptz in a UTC session: trailing zeros of the fraction dropped."""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += "." + f"{moment.microsecond:06d}".rstrip("0")
    return text + "+00:00"


@pytest.mark.parametrize("zone", ["UTC", "Asia/Seoul", "America/New_York"])
@pytest.mark.parametrize("moment", MOMENTS)
def test_each_database_text_reads_as_drf_writes_it(zone, moment):
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        expected = DateTimeField().to_representation(moment)
        finisher = _Finisher(today=datetime.date(2026, 12, 7), consents={})
        assert finisher.when(postgresql_text(moment)) == expected
        assert finisher.when(moment.replace(tzinfo=None).isoformat(sep=" ")) == expected  # SQLite
        assert finisher.when(moment.astimezone(zoneinfo.ZoneInfo("Asia/Seoul")).isoformat()) == expected
        assert finisher.when(None) is None
