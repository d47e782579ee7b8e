"""`innen dossier export`: the ZIP for a collection agency or a lawyer."""

import hashlib
import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from innen.casefile.export import dossier_export_bytes
from innen.cli.main import main
from innen.dossier.chain import EventContent, event_hash
from innen.dossier.models import DossierHead, Event, EventKind
from innen.dossier.record import NewEvent, append
from innen.law.claim import Demand, compute_claim
from innen.law.claim import Invoice as LawInvoice
from innen.ledger import services as ledger
from innen.ledger.models import CustomerKind
from innen.money import format_eur
from innen.outbox.models import Document
from innen.rates.selectors import rate_tables
from tests import factories

pytestmark = pytest.mark.django_db

DAY = date(2026, 6, 30)
LETTER = b"%PDF-1.4\n% the reminder exactly as posted\n" + bytes(range(256))
EMAIL = b"From: debiteuren@example.nl\r\nSubject: Herinnering\r\n\r\nBetaal alstublieft.\r\n"
INVOICE_PDF = b"%PDF-1.4\n% invoice F-1\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def store(org, data, name, content_type):
    return Document.objects.create(
        organisation=org,
        sha256=hashlib.sha256(data).hexdigest(),
        name=name,
        content_type=content_type,
        size=len(data),
        file=ContentFile(data, name=name),
    )


def ref(document):
    return {"sha256": document.sha256, "name": document.name, "content_type": document.content_type}


@pytest.fixture
def org():
    return factories.organisation(
        "Bakkerij De Korenschoof B.V.", street="Molenweg 1", postcode="1234 AB", city="Utrecht"
    )


@pytest.fixture
def world(org):
    """A business customer with an open invoice (with PDF), a paid one, a letter and notes."""
    customer = factories.customer(
        org, number="K-100", name="Café De Kroon B.V.", kvk_number="87654321", city="Den Haag"
    )
    open_invoice = factories.invoice(org, customer, total="121.00", number="F-1")
    open_invoice.pdf.save("F-1.pdf", ContentFile(INVOICE_PDF))
    paid = factories.invoice(org, customer, total="60.50", number="F-2", due=date(2026, 2, 15))
    ledger.payment_register(
        organisation=org,
        customer=customer,
        date=date(2026, 2, 10),
        amount=Decimal("60.50"),
        designated=[paid],
    )
    letter = store(org, LETTER, "herinnering F-1.pdf", "application/pdf")
    email = store(org, EMAIL, "herinnering.eml", "message/rfc822")
    append(
        org.pk,
        [
            NewEvent(
                EventKind.MESSAGE_SENT,
                date(2026, 2, 14),
                customer_id=customer.pk,
                invoice_id=open_invoice.pk,
                payload={"channel": "letter", "documents": [ref(letter), ref(email)]},
            ),
            NewEvent(
                EventKind.NOTE,
                date(2026, 3, 1),
                customer_id=customer.pk,
                invoice_id=paid.pk,
                payload={"text": "Paid on time after all."},
                actor="alice",
            ),
            NewEvent(
                EventKind.NOTE,
                date(2026, 3, 2),
                customer_id=customer.pk,
                payload={"text": "Spoke to the owner."},
                actor="alice",
            ),
        ],
    )
    other = factories.customer(org, number="K-200", name="Someone Else B.V.")
    secret = store(org, b"%PDF other customer's letter", "other.pdf", "application/pdf")
    append(
        org.pk,
        [
            NewEvent(
                EventKind.MESSAGE_SENT,
                date(2026, 2, 14),
                customer_id=other.pk,
                payload={"documents": [ref(secret)]},
            )
        ],
    )
    return {
        "customer": customer,
        "open": open_invoice,
        "paid": paid,
        "letter": letter,
        "email": email,
        "other": other,
    }


def export(customer, invoice=None, day=DAY):
    data, result = dossier_export_bytes(customer=customer, today=day, invoice=invoice)
    return zipfile.ZipFile(io.BytesIO(data)), result, data


