"""Import UBL invoices and credit notes (`innen.formats.ubl`), each file all or nothing.

A file is read, checked against the EN 16931 rules innen keeps (`innen.formats.ubl_rules`),
its seller checked to be the organisation, and then its customer (found or created), its
invoice or credit note and its embedded PDF are written through the ledger's services, with
their dossier events, in one transaction per file. The same file twice changes nothing; the
same number with other content is refused, saying what differs. A new document at least as
recent as the customer's newest in innen updates how to reach the customer (address, e-mail,
phone, contact) through `customer_update`, which notes the change in the dossier, as a
contact changed in an accounting package does. `dry_run` does it all and rolls back.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from innen.dossier.record import SYSTEM
from innen.file_messages import translated
from innen.formats import ubl_rules
from innen.formats.statement import StatementError
from innen.formats.ubl import UblError, read_ubl
from innen.formats.ubl_ledger import Identity, LedgerEntry, ledger_entry, supplier_problem
from innen.formats.ubl_records import INVOICE, UblDocument
from innen.formats.zip_upload import zip_files
from innen.ledger import services
from innen.ledger.importing import refusals
from innen.ledger.importing.checks import difference_message
from innen.ledger.importing.ubl_customers import (
    changed_details,
    create_customer,
    find_customer,
    newest_document,
)
from innen.ledger.invoice_pdf import invoice_pdf_attach, pdf_problem
from innen.ledger.models import CreditNote, Customer, Invoice
from innen.organisations.models import Organisation

CREATED = "created"
UNCHANGED = "unchanged"
REFUSED = "refused"


@dataclass(frozen=True)
class UblReport:
    """What importing one file did, or, when `errors` is not empty, why it did nothing."""

    name: str
    dry_run: bool
    outcome: str = REFUSED
    kind: str = ""
    number: str = ""
    customer_number: str = ""
    customer_created: bool = False
    customer_changed: tuple[str, ...] = ()  # the customer's fields this file updated
    pdf_stored: bool = False
    rules: tuple[str, ...] = ()  # the EN 16931 rules the file fails
    errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what was left out, e.g. an attachment that is not a PDF

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "outcome": self.outcome,
            "kind": self.kind,
            "number": self.number,
            "customer_number": self.customer_number,
            "customer_created": self.customer_created,
            "customer_changed": list(self.customer_changed),
            "pdf_stored": self.pdf_stored,
            "rules": list(self.rules),
            "errors": list(self.errors),
            "notes": list(self.notes),
        }


class _Refused(Exception):
    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = [translated(message) for message in messages]


@dataclass
class _Done:
    outcome: str = CREATED
    customer: Customer | None = None
    customer_created: bool = False
    customer_changed: list[str] = field(default_factory=list)
    pdf_stored: bool = False
    invoice: Invoice | None = None
    notes: list[str] = field(default_factory=list)


def identity_of(organisation: Organisation) -> Identity:
    return Identity(organisation.kvk_number, organisation.vat_number, organisation.iban)


def unpacked(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The XML files of an uploaded ZIP archive, or the one file `data` is.

    Raises StatementError (from `innen.formats.zip_upload`) for an archive it will not unpack.
    """
    if not data.startswith(b"PK\x03\x04"):
        return [(name, data)]
    return [(n, d) for n, d in zip_files(data, name) if n.lower().endswith(".xml")]


def import_ubl_upload(
    *, organisation: Organisation, name: str, data: bytes, dry_run: bool = False
) -> list[UblReport]:
    """Import an uploaded XML file or ZIP archive of them; an archive that cannot be
    unpacked is one refused report."""
    try:
        files = unpacked(name, data)
    except StatementError as exc:
        return [UblReport(name=name, dry_run=dry_run, errors=(translated(exc.message),))]
    return import_ubl_files(organisation=organisation, files=files, dry_run=dry_run)


