"""A customer's dossier as one ZIP, to hand to an incassobureau or a lawyer.

The ZIP holds:

* `summary.pdf`: the parties, the claim on the export day as the law engine computes it
  (`innen.law.claim.compute_claim`), the invoices, every event in date order (by its day,
  then its place in the chain), and the chain facts;
* `letters/…`: every document the exported events refer to, byte for byte as stored, named
  `<day>_<event kind>_<original name>`;
* `invoices/…`: each invoice's stored PDF, or `<number>.json` with its data when it has none;
* `dossier.json`: all of it as data (sorted keys, money as strings with two decimals), with
  every event's fields as hashed, so anyone can recompute each event's hash with chain.py.

With an invoice, the export holds that invoice's events and the customer-level ones. Given
the same database and day, the export is the same bytes. The claim is `claim.customer_claim`:
the invoices open on the day (or the one invoice asked for).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from innen.casefile.claim import ClaimOutcome, customer_claim
from innen.casefile.integrity import chain_warnings
from innen.casefile.invoice_claim_json import demanded_json, invoice_facts
from innen.casefile.limitation import limitation_rows
from innen.casefile.timeline import TimelineEntry, event_list_for_customer, timeline
from innen.dossier.chain import Head, event_hash, timestamp
from innen.dossier.models import DossierHead, Event
from innen.dossier.verify import export_recorded
from innen.law.claim import Claim
from innen.law.claim_json import claim_to_json, money
from innen.law.limitation import Limitation
from innen.ledger.limitation import limitations
from innen.ledger.models import Allocation, AllocationKind, CreditNote, Customer, Invoice, Payment
from innen.organisations.models import Organisation
from innen.outbox.demanded import Demanded, demanded_on
from innen.outbox.models import Document
from innen.rates.services import rates_mark_used

FORMAT = "innen-dossier-1"
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class ExportFile:
    """One file in the ZIP; `problem` says what is wrong with it, if anything."""

    path: str
    sha256: str
    size: int
    source: str  # "summary", "document", "invoice"
    problem: str = ""


@dataclass(frozen=True)
class ExportResult:
    filename: str
    events: int
    files: tuple[ExportFile, ...]
    claim: Claim | None
    problems: tuple[str, ...]
    demanded: Demanded | None = None


@dataclass
class _Dossier:
    organisation: Organisation
    customer: Customer
    scope: Invoice | None
    day: date
    invoices: list[Invoice]
    credit_notes: list[CreditNote]
    payments: list[Payment]
    allocations: dict[int, list[Allocation]]  # payment id → its allocations to these invoices
    entries: list[TimelineEntry]
    head: DossierHead | None
    claim: ClaimOutcome
    # What the letters demand on the day: the figure the letters, portal and plans show.
    demanded: Demanded
    limitations: dict[int, Limitation]  # invoice id → when its claim is time-barred
    files: list[ExportFile] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    chain: dict[str, Any] = field(default_factory=dict)


def export_filename(customer: Customer, day: date, invoice: Invoice | None = None) -> str:
    """`dossier-<customer>[-<invoice>]-<day>.zip`, safe as a file name."""
    parts = ["dossier", _safe(customer.number)]
    if invoice is not None:
        parts.append(_safe(invoice.number))
    return "-".join([*parts, day.isoformat()]) + ".zip"


def dossier_export(
    *, customer: Customer, out: IO[bytes], today: date, invoice: Invoice | None = None
) -> ExportResult:
    """Write the dossier of `customer` (or of its `invoice`) on `today` as a ZIP to `out`."""
    if invoice is not None and invoice.customer_id != customer.pk:
        raise ValueError("the invoice is not this customer's")
    organisation = Organisation.objects.get(pk=customer.organisation_id)
    # One language for the whole dossier, the organisation's: it is read outside innen.
    with translation.override(organisation.default_language):
        dossier = _gather(organisation, customer, invoice, today)
        contents: list[tuple[str, bytes]] = []
        contents += _documents(dossier)
        contents += _invoice_files(dossier)
        dossier.chain = _chain(dossier) | {"warnings": list(chain_warnings(organisation.pk))}
        summary = _summary_pdf(dossier)
        dossier.files.insert(0, _file("summary.pdf", summary, "summary"))
        contents.insert(0, ("summary.pdf", summary))
        contents.append(("dossier.json", _json_bytes(_dossier_json(dossier))))
    if dossier.claim.claim is not None:  # the rows an export shows are never changed again
        rates_mark_used([row.row_id for row in dossier.claim.claim.rates_used], today)
    if dossier.head is not None:  # the head it prints is an anchor from now on
        export_recorded(organisation.pk, Head(dossier.head.seq, dossier.head.hash), today)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in contents:
            info = zipfile.ZipInfo(path, date_time=(today.year, today.month, today.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return ExportResult(
        filename=export_filename(customer, today, invoice),
        events=len(dossier.entries),
        files=tuple(dossier.files),
        claim=dossier.claim.claim,
        problems=tuple(dossier.problems),
        demanded=dossier.demanded,
    )


def dossier_export_bytes(
    *, customer: Customer, today: date, invoice: Invoice | None = None
) -> tuple[bytes, ExportResult]:
    """The ZIP as bytes, and what went into it."""
    buffer = io.BytesIO()
    result = dossier_export(customer=customer, out=buffer, today=today, invoice=invoice)
    return buffer.getvalue(), result


# --- gathering ------------------------------------------------------------------------


def _gather(
    organisation: Organisation, customer: Customer, scope: Invoice | None, day: date
) -> _Dossier:
    events = list(event_list_for_customer(customer=customer, invoice=scope, newest_first=False))
    invoices = _invoices(customer, scope, events)
    payments, allocations = _payments(customer, scope, invoices)
    return _Dossier(
        organisation=organisation,
        customer=customer,
        scope=scope,
        day=day,
        invoices=invoices,
        credit_notes=_credit_notes(invoices),
        payments=payments,
        allocations=allocations,
        entries=timeline(events),
        head=DossierHead.objects.filter(organisation_id=organisation.pk).first(),
        claim=customer_claim(customer, invoices, day, single=scope is not None),
        demanded=demanded_on(customer, [invoice.pk for invoice in invoices], day),
        limitations=limitations((i.pk, i.due_date, customer.kind, i.supply) for i in invoices),
    )


def _invoices(customer: Customer, scope: Invoice | None, events: Sequence[Event]) -> list[Invoice]:
    """The scope invoice; else the customer's open invoices and those an event is about."""
    invoices = Invoice.objects.filter(
        organisation_id=customer.organisation_id, customer_id=customer.pk
    ).with_balance()
    if scope is not None:
        invoices = invoices.filter(pk=scope.pk)
    else:
        named = {e.invoice_id for e in events if e.invoice_id is not None}
        invoices = invoices.filter(Q(open_amount__gt=0) | Q(pk__in=named))
    return list(invoices.order_by("due_date", "number"))


