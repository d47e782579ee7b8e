"""schemathesis against the API's own OpenAPI schema, with every check it has.

What the schema allows, the API must accept (not 422), and what it rules out, the API must
refuse; no call may be a server error, and every answer must be one the schema documents, in
the shape it documents. It runs in-process against the WSGI app, with a write token, on an
organisation that has customers, invoices, a payment, a hold and an action awaiting approval.

A schema cannot say everything: that an id names a row of this organisation, that an IBAN's
check digits add up, that a total is the amount excluding VAT plus the VAT. Each operation's
description says so, and for schema-valid (positive) cases the test fills in what the fixture
and those rules need (`fitted`), so such a case reaches the services instead of stopping at a
rule the generator could not know. Negative cases go out as generated.
"""

import os
from datetime import date, timedelta
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.parameters import ParameterLocation

from innen.api.tokens import api_token_create
from innen.banking.models import BankAccount
from innen.ledger.models import Invoice
from tests.api.conftest import mt940, populate

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
# Text in the schema excludes NUL and lone surrogates by its pattern; the generator adds them
# to strings on its own unless told not to.
schema.config.generation.update(allow_x00=False, codec="utf-8")
load_all_checks()
# Every check schemathesis has, named here so that none is left out by a default.
EVERY_CHECK = list(CHECKS.get_all())
VALID_IBAN = "NL91ABNA0417164300"
VALID_VAT = "NL004495445B01"
STATEMENTS = "POST /api/bank-statements/"


@pytest.fixture
def real_ids(org, owner, today):
    ids = populate(org, owner, today)
    invoice = Invoice.objects.get(pk=ids["invoice_id"])
    return {
        **ids,
        # A due date after every invoice's issue date, whichever invoice a case reaches.
        "issued": Invoice.objects.filter(organisation=org).latest("issue_date").issue_date,
        "today": today,
        "invoice_number": invoice.number,
        "statement": mt940(BankAccount.objects.get(organisation=org).iban),
    }


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


def positive_at(case, location):
    return case.meta is None or not case.meta.is_negative_at(location)


def fitted(case, ids):
    """The positive case with real ids, and with the rules the schema cannot state kept."""
    if positive_at(case, ParameterLocation.PATH):
        for name, value in (case.path_parameters or {}).items():
            if name in ids and isinstance(value, int | float):
                case.path_parameters[name] = ids[name]
    if isinstance(case.body, dict) and positive_at(case, ParameterLocation.BODY):
        # A copy: the generator may hand the same body to a later (negative) case.
        case.body = dict(case.body)
        _fit_body(case.body, ids, case.operation.label)
    upload = case.operation.label.startswith(STATEMENTS) and isinstance(case.body, dict)
    if upload and _positive(case) and "file" in case.body:
        case.body = {**case.body, "file": ids["statement"]}  # a statement of its account
    return case


def _positive(case):
    # The body of a file upload may be negative without saying so at the body.
    return case.meta is None or case.meta.generation.mode.is_positive


def _later(day, than):
    return max(day, than.isoformat()) if day else day


def _fit_body(body, ids, operation):
    for name in ("customer_id", "invoice_id"):
        if isinstance(body.get(name), int | float):
            body[name] = ids[name]
    if body.get("invoice_ids"):
        body["invoice_ids"] = [ids["invoice_id"]]
    if body.get("ibans"):
        body["ibans"] = [VALID_IBAN]
    if body.get("emails"):
        body["emails"] = "debiteuren@example.nl"
    if body.get("vat_number"):
        body["vat_number"] = VALID_VAT
    if body.get("kind") == "consumer":  # a consumer has no KvK or VAT number
        body["kvk_number"] = body["vat_number"] = ""
    elif body.get("kvk_number") or body.get("vat_number"):
        body["kind"] = "business"
    if "total" in body:  # the total is the amount excluding VAT plus the VAT
        total, vat = Decimal(body["total"]), Decimal(body.get("vat_amount", "0"))
        if total < vat:
            body["vat_amount"], vat = "0.00", Decimal(0)
        body["amount_excl_vat"] = f"{total - vat:.2f}"
    if operation == "POST /api/invoices/":  # an invoice is due on or after its date
        body["due_date"] = _later(body["due_date"], date.fromisoformat(body["issue_date"]))
    if operation == "PATCH /api/invoices/{invoice_id}" and body.get("due_date"):  # and stays so
        body["due_date"] = _later(body["due_date"], ids["issued"])
    if operation == "POST /api/holds/":  # a hold ends on or after it starts (today)
        starts = date.fromisoformat(body["starts_on"]) if body.get("starts_on") else ids["today"]
        body["ends_on"] = _later(body.get("ends_on"), starts)
    _fit_desk_body(body, ids, operation)


def _fit_desk_body(body, ids, operation):
    if "text" in body and not str(body["text"]).strip():  # an answer says something
        body["text"] = "Wij hebben het bedrag gecorrigeerd."
    if operation == "POST /api/promises/":  # a promise names a day after today, not far
        body["promised_on"] = (ids["today"] + timedelta(days=3)).isoformat()
    if operation == "POST /api/bank-entries/{entry_id}/assign":  # invoices that exist
        body["invoices"] = [ids["invoice_number"]]


@pytest.mark.django_db
@schema.parametrize()
# The same examples on every run, so CI is not red by chance; SCHEMATHESIS_EXAMPLES=500
# SCHEMATHESIS_EXPLORE=1 looks further, with new examples each time.
@settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25")),
    derandomize=not os.environ.get("SCHEMATHESIS_EXPLORE"),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, real_ids, secret, connection_kept):
    # A case negative in its headers may have left the token out on purpose.
    token = {"Authorization": f"Bearer {secret}"}
    headers = token if positive_at(case, ParameterLocation.HEADER) else {}
    fitted(case, real_ids).call_and_validate(headers=headers, checks=EVERY_CHECK)


def test_every_check_schemathesis_has_is_run():
    names = {check.__name__ for check in EVERY_CHECK}
    assert {"negative_data_rejection", "positive_data_acceptance", "not_a_server_error"} <= names
    assert {"response_schema_conformance", "status_code_conformance", "ignored_auth"} <= names
