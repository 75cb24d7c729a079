"""schemathesis generates requests from the API's own OpenAPI schema: none may fail."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from dossier.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calls go straight to the WSGI application, which closes the database connection
    after each request; in a test that would end the test's transaction. Django's test
    client keeps it open the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def dossier(claim_164, claim_225, tokayev, settings):
    claim_164.question.refresh_analysis()
    # Thousands of generated requests from one address: not a flood to refuse.
    settings.PAGE_BUILD_RATE_LIMIT = 1_000_000


@pytest.mark.django_db
@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_api_answers_every_generated_request_without_server_error(case, dossier):
    case.call_and_validate(checks=[not_a_server_error])
