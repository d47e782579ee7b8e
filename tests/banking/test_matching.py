"""Imported statement lines paying invoices: applied when sure, for review when not."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from innen.banking.applying import entry_ignore
from innen.banking.models import BankEntry, MatchStatus
from innen.banking.services import statement_import
from innen.casefile.timeline import describe
from innen.collection.models import CollectionSettings, Message, MessageStatus
from innen.collection.policies import policy_install_defaults
from innen.daily import run_day
from innen.dossier.models import Event, EventKind
from innen.ledger.models import Invoice
from tests import factories
from tests.banking.conftest import entry, statement

pytestmark = pytest.mark.django_db


def run(reader, data, org):
    return statement_import(data=data, name="nov.xml", organisation=org, dry_run=False)


def test_a_payment_with_the_invoices_reference_pays_it_and_stops_its_reminder(reader, org, account):
    policy_install_defaults(organisation=org)
    CollectionSettings.objects.create(organisation=org, starts_on=date(2026, 1, 1))
    customer = factories.customer(org)
    invoice = factories.invoice(
        org, customer, total="242.00", due=date(2026, 10, 1), payment_reference="1234567890123452"
    )
    run_day(org, date(2026, 10, 8))
    assert Message.objects.filter(status=MessageStatus.QUEUED).exists()
    line = entry(1, "242.00", structured_reference="1234567890123452", remittance="")

    summary = run(reader, reader.add(b"nov", statement([line])), org)

    assert summary.matching["applied"] == 1 and summary.matching["review"] == 0
    assert Invoice.objects.filter(pk=invoice.pk).open().count() == 0
    row = BankEntry.objects.get()
    assert row.match_status == MatchStatus.MATCHED and row.payment is not None
    matched = Event.objects.get(kind=EventKind.PAYMENT_MATCHED)
    assert matched.payload["invoices"] == [invoice.number]
    assert "reference" in matched.payload["reason"]
    with translation.override("nl"):  # the case file says the reason in Dutch
        assert "reden: betalingskenmerk" in describe(matched.payload)
    assert not Message.objects.filter(status=MessageStatus.QUEUED).exists()
    withdrawn = list(Event.objects.filter(kind=EventKind.MESSAGE_WITHDRAWN))
    assert withdrawn and all(event.payload["settled"] == [invoice.number] for event in withdrawn)


def test_money_that_names_nothing_waits_for_review(reader, org, account):
    factories.invoice(org, factories.customer(org), total="100.00")
    line = entry(1, "37.50", remittance="Terugbetaling borg", counterparty_iban="")

    summary = run(reader, reader.add(b"nov", statement([line])), org)

    assert summary.matching["review"] == 1
    assert BankEntry.objects.get().match_status == MatchStatus.REVIEW
    assert Invoice.objects.open().count() == 1


def test_a_line_set_aside_is_noted_in_the_dossier(reader, org, account):
    factories.invoice(org, factories.customer(org), total="100.00")
    line = entry(1, "37.50", remittance="Terugbetaling borg", counterparty_iban="")
    run(reader, reader.add(b"nov", statement([line])), org)
    row = BankEntry.objects.get()
    controller = User.objects.create_user("carla")

    entry_ignore(row, user=controller)

    assert BankEntry.objects.get().match_status == MatchStatus.IGNORED
    note = Event.objects.get(kind=EventKind.NOTE)
    assert (note.actor, note.payload["entry"], note.payload["amount"]) == ("carla", row.pk, "37.50")


def test_a_payment_never_pays_another_organisations_invoice(reader, org, account):
    other = factories.organisation("Bob B.V.")
    theirs = factories.invoice(
        other, factories.customer(other), total="50.00", payment_reference="1234567890123452"
    )
    line = entry(1, "50.00", structured_reference="1234567890123452")

    run(reader, reader.add(b"nov", statement([line])), org)

    assert Invoice.objects.filter(pk=theirs.pk).open().count() == 1
    assert BankEntry.objects.get().match_status != MatchStatus.MATCHED
    assert Decimal(Invoice.objects.filter(pk=theirs.pk).open().get().open_amount) == Decimal(
        "50.00"
    )


def test_a_controller_assigns_a_line_in_review_and_a_viewer_cannot(reader, org, account, client):
    from django.contrib.auth.models import User
    from django.urls import reverse

    from innen.organisations.models import Membership, Role

    invoice = factories.invoice(org, factories.customer(org), total="80.00")
    line = entry(1, "80.00", remittance="zie mail", counterparty_iban="")
    run(reader, reader.add(b"nov", statement([line])), org)
    row = BankEntry.objects.get()
    assert row.match_status == MatchStatus.REVIEW
    viewer = User.objects.create_user("viewer", password="x")
    Membership.objects.create(user=viewer, organisation=org, role=Role.VIEWER)
    controller = User.objects.create_user("controller", password="x")
    Membership.objects.create(user=controller, organisation=org, role=Role.CONTROLLER)
    assign = reverse("bank-entry-assign", args=[row.pk])

    client.force_login(viewer)
    assert client.get(reverse("bank-review")).status_code == 200
    assert client.post(assign, {"invoices": invoice.number}).status_code == 403
    client.force_login(controller)
    client.post(assign, {"invoices": invoice.number})

    row.refresh_from_db()
    assert row.match_status == MatchStatus.MATCHED
    assert Invoice.objects.filter(pk=invoice.pk).open().count() == 0
    assert "controller" in Event.objects.get(kind=EventKind.PAYMENT_MATCHED).payload["reason"]


def test_another_organisations_line_cannot_be_decided(reader, org, account, client):
    from django.contrib.auth.models import User
    from django.urls import reverse

    from innen.organisations.models import Membership, Role

    line = entry(1, "80.00", remittance="zie mail", counterparty_iban="")
    run(reader, reader.add(b"nov", statement([line])), org)
    row = BankEntry.objects.get()
    other = factories.organisation("Bob B.V.")
    stranger = User.objects.create_user("stranger", password="x")
    Membership.objects.create(user=stranger, organisation=other, role=Role.OWNER)
    client.force_login(stranger)

    assert client.post(reverse("bank-entry-ignore", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.match_status == MatchStatus.REVIEW