def pdf_text(data):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\xa0", " ").split())


def test_the_zip_holds_the_summary_letters_invoices_and_json(world):
    archive, result, _ = export(world["customer"])
    names = set(archive.namelist())
    assert names == {
        "summary.pdf",
        "dossier.json",
        "letters/2026-02-14_message_sent_herinnering_F-1.pdf",
        "letters/2026-02-14_message_sent_herinnering.eml",
        "invoices/F-1.pdf",
        "invoices/F-2.json",
    }
    assert result.problems == ()


def test_letters_are_byte_identical_with_their_sha256(world):
    archive, _, _ = export(world["customer"])
    letter = archive.read("letters/2026-02-14_message_sent_herinnering_F-1.pdf")
    email = archive.read("letters/2026-02-14_message_sent_herinnering.eml")
    assert letter == LETTER
    assert email == EMAIL
    assert hashlib.sha256(letter).hexdigest() == world["letter"].sha256
    assert hashlib.sha256(email).hexdigest() == world["email"].sha256


def test_an_invoice_with_a_pdf_is_included_as_stored_and_one_without_as_json(world):
    archive, _, _ = export(world["customer"])
    assert archive.read("invoices/F-1.pdf") == INVOICE_PDF
    paid = json.loads(archive.read("invoices/F-2.json"))
    assert (paid["number"], paid["total"], paid["open_amount"]) == ("F-2", "60.50", "0.00")


def test_the_summary_names_the_parties_the_invoices_and_the_claim_total(world, org):
    archive, result, _ = export(world["customer"])
    text = pdf_text(archive.read("summary.pdf"))
    expected = compute_claim(
        debtor="business",
        invoices=[LawInvoice(Decimal("121.00"), date(2026, 1, 31), date(2026, 1, 1))],
        until=DAY,
        rates=rate_tables(),
    )
    assert result.claim is not None
    assert result.claim.total == expected.total
    assert expected.total > Decimal("161.00")  # €121 + €40 costs + interest
    assert "Café De Kroon B.V." in text
    assert org.name in text
    assert "87654321" in text
    assert "F-1" in text
    assert format_eur(expected.total).replace("\xa0", " ") in text
    assert "6:119a" in text  # commercial interest for a business
    assert "Spoke to the owner." in text
    assert world["letter"].sha256 in text.replace(" ", "")


def test_dossier_json_holds_every_event_with_the_hashes_in_the_database(world, org):
    archive, _, _ = export(world["customer"])
    data = json.loads(archive.read("dossier.json"))
    customer = world["customer"]
    stored = (
        Event.objects.filter(organisation=org)
        .filter(customer_id=customer.pk)
        .order_by("day", "seq")  # a timeline's order: by day, then in the chain's order
    )
    assert [e["id"] for e in data["events"]] == [e.pk for e in stored]
    for exported, event in zip(data["events"], stored, strict=True):
        assert (exported["seq"], exported["prev_hash"], exported["hash"]) == (
            event.seq,
            event.prev_hash,
            event.hash,
        )
        # Anyone holding the export can recompute each hash, without innen's database.
        content = EventContent(
            seq=exported["seq"],
            occurred_at=_moment(exported["occurred_at"]),
            day=date.fromisoformat(exported["day"]),
            kind=exported["kind"],
            customer_id=exported["customer_id"],
            invoice_id=exported["invoice_id"],
            actor=exported["actor"],
            payload=exported["payload"],
        )
        assert event_hash(exported["prev_hash"], content) == exported["hash"]
    head = DossierHead.objects.get(organisation=org)
    assert (data["chain"]["head_seq"], data["chain"]["head_hash"]) == (head.seq, head.hash)
    assert data["chain"]["hashes_match"] is True


def _moment(text):
    from datetime import datetime

    return datetime.fromisoformat(text)