def _payments(
    customer: Customer, scope: Invoice | None, invoices: Sequence[Invoice]
) -> tuple[list[Payment], dict[int, list[Allocation]]]:
    """Payments allocated to `invoices`; for the whole customer also its unallocated ones."""
    allocations: dict[int, list[Allocation]] = defaultdict(list)
    rows = Allocation.objects.filter(
        invoice_id__in=[i.pk for i in invoices], kind=AllocationKind.PAYMENT
    ).order_by("date", "pk")
    for allocation in rows:
        if allocation.payment_id is not None:
            allocations[allocation.payment_id].append(allocation)
    chosen = Q(pk__in=list(allocations))
    if scope is None:
        chosen |= Q(customer_id=customer.pk, allocations__isnull=True)
    payments = Payment.objects.filter(chosen, organisation_id=customer.organisation_id)
    return list(payments.distinct().order_by("date", "pk")), allocations


def _credit_notes(invoices: Sequence[Invoice]) -> list[CreditNote]:
    ids = [i.pk for i in invoices]
    notes = CreditNote.objects.filter(Q(invoice_id__in=ids) | Q(allocations__invoice_id__in=ids))
    return list(notes.distinct().order_by("issue_date", "number"))


# --- files ------------------------------------------------------------------------------


def _safe(name: str, limit: int = 100) -> str:
    return UNSAFE.sub("_", name).strip("._")[:limit] or "file"


def _file(path: str, data: bytes, source: str, problem: str = "") -> ExportFile:
    return ExportFile(path, hashlib.sha256(data).hexdigest(), len(data), source, problem)


def _unique(path: str, taken: set[str], sha256: str) -> str:
    if path in taken:
        stem, dot, extension = path.rpartition(".")
        path = f"{stem}-{sha256[:8]}.{extension}" if dot else f"{path}-{sha256[:8]}"
    taken.add(path)
    return path


