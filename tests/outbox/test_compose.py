"""Composing a letter from the database: today's open amounts, the term per channel, the claim."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from innen.collection.models import (
    Action,
    ActionStatus,
    Message,
    MessageStatus,
    PolicyStep,
)
from innen.collection.policies import policy_install_defaults
from innen.law.claim import COMMERCIAL_INTEREST, STATUTORY_COSTS, Invoice, compute_claim
from innen.ledger import services as ledger
from innen.ledger.models import CustomerKind
from innen.letters.defaults import default_template
from innen.letters.rendering import render_message
from innen.outbox.compose import compose_letter, preview_letter, template_for
from innen.outbox.links import read_portal_token
from innen.outbox.models import MessageTemplate, SenderSettings
from innen.portal.codes import portal_code
from innen.rates.selectors import rate_tables
from tests import factories

pytestmark = pytest.mark.django_db

ON = date(2026, 11, 23)  # a Monday
DUE = date(2026, 10, 1)


@pytest.fixture
def org():
    organisation = factories.organisation(
        street="Havenstraat 12", postcode="3011 AB", city="Rotterdam", bic="ABNANL2A"
    )
    policy_install_defaults(organisation=organisation)
    return organisation


def business(org, **fields):
    return factories.customer(org, street="Kade 5", postcode="1019 BL", city="Amsterdam", **fields)


def consumer(org, **fields):
    return factories.customer(
        org,
        kind=CustomerKind.CONSUMER,
        name="J. Jansen",
        street="Lindelaan 8",
        postcode="3521 CD",
        city="Utrecht",
        **fields,
    )


def message_for(org, customer, kind, invoices, *, pay_before=None, status=MessageStatus.READY):
    """A message of the default policy's `kind` step, as the run leaves it."""
    step = PolicyStep.objects.get(
        policy__organisation=org, policy__customer_kind=customer.kind, kind=kind
    )
    message = Message.objects.create(
        organisation=org,
        customer=customer,
        step=step,
        kind=kind,
        channels=step.channels,
        decided_on=ON - timedelta(days=1),
        pay_before=pay_before,
        status=status,
    )
    for invoice in invoices:
        Action.objects.create(
            organisation=org,
            invoice=invoice,
            step=step,
            message=message,
            kind=kind,
            scheduled_on=message.decided_on,
            decided_on=message.decided_on,
            pay_before=pay_before,
            open_amount=invoice.total,
            claims_costs=step.claims_costs,
            claims_interest=step.claims_interest,
        )
    return message


def three_invoices(org, customer):
    return [
        factories.invoice(org, customer, total=total, due=DUE, issue_date=date(2026, 9, 1))
        for total in ("100.00", "150.00", "200.00")
    ]


def test_a_letter_lists_the_open_amounts_of_today_not_those_of_the_run(org):
    customer = business(org)
    first, second = three_invoices(org, customer)[:2]
    message = message_for(org, customer, "reminder", [first, second], pay_before=ON)
    ledger.payment_register(
        organisation=org, customer=customer, date=ON, amount=Decimal("40.00"), designated=[first]
    )
    letter = compose_letter(message, on=ON, channel="email")
    assert [line.open_amount for line in letter.invoices] == [Decimal("60.00"), Decimal("150.00")]
    assert letter.total_open == Decimal("210.00")
    assert letter.payment is not None and letter.payment.amount == Decimal("210.00")
    assert letter.pay_before == ON


def test_an_invoice_settled_or_withdrawn_since_the_run_is_left_out(org):
    customer = business(org)
    paid, withdrawn, still_open = three_invoices(org, customer)
    message = message_for(org, customer, "reminder", [paid, withdrawn, still_open])
    ledger.payment_register(
        organisation=org, customer=customer, date=ON, amount=paid.total, designated=[paid]
    )
    Action.objects.filter(invoice=withdrawn).update(status=ActionStatus.CANCELLED)
    letter = compose_letter(message, on=ON, channel="email")
    assert [line.number for line in letter.invoices] == [still_open.number]