def test_dossier_json_has_sorted_keys_money_as_strings_and_the_files(world):
    archive, _, _ = export(world["customer"])
    raw = archive.read("dossier.json").decode()
    data = json.loads(raw)
    assert raw == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert data["customer"]["number"] == "K-100"
    assert data["organisation"]["city"] == "Utrecht"
    assert data["claim"]["total"] == str(export(world["customer"])[1].claim.total)
    assert data["claim"]["interest_kind"] == "commercial"
    invoices = {i["number"]: i for i in data["invoices"]}
    assert invoices["F-1"]["open_amount"] == "121.00"
    assert data["payments"][0]["amount"] == "60.50"
    files = {f["path"]: f for f in data["files"]}
    for path in archive.namelist():
        if path != "dossier.json":
            assert files[path]["sha256"] == hashlib.sha256(archive.read(path)).hexdigest()


def test_the_same_day_gives_the_same_bytes(world):
    assert export(world["customer"])[2] == export(world["customer"])[2]


def test_another_customers_events_and_documents_stay_out(world):
    archive, _, _ = export(world["customer"])
    assert not any("other" in name for name in archive.namelist())
    data = json.loads(archive.read("dossier.json"))
    assert {e["customer_id"] for e in data["events"]} == {world["customer"].pk}


def test_with_an_invoice_only_its_events_and_the_customer_level_ones(world):
    archive, _, _ = export(world["customer"], invoice=world["paid"])
    data = json.loads(archive.read("dossier.json"))
    assert {(e["invoice_id"], e["kind"]) for e in data["events"]} >= {
        (world["paid"].pk, "note"),
        (None, "note"),
    }
    assert all(e["invoice_id"] in (world["paid"].pk, None) for e in data["events"])
    assert not any(name.startswith("letters/") for name in archive.namelist())
    assert "invoices/F-1.pdf" not in archive.namelist()
    assert [i["number"] for i in data["invoices"]] == ["F-2"]
    assert data["scope"] == {"customer": "K-100", "invoice": "F-2"}


def test_a_document_changed_in_storage_is_exported_and_flagged(world):
    with open(world["letter"].file.path, "wb") as handle:
        handle.write(b"%PDF a different letter")
    archive, result, _ = export(world["customer"])
    assert len(result.problems) == 1
    data = json.loads(archive.read("dossier.json"))
    flagged = [f for f in data["files"] if f.get("problem")]
    assert [f["path"] for f in flagged] == ["letters/2026-02-14_message_sent_herinnering_F-1.pdf"]


def test_a_consumer_without_a_14_day_letter_owes_no_collection_costs(org):
    customer = factories.customer(org, kind=CustomerKind.CONSUMER, name="Jan Jansen")
    factories.invoice(org, customer, total="100.00", number="F-9")
    archive, result, _ = export(customer)
    assert result.claim is not None
    assert result.claim.collection_costs == 0
    assert result.claim.interest_rule.kind == "statutory"
    data = json.loads(archive.read("dossier.json"))
    assert data["claim"]["collection_costs"] == "0.00"
    assert len(data["claim"]["notes"]) == 1  # no 14-day letter, so no costs


def test_nothing_open_means_no_claim(org):
    customer = factories.customer(org)
    archive, result, _ = export(customer)
    assert result.claim is None
    assert json.loads(archive.read("dossier.json"))["claim"]["computed"] is False


def test_the_command_writes_the_zip(world, tmp_path, capsys):
    out = tmp_path / "dossier.zip"
    code = main(["dossier", "export", "K-100", "--out", str(out), "--date", DAY.isoformat()])
    assert code == 0
    assert "Café De Kroon B.V. (K-100)" in capsys.readouterr().out
    assert "summary.pdf" in zipfile.ZipFile(out).namelist()


def test_the_command_filters_by_invoice(world, tmp_path, capsys):
    out = tmp_path / "f2.zip"
    assert main(["dossier", "export", "K-100", "--invoice", "F-2", "--out", str(out)]) == 0
    data = json.loads(zipfile.ZipFile(out).read("dossier.json"))
    assert [i["number"] for i in data["invoices"]] == ["F-2"]