def _documents(dossier: _Dossier) -> list[tuple[str, bytes]]:
    """Every document the events refer to, once, exactly as stored."""
    contents: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    taken: set[str] = set()
    stored = {
        d.sha256: d
        for d in Document.objects.filter(
            organisation_id=dossier.organisation.pk,
            sha256__in={ref.sha256 for e in dossier.entries for ref in e.documents},
        )
    }
    for entry in dossier.entries:
        for ref in entry.documents:
            if ref.sha256 in seen:
                continue
            seen.add(ref.sha256)
            name = f"{entry.event.day.isoformat()}_{entry.event.kind}_{_safe(ref.name)}"
            path = _unique(f"letters/{name}", taken, ref.sha256)
            data = _read(stored[ref.sha256].file) if ref.sha256 in stored else None
            if data is None:
                dossier.problems.append(
                    gettext("Document %(name)s (sha256 %(sha)s) is missing from storage.")
                    % {"name": ref.name, "sha": ref.sha256}
                )
                continue
            problem = ""
            if hashlib.sha256(data).hexdigest() != ref.sha256:
                problem = gettext("its content differs from the sha256 the dossier recorded")
                dossier.problems.append(f"{path}: {problem}")
            dossier.files.append(_file(path, data, "document", problem))
            contents.append((path, data))
    return contents


def _read(stored_file: Any) -> bytes | None:
    if not stored_file:
        return None
    try:
        with stored_file.open("rb") as handle:
            return bytes(handle.read())
    except OSError:
        return None


def _invoice_files(dossier: _Dossier) -> list[tuple[str, bytes]]:
    """Each invoice's stored PDF, or its data as JSON when there is none."""
    contents: list[tuple[str, bytes]] = []
    taken: set[str] = set()
    for invoice in dossier.invoices:
        data = _read(invoice.pdf)
        if data is not None:
            path = _unique(f"invoices/{_safe(invoice.number)}.pdf", taken, str(invoice.pk))
        else:
            if invoice.pdf:
                dossier.problems.append(
                    gettext("The PDF of invoice %(number)s is missing from storage.")
                    % {"number": invoice.number}
                )
            path = _unique(f"invoices/{_safe(invoice.number)}.json", taken, str(invoice.pk))
            data = _json_bytes(_invoice_json(invoice))
        dossier.files.append(_file(path, data, "invoice"))
        contents.append((path, data))
    return contents


# --- summary.pdf ------------------------------------------------------------------------


def _summary_pdf(dossier: _Dossier) -> bytes:
    import weasyprint  # slow to import; only exports need it

    html = render_to_string("dossier/summary.html", _summary_context(dossier))
    return bytes(weasyprint.HTML(string=html).write_pdf())


def _summary_context(dossier: _Dossier) -> dict[str, Any]:
    outcome = dossier.claim
    claim = outcome.claim
    claim_rows = []
    if claim is not None:
        claim_rows = list(zip(outcome.invoices, claim.invoices, strict=True))
    return {
        "organisation": dossier.organisation,
        "customer": dossier.customer,
        "scope": dossier.scope,
        "day": dossier.day,
        "language": translation.get_language(),
        "invoices": [(i, i.credited + i.written_off) for i in dossier.invoices],  # type: ignore[attr-defined]
        "claim": claim,
        "claim_rows": claim_rows,
        "claim_outcome": outcome,
        "consumer": dossier.customer.is_consumer,
        "limitations": limitation_rows(dossier.invoices, dossier.limitations, dossier.day),
        "entries": dossier.entries,
        "chain": dossier.chain,
        "files": dossier.files,
        "problems": dossier.problems,
    }


def _chain(dossier: _Dossier) -> dict[str, Any]:
    # The entries are in date order; the chain's facts are in its own order, by seq.
    events = sorted((e.event for e in dossier.entries), key=lambda event: event.seq)
    matching = all(event_hash(e.prev_hash, e.content) == e.hash for e in events)
    return {
        "organisation_id": dossier.organisation.pk,
        "events": len(events),
        "first_seq": events[0].seq if events else None,
        "first_hash": events[0].hash if events else None,
        "last_seq": events[-1].seq if events else None,
        "last_hash": events[-1].hash if events else None,
        "head_seq": dossier.head.seq if dossier.head else 0,
        "head_hash": dossier.head.hash if dossier.head else None,
        "hashes_match": matching,
        "hash": "sha256(prev_hash + '\\n' + canonical JSON of the event's content)",
    }


# --- dossier.json -----------------------------------------------------------------------