def import_ubl_files(
    *, organisation: Organisation, files: Iterable[tuple[str, bytes]], dry_run: bool = False
) -> list[UblReport]:
    """Import each (name, data) on its own: one refused file does not stop the others."""
    return [
        import_ubl(organisation=organisation, name=name, data=data, dry_run=dry_run)
        for name, data in files
    ]


def import_ubl(
    *, organisation: Organisation, name: str, data: bytes, dry_run: bool = False
) -> UblReport:
    """Import the invoice or credit note in `data`, all or nothing."""
    report = UblReport(name=name, dry_run=dry_run)
    try:
        doc = read_ubl(data)
    except UblError as exc:
        return replace(report, errors=(translated(str(exc.args[0])),))
    report = replace(report, kind=doc.kind, number=doc.number)
    failures = ubl_rules.check(doc)
    if failures:
        rules = tuple(f.rule for f in failures)
        return replace(report, rules=rules, errors=tuple(translated(f.message) for f in failures))
    try:
        entry = ledger_entry(doc)
        problem = supplier_problem(doc, identity_of(organisation))
        if problem is not None:
            raise _Refused(problem)
        done = _write(organisation, doc, entry, dry_run)
    except UblError as exc:
        return replace(report, errors=(translated(str(exc.args[0])),))
    except _Refused as exc:
        return replace(report, errors=tuple(exc.messages))
    assert done.customer is not None
    return replace(
        report,
        kind=entry.kind,
        outcome=done.outcome,
        customer_number=done.customer.number,
        customer_created=done.customer_created,
        customer_changed=tuple(done.customer_changed),
        pdf_stored=done.pdf_stored,
        notes=tuple(done.notes),
    )


def _write(
    organisation: Organisation, doc: UblDocument, entry: LedgerEntry, dry_run: bool
) -> _Done:
    """Write the customer, the entry and its PDF in one transaction; roll back on a dry run."""
    done = _Done()
    try:
        with transaction.atomic():
            assert doc.customer is not None  # BR-07 passed
            done.customer = find_customer(organisation, doc.customer)
            if done.customer is None:
                done.customer = create_customer(organisation, doc.customer)
                done.customer_created = True
            if entry.kind == INVOICE:
                _invoice(organisation, doc, entry, done)
            else:
                _credit_note(organisation, entry, done)
            if done.outcome == CREATED and not done.customer_created:
                _update_customer(organisation, doc, entry.issue_date, done)
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as exc:
        raise _Refused(*exc.messages) from exc
    except IntegrityError as exc:
        raise _Refused(str(refusals.GOT_IN_THE_WAY % {"error": exc})) from exc
    _attach_pdf(doc, done, dry_run)
    return done


def _invoice(organisation: Organisation, doc: UblDocument, entry: LedgerEntry, done: _Done) -> None:
    assert done.customer is not None and entry.due_date is not None
    stored = Invoice.objects.filter(organisation=organisation, number=entry.number).first()
    what = str(refusals.INVOICE_NAMED % {"number": entry.number})
    if stored is not None:
        pairs = [
            ("customer_number", stored.customer.number, done.customer.number),
            ("issue_date", stored.issue_date, entry.issue_date),
            ("due_date", stored.due_date, entry.due_date),
            *_amount_pairs(stored, entry),
            ("payment_reference", stored.payment_reference, entry.payment_reference),
        ]
        _same_or_refused(what, pairs)
        done.outcome = UNCHANGED
        done.invoice = stored
        return
    invoice = services.invoice_create(
        organisation=organisation,
        customer=done.customer,
        source="import",
        number=entry.number,
        issue_date=entry.issue_date,
        due_date=entry.due_date,
        amount_excl_vat=entry.amount_excl_vat,
        vat_amount=entry.vat_amount,
        total=entry.total,
        payment_reference=entry.payment_reference,
        # UBL (EN 16931) has no field saying goods or services: an item's classification
        # code is optional and its scheme varies, a delivery date or an invoice period occurs
        # with both. So the supply stays unknown (the shorter consumer term, assumed) until
        # someone sets it on the invoice page or the API.
    )
    done.invoice = invoice


