"""Matching imported bank entries to open invoices: `innen.matching` decides, this applies.

One `Book` per organisation holds only that organisation's open invoices and customers, so a
payment can never pay another organisation's invoice. An applied match registers a payment
through the ledger (art. 6:43 order, the named invoices first), appends a "payment matched"
event with the reason, and withdraws what collection had queued for the invoices it paid.
Everything else waits for a person in the review list, with the engine's offers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from innen.banking.models import BankEntry, MatchStatus
from innen.collection.pending import pending_actions, withdraw
from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent, actor_name, append_many
from innen.formats.statement import Entry
from innen.ledger import services as ledger
from innen.ledger.models import Customer, CustomerIban, Invoice
from innen.matching.book import Book, KnownCustomer, OpenInvoice
from innen.matching.match import Candidate, Decision, match_entries
from innen.organisations.models import Organisation


@dataclass
class MatchSummary:
    applied: int = 0
    review: int = 0
    ignored: int = 0

    def as_json(self) -> dict[str, int]:
        return {"applied": self.applied, "review": self.review, "ignored": self.ignored}


def build_book(organisation: Organisation) -> Book:
    invoices = [
        OpenInvoice(pk, customer_id, number, reference or "", open_amount, due_date)
        for pk, customer_id, number, reference, open_amount, due_date in Invoice.objects.filter(
            organisation=organisation
        )
        .open()
        .values_list("pk", "customer_id", "number", "payment_reference", "open_amount", "due_date")
    ]
    ibans: dict[int, list[str]] = defaultdict(list)
    for customer_id, iban in CustomerIban.objects.filter(
        customer__organisation=organisation
    ).values_list("customer_id", "iban"):
        ibans[customer_id].append(iban)
    customers = [
        KnownCustomer(pk, name, tuple(ibans.get(pk, ())))
        for pk, name in Customer.objects.filter(organisation=organisation).values_list("pk", "name")
    ]
    open_ids = {invoice.id for invoice in invoices}
    closed = [
        number
        for pk, number in Invoice.objects.filter(organisation=organisation).values_list(
            "pk", "number"
        )
        if pk not in open_ids
    ]
    return Book(invoices, customers, closed_numbers=closed)


def _domain(row: BankEntry, number: int) -> Entry:
    return Entry(
        booking_date=row.booking_date,
        value_date=row.value_date,
        amount=row.amount,
        currency=row.currency,
        counterparty_iban=row.counterparty_iban,
        counterparty_name=row.counterparty_name,
        counterparty_bic=row.counterparty_bic,
        structured_reference=row.structured_reference,
        remittance=row.remittance,
        end_to_end_id=row.end_to_end_id,
        bank_reference=row.bank_reference,
        transaction_code=row.transaction_code,
        is_return=row.is_return,
        return_reason=row.return_reason,
        number=number,
    )


def _offer(candidate: Candidate, numbers: dict[int, str]) -> dict[str, Any]:
    return {
        "invoices": [numbers.get(pk, str(pk)) for pk in candidate.invoice_ids],
        "invoice_ids": list(candidate.invoice_ids),
        "customer_id": candidate.customer_id,
        "amounts": [str(amount) for amount in candidate.amounts],
        "score": candidate.score,
        "reason": candidate.reason,
    }


@transaction.atomic
def match_pending(organisation: Organisation, *, today: date, user: Any = None) -> MatchSummary:
    """Match the organisation's entries not yet looked at; apply the sure ones."""
    rows = list(
        BankEntry.objects.select_for_update()
        .filter(organisation=organisation, match_status=MatchStatus.UNMATCHED)
        .order_by("booking_date", "pk")
    )
    summary = MatchSummary()
    if not rows:
        return summary
    book = build_book(organisation)
    numbers = {pk: invoice.number for pk, invoice in book.invoice.items()}
    decisions = match_entries([_domain(row, n) for n, row in enumerate(rows, start=1)], book)
    for row, decision in zip(rows, decisions, strict=True):
        if decision.action == "apply" and decision.chosen is not None:
            _apply(organisation, row, decision, today, user)
            summary.applied += 1
        elif decision.action == "ignore":
            row.match_status, row.match_note = MatchStatus.IGNORED, decision.why[:500]
            row.save(update_fields=["match_status", "match_note"])
            summary.ignored += 1
        else:
            row.match_status, row.match_note = MatchStatus.REVIEW, decision.why[:500]
            row.candidates = [_offer(c, numbers) for c in decision.candidates]
            row.save(update_fields=["match_status", "match_note", "candidates"])
            summary.review += 1
    return summary


