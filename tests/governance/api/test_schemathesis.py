"""Property-based run of the whole API from its own schema: no 5xx, every response matches the schema.

Bounded: a fixed number of examples per operation (40 valid, 15 schema-breaking; derandomized, so every run
sends the same requests) keeps both runs to about a minute and a half together. Operations are driven
with schemathesis' strategies inside one test (its pytest plugin does not support pytest 9 yet).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.throttling import UserRateThrottle
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from governance.api.services import token_create
from governance.wsgi import application
from tests.factories import (
    DataSourceFactory,
    MembershipFactory,
    MLModelFactory,
    ModelVersionFactory,
    UserFactory,
)

EXAMPLES = 40  # per operation, schema-valid
NEGATIVE_EXAMPLES = 15  # per operation, schema-breaking


@pytest.fixture
def auth_header(team):
    user = UserFactory(username="fuzzer")
    MembershipFactory(user=user, team=team, role="maintainer")
    model = MLModelFactory(team=team, owner=user, name="fuzz-target")
    ModelVersionFactory(model=model, label="1.0.0")
    DataSourceFactory(team=team, steward=user)
    _, key = token_create(user=user, name="schemathesis")
    return {"Authorization": f"Bearer {key}"}


def _run_every_operation(auth_header, *, mode: GenerationMode, examples: int, excluded: list) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
        )
        def run(case):
            case.call_and_validate(headers=auth_header, excluded_checks=excluded)

        try:
            run()
        except (
            Exception,
            BaseExceptionGroup,
        ) as exc:  # collect every failing operation, report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert operations >= 50  # every operation of the schema (56 today), reads and writes
    return failures


@pytest.mark.django_db
def test_api_conforms_to_its_schema(settings_override, auth_header):
    # Requests naming ids that do not exist are schema-valid yet rightly refused (400/404), so the
    # "valid data is accepted" check does not apply; every other check does.
    failures = _run_every_operation(
        auth_header, mode=GenerationMode.POSITIVE, examples=EXAMPLES, excluded=[positive_data_acceptance]
    )
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
def test_api_refuses_what_its_schema_forbids(settings_override, auth_header, settings):
    """Schema-breaking input (wrong types, missing fields, bad path ids, broken auth, NUL, odd unicode):
    never a 5xx, and every answer in the documented shape. Input the API may ignore (an unknown query
    parameter, an extra field) is exempt from the "invalid data is rejected" check."""
    settings.API_TOKEN_FAILURES_PER_IP = 1_000_000  # negative cases send wrong tokens on purpose
    failures = _run_every_operation(
        auth_header,
        mode=GenerationMode.NEGATIVE,
        examples=NEGATIVE_EXAMPLES,
        excluded=[positive_data_acceptance, negative_data_rejection],
    )
    assert not failures, "\n\n".join(failures)


@pytest.fixture
def settings_override(settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # schemathesis calls the WSGI app as localhost
    # DRF binds throttle rates when it imports the views, so a settings override cannot lift them; the
    # class attribute can. This one test sends thousands of requests as one user within a minute.
    monkeypatch.setattr(UserRateThrottle, "rate", "1000000/minute", raising=False)
