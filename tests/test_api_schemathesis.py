"""schemathesis generates requests from the API's own OpenAPI schema: none may fail."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from dossier.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def dossier(claim_164, claim_225, tokayev):
    claim_164.question.refresh_analysis()


@pytest.mark.django_db
@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_api_answers_every_generated_request_without_server_error(case, dossier):
    case.call_and_validate(checks=[not_a_server_error])