def _apply(
    organisation: Organisation, row: BankEntry, decision: Decision, today: date, user: Any
) -> None:
    chosen = decision.chosen
    assert chosen is not None
    customer = Customer.objects.get(pk=chosen.customer_id, organisation=organisation)
    by_id = Invoice.objects.filter(organisation=organisation).in_bulk(list(chosen.invoice_ids))
    invoices = [by_id[pk] for pk in chosen.invoice_ids]
    payment = ledger.payment_register(
        organisation=organisation,
        customer=customer,
        date=row.booking_date,
        amount=row.amount,
        designated=invoices,
        payer_name=row.counterparty_name[:200],
        payer_iban=row.counterparty_iban,
        description=row.remittance[:500],
        external_reference=f"bank:{row.pk}",
        source="bank",
    )
    row.match_status, row.payment, row.match_note = MatchStatus.MATCHED, payment, chosen.reason
    row.save(update_fields=["match_status", "payment", "match_note"])
    append_many(
        organisation.pk,
        [
            NewEvent(
                EventKind.PAYMENT_MATCHED,
                today,
                customer_id=customer.pk,
                invoice_id=invoices[0].pk if len(invoices) == 1 else None,
                payload={
                    "amount": str(row.amount),
                    "booked_on": row.booking_date.isoformat(),
                    "invoices": [invoice.number for invoice in invoices],
                    "score": chosen.score,
                    "reason": chosen.reason,
                    "counterparty": row.counterparty_name,
                    "iban": row.counterparty_iban,
                },
                actor=actor_name(user),
            )
        ],
    )
    open_ids = set(Invoice.objects.filter(customer=customer).open().values_list("pk", flat=True))
    withdraw(pending_actions([customer.pk]), open_ids=open_ids, paused_ids=(), today=today)


def _apply_to(
    organisation: Organisation,
    row: BankEntry,
    invoice_ids: list[int],
    reason: str,
    today: date,
    user: Any,
) -> None:
    """Apply a line a person decided on: the invoices they chose, in their order."""
    if row.match_status not in (MatchStatus.REVIEW, MatchStatus.UNMATCHED):
        raise ValidationError({"entry": "this line was already dealt with"})
    if row.amount <= 0:
        raise ValidationError({"entry": "only money in can pay invoices"})
    invoices = Invoice.objects.filter(organisation=organisation).in_bulk(invoice_ids)
    if len(invoices) != len(set(invoice_ids)):
        raise ValidationError({"invoices": "an invoice that is not one of yours"})
    customers = {invoice.customer_id for invoice in invoices.values()}
    if len(customers) != 1:
        raise ValidationError({"invoices": "choose invoices of one customer"})
    chosen = Candidate(
        invoice_ids=tuple(invoice_ids),
        customer_id=customers.pop(),
        amounts=(),
        score=100,
        reason=reason,
        rule="person",
    )
    _apply(organisation, row, Decision(row.number, "apply", (chosen,), chosen, reason), today, user)


@transaction.atomic
def entry_accept(row: BankEntry, offer: int, *, today: date, user: Any) -> None:
    """Take the engine's offer number `offer` (0-based) for a line waiting for review."""
    offers = row.candidates or []
    if not 0 <= offer < len(offers):
        raise ValidationError({"offer": "no such offer"})
    reason = f"accepted by {actor_name(user)}: {offers[offer]['reason']}"
    _apply_to(row.organisation, row, list(offers[offer]["invoice_ids"]), reason, today, user)


@transaction.atomic
def entry_assign(row: BankEntry, numbers: list[str], *, today: date, user: Any) -> None:
    """Let a line pay the invoices a person names (one customer's; split in their order)."""
    wanted = [number.strip() for number in numbers if number.strip()]
    if not wanted:
        raise ValidationError({"invoices": "name at least one invoice number"})
    found = dict(
        Invoice.objects.filter(organisation=row.organisation, number__in=wanted).values_list(
            "number", "pk"
        )
    )
    missing = [number for number in wanted if number not in found]
    if missing:
        raise ValidationError({"invoices": f"no invoice numbered {', '.join(missing)}"})
    reason = f"assigned by {actor_name(user)} to {', '.join(wanted)}"
    _apply_to(row.organisation, row, [found[number] for number in wanted], reason, today, user)


def entry_ignore(row: BankEntry, *, user: Any) -> None:
    """Not a payment of an invoice (a refund received, interest, a transfer of one's own)."""
    if row.match_status not in (MatchStatus.REVIEW, MatchStatus.UNMATCHED):
        raise ValidationError({"entry": "this line was already dealt with"})
    row.match_status = MatchStatus.IGNORED
    row.match_note = f"set aside by {actor_name(user)}"
    row.save(update_fields=["match_status", "match_note"])