def test_the_letter_names_both_parties_and_links_the_customers_portal(org):
    customer = business(org, contact_person="Anna de Vries", language="en")
    message = message_for(org, customer, "reminder", three_invoices(org, customer)[:1])
    SenderSettings.objects.create(organisation=org, signatory="M. van Dam")
    letter = compose_letter(message, on=ON, channel="email")
    assert letter.organisation.name == org.name and letter.organisation.city == "Rotterdam"
    assert letter.customer.contact_person == "Anna de Vries"
    assert letter.customer.number == customer.number
    assert letter.language == "en" and not letter.consumer
    assert letter.signatory == "M. van Dam"
    assert letter.reference == f"innen-{message.pk}"
    token = letter.portal_url.rstrip("/").rsplit("/", 1)[1]
    access = read_portal_token(token, timedelta(days=90))
    assert access is not None and (access.organisation_id, access.customer_id) == (
        org.pk,
        customer.pk,
    )


def test_one_invoice_is_paid_with_its_own_reference_several_with_their_numbers(org):
    customer = business(org)
    one = factories.invoice(org, customer, due=DUE, payment_reference="5000056789012345")
    other = factories.invoice(org, customer, due=DUE)
    single = compose_letter(message_for(org, customer, "reminder", [one]), on=ON, channel="email")
    assert single.payment is not None and single.payment.reference == "5000056789012345"
    both = compose_letter(
        message_for(org, customer, "second_reminder", [one, other]), on=ON, channel="email"
    )
    assert both.payment is not None and both.payment.reference == f"{one.number} {other.number}"


def test_a_fourteen_day_letters_term_is_counted_from_the_day_and_channel_it_goes_by(org):
    customer = consumer(org)
    message = message_for(
        org, customer, "fourteen_day_letter", three_invoices(org, customer), pay_before=ON
    )
    posted = compose_letter(message, on=ON, channel="letter")
    # Posted Monday: presumed received Wednesday 25 November, term to Wednesday 9 December.
    assert posted.fourteen_day is not None
    assert posted.fourteen_day.presumed_receipt == date(2026, 11, 25)
    assert posted.pay_before == posted.fourteen_day.term_ends == date(2026, 12, 9)
    assert posted.fourteen_day.costs_from == date(2026, 12, 10)
    mailed = compose_letter(message, on=ON, channel="email")
    # E-mailed Monday: received Tuesday 24 November, term to Tuesday 8 December.
    assert mailed.pay_before == date(2026, 12, 8)
    assert mailed.fourteen_day is not None and mailed.fourteen_day.channel == "email"


def test_a_fourteen_day_letter_states_the_costs_on_the_sum_of_its_invoices(org):
    customer = consumer(org)
    message = message_for(org, customer, "fourteen_day_letter", three_invoices(org, customer))
    letter = compose_letter(message, on=ON, channel="letter")
    assert letter.fourteen_day is not None
    assert letter.fourteen_day.collection_costs == Decimal("67.50")
    assert letter.claim is None and letter.amount_due == Decimal("450.00")


def test_a_business_claim_has_commercial_interest_and_costs_from_default(org):
    customer = business(org)
    invoices = three_invoices(org, customer)
    message = message_for(org, customer, "ingebrekestelling", invoices, pay_before=ON)
    letter = compose_letter(message, on=ON, channel="letter")
    expected = compute_claim(
        debtor="business",
        invoices=[Invoice(i.total, i.due_date, i.issue_date) for i in invoices],
        until=ON,
        interest=COMMERCIAL_INTEREST,
        costs=STATUTORY_COSTS,
        rates=rate_tables(),
    )
    assert letter.claim is not None
    assert letter.claim.interest_kind == "commercial"
    assert letter.claim.interest == expected.interest > 0
    assert letter.claim.collection_costs == Decimal("120.00")  # at least €40 per invoice
    assert letter.claim.total == expected.total == letter.amount_due
    assert letter.payment is not None and letter.payment.amount == expected.total


