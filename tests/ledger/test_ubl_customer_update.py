"""A customer changed in a later UBL file is updated: a new invoice no older than the
customer's newest document brings its address and e-mail, through `customer_update` with its
dossier note; the dry run says so and writes nothing; the same file again changes nothing;
an older file (an archive imported late) changes nothing and says why."""

import pytest
from django.utils import translation

from innen.bench.ubl import an_invoice
from innen.dossier.models import Event
from innen.ledger.importing.ubl import CREATED, UNCHANGED, import_ubl
from innen.ledger.models import Customer
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def org():
    organisation = factories.organisation(vat_number="NL820098395B01")
    import_ubl(organisation=organisation, name="first.xml", data=an_invoice(number="M1"))
    return organisation


def moved(number: str, issued: str = "2026-11-20") -> bytes:
    """Buyer 1's invoice `number`, issued on `issued`, after it moved and changed its e-mail."""
    return (
        an_invoice(number=number)
        .replace(b"2026-11-01", issued.encode())
        .replace(b"Kerkstraat 1", b"Havenweg 12")
        .replace(b"3511 AB", b"3542 AD")
        .replace(b"factuur@koper.nl", b"crediteuren@koper.nl")
    )


def changes_noted(org) -> list[dict]:
    payloads = Event.objects.filter(organisation=org).values_list("payload", flat=True)
    return [p["changed"] for p in payloads if "changed" in p]


def test_a_later_file_with_another_address_and_email_updates_the_customer_with_a_note(org):
    report = import_ubl(organisation=org, name="later.xml", data=moved("M2"))
    assert (report.outcome, report.customer_created) == (CREATED, False)
    assert report.customer_changed == ("emails", "postcode", "street")
    customer = Customer.objects.get(organisation=org)
    assert (customer.street, customer.postcode, customer.emails) == (
        "Havenweg 12",
        "3542 AD",
        "crediteuren@koper.nl",
    )
    [changed] = changes_noted(org)
    assert changed["street"] == ["Kerkstraat 1", "Havenweg 12"]


def test_the_dry_run_reports_the_change_and_writes_nothing(org):
    report = import_ubl(organisation=org, name="later.xml", data=moved("M2"), dry_run=True)
    assert report.customer_changed == ("emails", "postcode", "street")
    assert Customer.objects.get(organisation=org).street == "Kerkstraat 1"
    assert changes_noted(org) == []


def test_the_same_later_file_again_changes_nothing(org):
    import_ubl(organisation=org, name="later.xml", data=moved("M2"))
    events = Event.objects.filter(organisation=org).count()
    again = import_ubl(organisation=org, name="later.xml", data=moved("M2"))
    assert (again.outcome, again.customer_changed) == (UNCHANGED, ())
    assert Event.objects.filter(organisation=org).count() == events


def test_an_older_file_does_not_change_the_customer_and_says_why(org):
    import_ubl(organisation=org, name="later.xml", data=moved("M2"))
    archive = an_invoice(number="M0").replace(b"2026-11-01", b"2026-10-01")
    report = import_ubl(organisation=org, name="archive.xml", data=archive)
    assert (report.outcome, report.customer_changed) == (CREATED, ())
    assert report.notes == (
        "the customer's details in this file are older than their newest document in innen "
        "(2026-11-20) and were not taken over",
    )
    assert Customer.objects.get(organisation=org).street == "Havenweg 12"


def test_a_file_that_leaves_a_detail_out_keeps_what_innen_has(org):
    silent = an_invoice(number="M3").replace(
        b"<cac:Contact><cbc:ElectronicMail>factuur@koper.nl</cbc:ElectronicMail></cac:Contact>",
        b"",
    )
    report = import_ubl(organisation=org, name="silent.xml", data=silent)
    assert report.customer_changed == ()
    assert Customer.objects.get(organisation=org).emails == "factuur@koper.nl"
