"""Past the last known rate: a claim is computed, says it is provisional, and its letter renders;
a rate added later changes the next computation and never a letter already sent."""

import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from pypdf import PdfReader

from innen.casefile.export import dossier_export_bytes
from innen.casefile.timeline import customer_timeline
from innen.cli.main import main
from innen.collection.models import MessageStatus
from innen.collection.policies import policy_install_defaults
from innen.dossier.models import Event, EventKind
from innen.letters.rendering import render_message
from innen.outbox import sending
from innen.outbox.compose import compose_letter, template_for
from innen.outbox.documents import read_document
from innen.outbox.models import Delivery, DeliveryStatus
from innen.rates.models import InterestRate
from innen.rates.selectors import rate_tables
from tests import factories
from tests.claim_letters import demand_letter

pytestmark = pytest.mark.django_db

KNOWN_UNTIL = date(2026, 12, 31)
SENTENCE_NL = (
    "De rente na 31 december 2026 is berekend met het laatst bekende percentage, "
    "omdat het nieuwe percentage nog niet is bekendgemaakt."
)


@pytest.fixture(autouse=True)
def _tables_end_in_2026():
    # What this test is about: the rows innen ships end with the second half of 2026.
    assert rate_tables().known_until == KNOWN_UNTIL


@pytest.fixture
def org():
    organisation = factories.organisation(
        street="Havenstraat 12", postcode="3011 AB", city="Rotterdam"
    )
    policy_install_defaults(organisation=organisation)
    return organisation


def demand_for(org, day, **customer_fields):
    """An ingebrekestelling (it claims interest and costs) decided on `day`, to be e-mailed."""
    customer = factories.customer(
        org,
        street="Kade 5",
        postcode="1019 BL",
        city="Amsterdam",
        emails="inkoop@klant.nl",
        **customer_fields,
    )
    invoice = factories.invoice(
        org, customer, total="1000.00", due=date(2026, 10, 1), issue_date=date(2026, 9, 1)
    )
    return demand_letter(
        org,
        customer,
        [invoice],
        decided_on=day,
        status=MessageStatus.READY,
        kind="ingebrekestelling",
        channels=["email"],
    )


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_claim_until_september_2027_is_provisional_and_its_letter_renders(org):
    message = demand_for(org, date(2027, 9, 1))
    letter = compose_letter(message, on=date(2027, 9, 1), channel="email")
    assert letter.claim is not None and letter.claim.interest > 0
    assert letter.claim.rates_known_until == KNOWN_UNTIL
    rendered = render_message(letter, template_for(org, message.kind, "nl"))
    assert SENTENCE_NL in rendered.text
    assert SENTENCE_NL in rendered.html
    assert SENTENCE_NL in " ".join(pdf_text(rendered.pdf).split())


def test_an_english_letter_says_it_in_english(org):
    message = demand_for(org, date(2027, 2, 1), language="en")
    letter = compose_letter(message, on=date(2027, 2, 1), channel="email")
    rendered = render_message(letter, template_for(org, message.kind, "en"))
    assert "Interest after 31 December 2026 has been calculated at the last known rate" in (
        rendered.text
    )


def test_a_letter_within_the_known_rates_says_nothing_of_them(org):
    message = demand_for(org, date(2026, 12, 1))
    letter = compose_letter(message, on=date(2026, 12, 1), channel="email")
    rendered = render_message(letter, template_for(org, message.kind, "nl"))
    assert "laatst bekende percentage" not in rendered.text


def claim_json(capsys, until):
    code = main(
        [
            "claim",
            "--debtor",
            "business",
            "--until",
            until,
            "--invoice",
            "1000:2026-10-01",
            "--costs",
            "none",
            "--json",
        ]
    )
    assert code == 0
    return json.loads(capsys.readouterr().out)


def test_adding_the_2027_rate_changes_the_next_computation_and_not_a_letter_sent(
    org, settings, capsys
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent_on = date(2027, 2, 1)
    message = demand_for(org, sent_on)
    assert sending.send_message(message.pk, sent_on) == {"email": DeliveryStatus.SENT}
    delivery = Delivery.objects.get(message=message)
    sent_pdf = read_document(delivery.pdf)
    assert delivery.rates["known_until"] == "2026-12-31"
    assert SENTENCE_NL in " ".join(pdf_text(sent_pdf).split())
    before = claim_json(capsys, "2027-02-01")
    assert before["rates_provisional"] is True
    assert before["provisional_periods"] == [
        {"invoice": 1, "from": "2027-01-01", "to": "2027-02-01", "rate": "10.4"}
    ]

    code = main(
        [
            "law",
            "rates",
            "add",
            "--from",
            "2027-01-01",
            "--commercial",
            "11.15",
            "--consumer",
            "5",
            "--source",
            "Stcrt. 2026, 60001; Stb. 2026, 512",
        ]
    )
    assert code == 0
    capsys.readouterr()

    after = claim_json(capsys, "2027-02-01")
    assert after["rates_provisional"] is False and after["provisional_periods"] == []
    assert after["invoices"][0]["periods"][-1]["rate"] == "11.15"
    assert Decimal(after["interest"]) > Decimal(before["interest"])
    assert {"table": "commercial", "from": "2027-01-01", "rate": "11.15"}.items() <= (
        after["rates_used"][-1].items()
    )
    # The letter as sent stays as sent, and the rows it used are now read-only.
    delivery.refresh_from_db()
    assert read_document(delivery.pdf) == sent_pdf
    assert delivery.rates["known_until"] == "2026-12-31"
    used = InterestRate.objects.get(table="commercial", effective=date(2026, 7, 1))
    assert used.first_used_on == sent_on
    # The next letter computes with the new rate and says nothing provisional.
    letter = compose_letter(demand_for(org, sent_on), on=sent_on, channel="email")
    assert letter.claim is not None and letter.claim.rates_known_until is None


def test_the_dossier_export_says_the_interest_is_provisional(org):
    message = demand_for(org, date(2027, 2, 1))
    data, _ = dossier_export_bytes(customer=message.customer, today=date(2027, 2, 1))
    archive = zipfile.ZipFile(io.BytesIO(data))
    claim = json.loads(archive.read("dossier.json"))["claim"]
    assert claim["rates_provisional"] is True and claim["rates_known_until"] == "2026-12-31"
    summary = " ".join(pdf_text(archive.read("summary.pdf")).split())
    assert "De rente na 31-12-2026 is berekend met het laatst bekende percentage" in summary
    assert "Wettelijke handelsrente (art. 6:119a BW)" in summary
    used = InterestRate.objects.get(table="commercial", effective=date(2026, 7, 1))
    assert used.first_used_on == date(2027, 2, 1)


def test_the_sent_event_keeps_the_rows_and_the_timeline_says_provisional(org, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = demand_for(org, date(2027, 2, 1))
    sending.send_message(message.pk, date(2027, 2, 1))
    event = Event.objects.get(kind=EventKind.MESSAGE_SENT)
    rows = event.payload["rates"]["rows"]
    assert [(r["table"], r["from"], r["rate"]) for r in rows] == [
        ("commercial", "2026-07-01", "10.4")
    ]
    with translation.override("nl"):
        (entry,) = [e for e in customer_timeline(customer=message.customer) if e.event == event]
    assert "rente voorlopig na: 31-12-2026" in entry.text
    assert "rows" not in entry.text