def test_a_consumer_owes_costs_only_after_a_sent_fourteen_day_letters_term(org):
    customer = consumer(org)
    invoices = three_invoices(org, customer)
    handover = message_for(org, customer, "handover", invoices)
    without = compose_letter(handover, on=ON, channel="letter")
    assert without.claim is not None
    assert without.claim.interest_kind == "statutory" and without.claim.interest > 0
    assert without.claim.collection_costs == 0

    letter = message_for(
        org, customer, "fourteen_day_letter", invoices, pay_before=date(2026, 11, 10)
    )
    assert compose_letter(handover, on=ON, channel="letter").claim.collection_costs == 0  # unsent

    # Posted on Friday 23 October, so its term ends on Tuesday 10 November, as it stated.
    Message.objects.filter(pk=letter.pk).update(
        status=MessageStatus.SENT, decided_on=date(2026, 10, 23)
    )
    after = compose_letter(handover, on=ON, channel="letter")
    assert after.claim is not None and after.claim.collection_costs == Decimal("67.50")
    during = compose_letter(handover, on=date(2026, 11, 10), channel="letter")
    assert during.claim is not None and during.claim.collection_costs == 0


def test_the_logo_is_read_from_the_organisation(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org.logo.save("logo.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))
    customer = business(org)
    message = message_for(org, customer, "reminder", three_invoices(org, customer)[:1])
    letter = compose_letter(message, on=ON, channel="email")
    assert letter.logo == b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    assert letter.logo_mime == "image/svg+xml"


def test_a_composed_letter_renders(org):
    customer = consumer(org)
    message = message_for(org, customer, "fourteen_day_letter", three_invoices(org, customer))
    letter = compose_letter(message, on=ON, channel="letter")
    rendered = render_message(letter, template_for(org, message.kind, letter.language))
    assert rendered.pdf.startswith(b"%PDF")
    assert "67,50" in rendered.text


def test_an_organisations_own_text_replaces_the_default(org):
    assert template_for(org, "reminder", "nl") == default_template("reminder", "nl")
    MessageTemplate.objects.create(
        organisation=org, kind="reminder", language="nl", subject="Hallo", body="Betaal a.u.b."
    )
    own = template_for(org, "reminder", "nl")
    assert (own.subject, own.body) == ("Hallo", "Betaal a.u.b.")
    assert template_for(org, "reminder", "en") == default_template("reminder", "en")


def test_a_preview_uses_the_customer_with_the_most_open_invoices(org):
    few = business(org, name="Weinig B.V.")
    factories.invoice(org, few, due=DUE)
    many = business(org, name="Veel B.V.")
    for _ in range(3):
        factories.invoice(org, many, due=DUE)
    letter = preview_letter(org, kind="ingebrekestelling", language="en", on=ON)
    assert letter.customer.name == "Veel B.V." and len(letter.invoices) == 3
    assert letter.language == "en"
    assert letter.claim is not None and letter.claim.interest > 0  # as the step claims
    assert letter.pay_before == ON + timedelta(days=14)
    chosen = preview_letter(org, kind="reminder", language="nl", on=ON, customer=few)
    assert chosen.customer.name == "Weinig B.V."


def test_a_letter_and_its_preview_print_the_customers_portal_code(org):
    customer = business(org)
    message = message_for(org, customer, "reminder", three_invoices(org, customer))
    letter = compose_letter(message, on=ON, channel="letter")
    preview = preview_letter(org, kind="reminder", language="nl", on=ON, customer=customer)
    assert letter.portal_code == preview.portal_code == portal_code(customer) != ""


def test_a_preview_without_open_invoices_is_the_sample_under_the_organisations_name(org):
    letter = preview_letter(org, kind="fourteen_day_letter", language="nl", on=ON)
    assert letter.organisation.name == org.name
    assert letter.payment is not None and letter.payment.iban == org.iban
    assert letter.fourteen_day is not None and len(letter.invoices) == 3
