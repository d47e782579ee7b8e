"""Letters outside the ladder (a payment plan's confirmation, a notice to a customer without
e-mail) go out in the day's print batch with the ladder's letters, by postcode."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from innen.arrangements.notices import notice_letter, send_notice
from innen.arrangements.texts import dispute_answered
from innen.outbox.documents import read_document
from innen.outbox.models import PostedLetter
from innen.outbox.printing import build_print_batch
from tests import factories
from tests.arrangements.support import committed

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 23)


def notice(customer, invoice, **kwargs):
    letter = notice_letter(
        customer, invoice_ids=[invoice.pk], on=DAY, reference=f"n-{invoice.pk}", step_name="X"
    )
    return send_notice(
        letter,
        dispute_answered(DAY, "Wij kijken ernaar.", False, customer.language),
        customer,
        **kwargs,
    )


def test_a_notice_to_a_customer_without_e_mail_is_posted(mailoutbox):
    org = factories.organisation()
    customer = factories.customer(org, emails="", postcode="9999 ZZ")
    sent = notice(customer, factories.invoice(org, customer))

    assert sent.posted and not mailoutbox
    assert PostedLetter.objects.get().customer == customer
    assert sent.facts()["posted"]


def test_a_notice_asked_to_be_posted_is_e_mailed_and_posted(mailoutbox):
    org = factories.organisation()
    customer = factories.customer(org)
    with committed():  # the e-mail goes after the commit, by a task
        notice(customer, factories.invoice(org, customer), post=True)

    assert len(mailoutbox) == 1 and PostedLetter.objects.count() == 1


def test_an_e_mailed_notice_is_not_posted_as_well(mailoutbox):
    org = factories.organisation()
    customer = factories.customer(org)
    with committed():
        notice(customer, factories.invoice(org, customer))

    assert len(mailoutbox) == 1 and not PostedLetter.objects.exists()


def test_the_print_batch_takes_posted_letters_by_postcode_and_only_once():
    org = factories.organisation()
    north = factories.customer(org, emails="", postcode="9711 AA", name="Noord")
    south = factories.customer(org, emails="", postcode="6211 AA", name="Zuid")
    notice(north, factories.invoice(org, north))
    notice(south, factories.invoice(org, south))
    other = factories.organisation("Bob B.V.")
    theirs = factories.customer(other, emails="")
    notice(theirs, factories.invoice(other, theirs))

    batch = build_print_batch(org.pk, DAY)

    assert batch is not None and batch.letter_count == 2
    pages = PdfReader(io.BytesIO(read_document(batch.document))).pages
    first_address = pages[0].extract_text()
    assert "6211" in first_address  # Zuid's postcode sorts first
    assert set(PostedLetter.objects.filter(print_batch=batch)) == set(
        PostedLetter.objects.filter(organisation=org)
    )
    assert PostedLetter.objects.get(organisation=other).print_batch is None
    assert build_print_batch(org.pk, DAY) is None