def _update_customer(
    organisation: Organisation, doc: UblDocument, issued: date, done: _Done
) -> None:
    """A new document no older than the customer's newest says how to reach them now; an
    older one (an archive imported late) changes nothing and says so. (The newest counts
    the document just written: it is older than that only when older than all others.)"""
    assert done.customer is not None and doc.customer is not None
    changes = changed_details(organisation, done.customer, doc.customer)
    if not changes:
        return
    newest = newest_document(done.customer)
    if newest is not None and issued < newest:
        done.notes.append(str(refusals.UBL_CUSTOMER_OLDER % {"date": newest.isoformat()}))
        return
    try:
        with transaction.atomic():
            services.customer_update(
                customer=done.customer, actor=SYSTEM, source="import", **changes
            )
    except ValidationError as exc:
        done.customer.refresh_from_db()
        done.notes.append(str(refusals.UBL_CUSTOMER_KEPT % {"problems": "; ".join(exc.messages)}))
        return
    done.customer_changed = sorted(changes)


def _attach_pdf(doc: UblDocument, done: _Done, dry_run: bool) -> None:
    """Keep the embedded PDF as the invoice's, in its own transaction after the invoice's
    (a stored file is removed again when its row does not commit): a PDF that did not get
    stored is attached by importing the same file again."""
    pdf = doc.pdf
    invoice = done.invoice
    if pdf is None or invoice is None or invoice.pdf:
        return
    if pdf_problem(pdf.data) is not None:
        done.notes.append(str(refusals.UBL_PDF_LEFT_OUT % {"name": pdf.name or "-"}))
        return
    if not dry_run:
        invoice_pdf_attach(invoice=invoice, data=pdf.data, source="import")
        if done.outcome == UNCHANGED:
            done.outcome = CREATED
    done.pdf_stored = True


def _credit_note(organisation: Organisation, entry: LedgerEntry, done: _Done) -> None:
    assert done.customer is not None
    credited = None
    if entry.credited_invoice:
        credited = Invoice.objects.filter(
            organisation=organisation, number=entry.credited_invoice
        ).first()
        if credited is None:
            raise _Refused(
                str(refusals.UBL_NO_CREDITED_INVOICE % {"number": entry.credited_invoice})
            )
    stored = (
        CreditNote.objects.filter(organisation=organisation, number=entry.number)
        .select_related("customer", "invoice")
        .first()
    )
    if stored is not None:
        pairs = [
            ("customer_number", stored.customer.number, done.customer.number),
            ("issue_date", stored.issue_date, entry.issue_date),
            *_amount_pairs(stored, entry),
            (
                "credited_invoice",
                stored.invoice.number if stored.invoice else "",
                entry.credited_invoice,
            ),
        ]
        _same_or_refused(str(refusals.CREDIT_NOTE_NAMED % {"number": entry.number}), pairs)
        done.outcome = UNCHANGED
        return
    services.credit_note_create(
        organisation=organisation,
        customer=done.customer,
        invoice=credited,
        source="import",
        number=entry.number,
        issue_date=entry.issue_date,
        amount_excl_vat=entry.amount_excl_vat,
        vat_amount=entry.vat_amount,
        total=entry.total,
    )


def _amount_pairs(stored: Invoice | CreditNote, entry: LedgerEntry) -> list[tuple[str, Any, Any]]:
    return [
        ("amount_excl_vat", stored.amount_excl_vat, entry.amount_excl_vat),
        ("vat_amount", stored.vat_amount, entry.vat_amount),
        ("total", stored.total, entry.total),
    ]


def _same_or_refused(what: str, pairs: list[tuple[str, Any, Any]]) -> None:
    differing = [difference_message(what, *pair) for pair in pairs if pair[1] != pair[2]]
    if differing:
        raise _Refused(*differing)
