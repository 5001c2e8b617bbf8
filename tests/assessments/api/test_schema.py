"""The assessments endpoints are in the OpenAPI schema, and their responses, with real data, match it."""

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from assessments import services
from governance.api.services import token_create
from governance.wsgi import application
from tests.factories import MembershipFactory, UserFactory

from ..conftest import answer_all, level_one, submitted

pytestmark = pytest.mark.django_db
PATHS = ("/api/v1/frameworks/", "/api/v1/assessments/", "/api/v1/team-maturity/")


def test_schema_describes_the_endpoints_with_their_errors(client):
    paths = yaml.safe_load(client.get("/api/schema/").content)["paths"]
    for path in PATHS:
        assert set(paths[path]) == {"get"}, path  # read-only
        assert set(paths[path + "{id}/"]) == {"get"}, path
        assert {"200", "401", "403", "404"} <= set(paths[path + "{id}/"]["get"]["responses"])
    params = {p["name"] for p in paths["/api/v1/assessments/"]["get"]["parameters"]}
    assert {"team", "framework", "framework_key", "status", "page", "page_size"} <= params


@pytest.fixture
def auth_header(settings, team, levels, test_score):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    user = UserFactory(username="fuzzer")
    MembershipFactory(user=user, team=team, role="maintainer")
    submitted(team, levels, user, level_one, days_ago=30)
    submitted(team, test_score, user, lambda q: "manual", days_ago=20)
    draft = services.assessment_start(actor=user, team=team, framework=levels)
    answer_all(draft, user, lambda q: "na" if q.level == 2 else None)
    _, key = token_create(user=user, name="schemathesis")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def no_token_lockout(settings):
    """The auth checks send the same wrong token again and again: keep the lock-out out of their way."""
    settings.API_TOKEN_FAILURES_PER_PREFIX = settings.API_TOKEN_FAILURES_PER_IP = 1_000_000


def test_responses_with_data_conform_to_the_schema(auth_header, team, no_token_lockout):
    from assessments.models import Assessment, Framework

    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    known = {
        "/api/v1/frameworks/{id}/": list(Framework.objects.values_list("pk", flat=True)),
        "/api/v1/assessments/{id}/": list(Assessment.objects.values_list("pk", flat=True)),
        "/api/v1/team-maturity/{id}/": [team.pk],
    }
    failures, operations = [], 0
    for result in schema.include(
        path_regex=r"^/api/v1/(frameworks|assessments|team-maturity)/"
    ).get_all_operations():
        operation = result.ok()
        operations += 1
        for pk in known.get(operation.path, []):  # the real records, then generated input
            operation.Case(path_parameters={"id": pk}).call_and_validate(headers=auth_header)

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def run(case):
            case.call_and_validate(headers=auth_header, excluded_checks=[positive_data_acceptance])

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert operations == 6
    assert not failures, "\n\n".join(failures)
