"""The hostile-input tests again on PostgreSQL, which refuses NUL in text and jsonb (SQLite stores it).

Same tests, same world (built again for this module); the `integration` marker puts them in the services
tier, where DATABASE_URL names PostgreSQL.
"""

import pytest

from .test_api_hostile_input import *  # noqa: F403
from .test_hostile_input import *  # noqa: F403

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