def _json_bytes(data: Any) -> bytes:
    text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _dossier_json(dossier: _Dossier) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "day": dossier.day.isoformat(),
        "scope": {
            "customer": dossier.customer.number,
            "invoice": dossier.scope.number if dossier.scope else None,
        },
        "organisation": _party_json(dossier.organisation)
        | {"id": dossier.organisation.pk, "iban": dossier.organisation.iban},
        "customer": _party_json(dossier.customer)
        | {
            "id": dossier.customer.pk,
            "number": dossier.customer.number,
            "kind": dossier.customer.kind,
            "contact_person": dossier.customer.contact_person,
            "emails": dossier.customer.email_list,
        },
        "invoices": [
            _invoice_json(i) | invoice_facts(i, dossier.limitations[i.pk], dossier.day)
            for i in dossier.invoices
        ],
        "credit_notes": [_credit_note_json(c) for c in dossier.credit_notes],
        "payments": [_payment_json(p, dossier.allocations.get(p.pk, [])) for p in dossier.payments],
        "claim": _claim_json(dossier.claim),
        "demanded": demanded_json(dossier.demanded),
        "events": [_event_json(entry) for entry in dossier.entries],
        "chain": dossier.chain,
        "files": [
            {"path": f.path, "sha256": f.sha256, "size": f.size, "source": f.source}
            | ({"problem": f.problem} if f.problem else {})
            for f in dossier.files
        ],
        "problems": list(dossier.problems),
    }


def _party_json(party: Organisation | Customer) -> dict[str, Any]:
    return {
        "name": party.name,
        "street": party.street,
        "postcode": party.postcode,
        "city": party.city,
        "country": party.country,
        "kvk_number": party.kvk_number,
        "vat_number": party.vat_number,
        "phone": party.phone,
    }


def _invoice_json(invoice: Invoice) -> dict[str, Any]:
    return {
        "id": invoice.pk,
        "number": invoice.number,
        "issue_date": invoice.issue_date.isoformat(),
        "due_date": invoice.due_date.isoformat(),
        "currency": invoice.currency,
        "amount_excl_vat": money(invoice.amount_excl_vat),
        "vat_amount": money(invoice.vat_amount),
        "total": money(invoice.total),
        "paid": money(Decimal(invoice.paid)),  # type: ignore[attr-defined]
        "credited": money(Decimal(invoice.credited)),  # type: ignore[attr-defined]
        "written_off": money(Decimal(invoice.written_off)),  # type: ignore[attr-defined]
        "open_amount": money(Decimal(invoice.open_amount)),  # type: ignore[attr-defined]
        "payment_reference": invoice.payment_reference,
        "external_reference": invoice.external_reference,
    }


def _credit_note_json(note: CreditNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "number": note.number,
        "issue_date": note.issue_date.isoformat(),
        "invoice_id": note.invoice_id,
        "total": money(note.total),
    }


def _payment_json(payment: Payment, allocations: Sequence[Allocation]) -> dict[str, Any]:
    return {
        "id": payment.pk,
        "date": payment.date.isoformat(),
        "amount": money(payment.amount),
        "currency": payment.currency,
        "payer_name": payment.payer_name,
        "payer_iban": payment.payer_iban,
        "description": payment.description,
        "external_reference": payment.external_reference,
        "allocations": [
            {"invoice_id": a.invoice_id, "amount": money(a.amount), "date": a.date.isoformat()}
            for a in allocations
        ],
        # Beyond the principal: what the payment paid of the invoices' interest and costs.
        "charges_paid": [
            {"invoice_id": c.invoice_id, "amount": money(c.amount), "date": c.date.isoformat()}
            for c in payment.paid_charges.order_by("pk")
        ],
    }


def _claim_json(outcome: ClaimOutcome) -> dict[str, Any]:
    data: dict[str, Any] = {
        "computed": outcome.claim is not None,
        "error": outcome.error,
        "notes": list(outcome.notes),
        "invoice_numbers": [i.number for i in outcome.invoices],
        "costs_from": outcome.costs_from.isoformat() if outcome.costs_from else None,
    }
    if outcome.claim is not None:
        data |= claim_to_json(outcome.claim)
    return data


def _event_json(entry: TimelineEntry) -> dict[str, Any]:
    event = entry.event
    return {
        "id": event.pk,
        "seq": event.seq,
        "occurred_at": timestamp(event.occurred_at),
        "day": event.day.isoformat(),
        "kind": event.kind,
        "customer_id": event.customer_id,
        "invoice_id": event.invoice_id,
        "invoice_number": entry.invoice_number,
        "actor": event.actor,
        "payload": event.payload,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
        "description": entry.text,
    }
