"""An organisation collecting with the default policies, its tokens, and a client that calls."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest

from innen.api.tokens import api_token_create
from innen.arrangements import services as arrangements
from innen.banking.models import BankEntry
from innen.banking.services import bank_account_add, statement_import
from innen.collection import services as collection
from innen.collection.models import Action, HoldReason, Message
from innen.daily import run_day
from innen.dossier.models import Event
from innen.ledger import services as ledger
from tests import factories
from tests.personas import collecting_organisation

# A statement as a bank writes it (MT940), for the account each organisation holds.
IBANS = ["NL91ABNA0417164300", "NL20INGB0001234567"]


def mt940(iban):
    return f"""\
:20:STMT0001
:25:{iban}
:28C:00001/1
:60F:C261101EUR1000,00
:61:2611021102C121,00NTRFREF0001//BANK0001
:86:/EREF/E2E-1//CNTP/NL44RABO0123456789/RABONL2U/Onbekend BV///REMI/USTD//Bestelling 7/
:61:2611031103D50,00NTRFREF0002//BANK0002
:86:/CNTP/NL44RABO0123456789/RABONL2U/Leverancier BV///REMI/USTD//Inkoop 7/
:62F:C261103EUR1071,00
""".encode()


def bank_statement(org):
    """The organisation's bank account, and the file of one statement of it."""
    iban = IBANS[org.pk % len(IBANS)]
    bank_account_add(organisation=org, iban=iban, name="zakelijk")
    return mt940(iban)


@pytest.fixture
def other_org(today):
    return collecting_organisation("Bob B.V.", today)


class Api:
    """The Django test client with a bearer token and JSON bodies."""

    def __init__(self, client, secret):
        self.client = client
        self.headers = {"Accept-Language": "en"}
        if secret:
            self.headers["Authorization"] = f"Bearer {secret}"

    def get(self, path, **params):
        return self.client.get(f"/api{path}", params, headers=self.headers)

    def post(self, path, body=None):
        return self._send("post", path, body)

    def patch(self, path, body=None):
        return self._send("patch", path, body)

    def upload(self, path, data):
        """A multipart form, as a file is sent."""
        return self.client.post(f"/api{path}", data, headers=self.headers)

    def _send(self, method, path, body):
        data = json.dumps({} if body is None else body)
        call = getattr(self.client, method)
        return call(f"/api{path}", data, content_type="application/json", headers=self.headers)


@pytest.fixture
def write_token(org, owner):
    return api_token_create(organisation=org, name="boekhouding", scope="write", created_by=owner)


@pytest.fixture
def api(client, write_token):
    return Api(client, write_token.secret)


@pytest.fixture
def read_api(client, org):
    return Api(client, api_token_create(organisation=org, name="bi", scope="read").secret)


def overdue_invoice(org, today, days, **fields):
    customer = factories.customer(org)
    return factories.invoice(
        org,
        customer,
        due=today - timedelta(days=days),
        issue_date=today - timedelta(days=days + 30),
        **fields,
    )


def awaiting_approval(org, today):
    """A hand-over, which the default policies let wait for a controller's approval."""
    invoice = overdue_invoice(org, today, 60)
    run_day(org, today)
    return invoice, Message.objects.get(customer=invoice.customer, kind="handover")


def populate(org, user, today):
    """One of everything the API serves, in `org`; returns the ids by path parameter name."""
    invoice, _message = awaiting_approval(org, today)
    customer = invoice.customer
    note = ledger.credit_note_create(
        organisation=org,
        customer=customer,
        number=f"CN-{org.pk}",
        issue_date=today,
        amount_excl_vat=Decimal("10.00"),
        vat_amount=Decimal("2.10"),
        total=Decimal("12.10"),
    )
    payment = ledger.payment_register(
        organisation=org, customer=customer, date=today, amount=Decimal("20.00")
    )
    hold = collection.hold_place(
        customer=customer, reason=HoldReason.PROMISE, starts_on=today, user=user, today=today
    )
    return {
        **_ledger_and_collection(org, invoice, note, payment, hold),
        **_arrangements(overdue_invoice(org, today, 30), today),
        **_bank(org),
    }


def _ledger_and_collection(org, invoice, note, payment, hold):
    customer = invoice.customer
    return {
        "customer_id": customer.pk,
        "invoice_id": invoice.pk,
        "credit_note_id": note.pk,
        "payment_id": payment.pk,
        "hold_id": hold.pk,
        "action_id": Action.objects.filter(invoice=invoice).latest("pk").pk,
        "event_id": Event.objects.filter(organisation=org).latest("pk").pk,
    }


def _arrangements(invoice, today):
    """A dispute, a promise and a plan waiting for a decision (more months than the rules),
    of a customer without the hold above (which counts as a promise already made)."""
    customer, ids = invoice.customer, [invoice.pk]
    dispute = arrangements.dispute_open(
        customer=customer, reason="amount_wrong", message="Te hoog", invoice_ids=ids, today=today
    )
    promise = arrangements.promise_make(
        customer=customer, promised_on=today + timedelta(days=7), invoice_ids=ids, today=today
    )
    plan = arrangements.plan_propose(customer=customer, months=12, invoice_ids=ids, today=today)
    return {"dispute_id": dispute.pk, "promise_id": promise.pk, "plan_id": plan.pk}


def _bank(org):
    summary = statement_import(
        data=bank_statement(org), name="nov.940", organisation=org, dry_run=False
    )
    assert summary.ok, summary.errors
    entry = BankEntry.objects.get(organisation=org, amount__gt=0)  # the line to review
    return {"import_id": summary.import_ids[0], "entry_id": entry.pk}
