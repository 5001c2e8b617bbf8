"""Property-based run of the whole API from its own schema, with every schemathesis check.

No 5xx; every answer matches the schema (status, content type, headers, body); schema-valid requests are
accepted and schema-breaking ones refused with a 4xx. Bounded in `make test`: a fixed number of examples
per operation (derandomized, so every run sends the same requests). `bin/schemathesis` runs the same test
with more examples (SCHEMATHESIS_EXAMPLES, SCHEMATHESIS_NEGATIVE_EXAMPLES) for the long run of issue 15.
Operations are driven with schemathesis' strategies inside one test (its pytest plugin does not support
pytest 9 yet).
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.modes import GenerationMode

from governance.api.services import token_create
from governance.wsgi import application
from tests.factories import (
    DataSourceFactory,
    MembershipFactory,
    MLModelFactory,
    ModelVersionFactory,
    UserFactory,
)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))  # per operation, schema-valid
NEGATIVE_EXAMPLES = int(os.environ.get("SCHEMATHESIS_NEGATIVE_EXAMPLES", "8"))  # per operation, breaking

# Schema-valid requests must be accepted. A 400 is allowed too: generated bodies name ids that do not exist
# (or that the fuzzer may not see) and break cross-field rules no schema can state (a consent that expires
# before it was obtained). Everything else a check can find is a failure.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]
            }
        }
    }
)


@pytest.fixture
def auth_header(team):
    user = UserFactory(username="fuzzer")
    MembershipFactory(user=user, team=team, role="maintainer")
    model = MLModelFactory(team=team, owner=user, name="fuzz-target")
    ModelVersionFactory(model=model, label="1.0.0")
    DataSourceFactory(team=team, steward=user)
    _, key = token_create(user=user, name="schemathesis")
    return {"Authorization": f"Bearer {key}"}


def _run_every_operation(auth_header, *, mode: GenerationMode, examples: int) -> tuple[list[str], int]:
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)
    failures, operations, cases = [], 0, [0]
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
        )
        def run(case):
            cases[0] += 1
            case.call_and_validate(headers=auth_header)

        try:
            run()
        except (
            Exception,
            BaseExceptionGroup,
        ) as exc:  # collect every failing operation, report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert operations >= 59  # every operation of the schema (59 today), reads and writes
    print(f"\nschemathesis {mode.value}: {operations} operations, {cases[0]} cases, {len(failures)} failing")
    return failures, cases[0]


@pytest.mark.django_db
def test_api_conforms_to_its_schema(raised_limits, auth_header):
    failures, _ = _run_every_operation(auth_header, mode=GenerationMode.POSITIVE, examples=EXAMPLES)
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
def test_api_refuses_what_its_schema_forbids(raised_limits, auth_header):
    """Schema-breaking input (wrong types, missing or extra fields, unknown parameters, bad path ids, broken
    auth, NUL, odd unicode): a 4xx in the documented shape, never a 5xx, never accepted."""
    failures, _ = _run_every_operation(auth_header, mode=GenerationMode.NEGATIVE, examples=NEGATIVE_EXAMPLES)
    assert not failures, "\n\n".join(failures)


@pytest.fixture
def raised_limits(settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # schemathesis calls the WSGI app as localhost
    # Thousands of requests as one user within a minute, and wrong tokens on purpose: raise the limits by
    # settings (the throttles read them per request, governance.foundation.api.throttles).
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
    }
    settings.API_TOKEN_FAILURES_PER_IP = 1_000_000
    settings.API_TOKEN_FAILURES_PER_PREFIX = 1_000_000
