"""schemathesis against the API's own OpenAPI schema: no generated call gets a server error.

It runs in-process against the WSGI app, with a write token, on an organisation that has
customers, invoices, a payment, a hold and an action awaiting approval. The ids in paths and
bodies are swapped for real ones, so calls reach the services instead of stopping at 404.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from innen.api.tokens import api_token_create
from tests.api.conftest import populate

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def real_ids(org, owner, today):
    return populate(org, owner, today)


@pytest.fixture
def connection_kept():
    """Keep the test's database connection open across calls, as Django's test client does.

    The WSGI handler closes the connection when a request finishes; inside a test that would
    end the test's transaction (on PostgreSQL) and every call after it would fail.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def secret(org, owner):
    return api_token_create(organisation=org, name="fuzz", scope="write", created_by=owner).secret


def _with_real_ids(case, ids):
    for name, value in (case.path_parameters or {}).items():
        if name in ids and isinstance(value, int):
            case.path_parameters[name] = ids[name]
    if isinstance(case.body, dict):
        for name in ("customer_id", "invoice_id"):
            if isinstance(case.body.get(name), int):
                case.body[name] = ids[name]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_call_is_a_server_error(case, real_ids, secret, connection_kept):
    _with_real_ids(case, real_ids)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {secret}"}, checks=[not_a_server_error]
    )