@pytest.mark.parametrize(
    "argv",
    [
        ["dossier", "export", "NOPE", "--out", "x.zip"],
        ["dossier", "export", "K-100", "--invoice", "F-404", "--out", "x.zip"],
        ["dossier", "export", "K-100", "--date", "30-06-2026", "--out", "x.zip"],
    ],
)
def test_bad_arguments_are_usage_errors(world, argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2


def test_a_customer_number_in_two_organisations_needs_the_organisation(world, tmp_path, capsys):
    second = factories.organisation("Second B.V.")
    factories.customer(second, number="K-100")
    out = tmp_path / "d.zip"
    with pytest.raises(SystemExit):
        main(["dossier", "export", "K-100", "--out", str(out)])
    assert "add --organisation" in capsys.readouterr().err
    assert (
        main(["dossier", "export", "K-100", "--out", str(out), "--organisation", str(second.pk)])
        == 0
    )


def test_a_consumer_owes_costs_from_the_day_after_the_14_day_letters_term(org):
    from innen.collection.models import (
        Action,
        Anchor,
        Message,
        MessageStatus,
        Policy,
        PolicyStep,
        StepKind,
    )
    from innen.law.letter_term import letter_term

    customer = factories.customer(org, kind=CustomerKind.CONSUMER, name="Jan Jansen")
    invoice = factories.invoice(org, customer, total="100.00", number="F-10")
    policy = Policy.objects.create(organisation=org, name="Consument", customer_kind="consumer")
    step = PolicyStep.objects.create(
        organisation=org,
        policy=policy,
        position=1,
        kind=StepKind.FOURTEEN_DAY_LETTER,
        name="Veertiendagenbrief",
        offset_days=14,
        anchor=Anchor.DUE_DATE,
        channels=["letter"],
        claims_costs=True,
    )
    sent_on = date(2026, 2, 20)
    message = Message.objects.create(
        organisation=org,
        customer=customer,
        step=step,
        kind=StepKind.FOURTEEN_DAY_LETTER,
        channels=["letter"],
        decided_on=sent_on,
        status=MessageStatus.SENT,
    )
    Action.objects.create(
        organisation=org,
        invoice=invoice,
        step=step,
        message=message,
        kind=StepKind.FOURTEEN_DAY_LETTER,
        scheduled_on=sent_on,
        decided_on=sent_on,
        open_amount=Decimal("100.00"),
    )
    archive, result, _ = export(customer)
    costs_from = letter_term(sent_on, "post").costs_from
    expected = compute_claim(
        debtor="consumer",
        invoices=[LawInvoice(Decimal("100.00"), date(2026, 1, 31), date(2026, 1, 1))],
        until=DAY,
        demands=[Demand(sent_on, Decimal("100.00"), invoices=(0,), costs_from=costs_from)],
        rates=rate_tables(),
    )
    assert result.claim == expected
    assert result.claim.collection_costs == Decimal("40.00")
    data = json.loads(archive.read("dossier.json"))
    assert data["claim"]["costs_from"] == costs_from.isoformat()
    assert data["claim"]["notes"] == []


def test_the_export_lists_events_in_date_order_and_the_chain_by_seq(world, org):
    customer = world["customer"]
    # Recorded last, about a day before all the others: it comes first in the export.
    append(
        org.pk,
        [
            NewEvent(
                EventKind.NOTE,
                date(2026, 1, 5),
                customer_id=customer.pk,
                payload={"text": "Kept from the old system."},
            )
        ],
    )
    archive, _, _ = export(customer)
    data = json.loads(archive.read("dossier.json"))
    events = data["events"]
    assert events[0]["payload"]["text"] == "Kept from the old system."
    assert [(e["day"], e["seq"]) for e in events] == sorted((e["day"], e["seq"]) for e in events)
    seqs = [e["seq"] for e in events]
    assert (data["chain"]["first_seq"], data["chain"]["last_seq"]) == (min(seqs), max(seqs))
    text = pdf_text(archive.read("summary.pdf"))
    assert text.index("Kept from the old system.") < text.index("Spoke to the owner.")
