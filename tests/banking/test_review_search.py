"""Bank → Payments to review: a line's search finds the open invoices it may pay (by number,
customer or amount), a controller ticks them, and the page speaks Dutch."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from innen.banking.models import BankEntry, MatchStatus
from innen.banking.services import statement_import
from innen.ledger.models import Invoice
from innen.ledger.selectors import invoice_search_open
from innen.ledger.services import payment_register
from innen.organisations.models import Membership, Role
from tests import factories
from tests.banking.conftest import entry, statement

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


@pytest.fixture
def waiting(reader, org, account):
    """One line of 200.00 that names nothing, so it waits for review."""
    line = entry(1, "200.00", remittance="zie mail", counterparty_iban="")
    data = reader.add(b"nov", statement([line]))
    statement_import(data=data, name="nov.xml", organisation=org, dry_run=False)
    row = BankEntry.objects.get()
    assert row.match_status == MatchStatus.REVIEW
    return row


def signed_in(client, org, role=Role.CONTROLLER):
    user = User.objects.create_user(f"{role}-user", password="x-long-password")
    Membership.objects.create(user=user, organisation=org, role=role)
    client.force_login(user)
    return client


def search(client, row, text, language="nl"):
    query = {"entry": row.pk, "q": text}
    return client.get(reverse("bank-review"), query, HTTP_ACCEPT_LANGUAGE=language)


def test_a_lines_search_finds_open_invoices_by_number_customer_or_amount(client, org, waiting):
    # Numbered by hand: a word finds any part of a customer's number too, and the factory's
    # count (C0080 after some eighty others in the process) would let "80" find Jansen's all.
    jansen = factories.customer(org, name="Bakkerij Jansen B.V.", number="JAN-7")
    first = factories.invoice(org, jansen, total="120.00", number="2026-0041")
    second = factories.invoice(org, jansen, total="80.00", number="2026-0042")
    vries = factories.customer(org, name="De Vries", number="VRI-9")
    other = factories.invoice(org, vries, total="80.00", number="2026-0050")
    paid = factories.invoice(org, jansen, total="50.00", number="2026-0040")
    payment_register(
        organisation=org, customer=jansen, date=TODAY, amount=Decimal("50.00"), designated=[paid]
    )
    theirs = factories.organisation("Bob B.V.")
    factories.invoice(theirs, factories.customer(theirs, name="Jansen Bob"), total="80.00")
    client = signed_in(client, org)

    def numbers(text):
        return [invoice.number for invoice in search(client, waiting, text).context["found"]]

    assert numbers("jansen") == [first.number, second.number]  # open ones, oldest due first
    assert numbers("2026-0042") == [second.number]
    assert numbers("80,00") == [second.number, other.number]
    assert numbers("jansen 80") == [second.number]  # every word must find the invoice
    assert numbers("an-7") == [first.number, second.number]  # any part of the customer's number
    assert numbers("Bob") == []  # another organisation's invoices are never found


def test_the_ticked_invoices_are_paid_in_the_order_shown(client, org, waiting):
    customer = factories.customer(org, name="Bakkerij Jansen B.V.")
    first = factories.invoice(org, customer, total="120.00", number="2026-0041")
    second = factories.invoice(org, customer, total="80.00", number="2026-0042")
    client = signed_in(client, org)
    page = search(client, waiting, "jansen")
    assert b'name="invoices" value="2026-0041"' in page.content

    assign = reverse("bank-entry-assign", args=[waiting.pk])
    client.post(assign, {"invoices": [first.number, second.number]})

    waiting.refresh_from_db()
    assert waiting.match_status == MatchStatus.MATCHED
    assert Invoice.objects.filter(pk__in=[first.pk, second.pk]).open().count() == 0


def test_a_viewer_searches_but_has_nothing_to_tick(client, org, waiting):
    factories.invoice(org, factories.customer(org, name="Jansen"), total="200.00")
    page = search(signed_in(client, org, Role.VIEWER), waiting, "jansen")
    assert len(page.context["found"]) == 1
    assert b'name="invoices"' not in page.content


def test_the_review_page_and_its_search_are_dutch(client, org, waiting):
    factories.invoice(org, factories.customer(org, name="Jansen"), total="200.00")
    client = signed_in(client, org)
    page = search(client, waiting, "jansen").content.decode()
    for dutch in (
        "Te beoordelen betalingen",
        "Openstaande facturen zoeken",
        "Betaalt de aangevinkte facturen",
        "Vervaldatum",
        "Geen betaling van een factuur: opzij leggen",
    ):
        assert dutch in page
    nothing = search(client, waiting, "Pietersen").content.decode()
    assert 'Geen openstaande factuur gevonden voor "Pietersen".' in nothing


def test_the_search_selector_finds_nothing_for_nothing_typed(org):
    factories.invoice(org, factories.customer(org), total="10.00")
    assert invoice_search_open(organisation=org, today=TODAY, text="  ") == []
    found = invoice_search_open(organisation=org, today=TODAY, text="10")
    assert [invoice.open_amount for invoice in found] == [Decimal("10.00")]


def test_why_matching_offers_an_invoice_is_said_in_dutch(client, reader, org, account):
    customer = factories.customer(org, name="Bakkerij Jansen B.V.")
    invoice = factories.invoice(org, customer, total="200.00")
    name = "Bakkerij Jansen"
    line = entry(1, "200.00", remittance="zie mail", counterparty_iban="", counterparty_name=name)
    data = reader.add(b"nov", statement([line]))
    statement_import(data=data, name="nov.xml", organisation=org, dry_run=False)
    row = BankEntry.objects.get()
    assert row.match_status == MatchStatus.REVIEW
    assert row.match_note.startswith("best candidate scores 75")  # the record stays English

    page = signed_in(client, org).get(reverse("bank-review"), HTTP_ACCEPT_LANGUAGE="nl")

    text = page.content.decode()
    assert "de beste kandidaat scoort 75, onder 90: de naam" in text
    assert f"is wat openstaat op factuur {invoice.number}" in text
    for english in ("best candidate", "what is open", "Payments to review", "Accept"):
        assert english not in text
