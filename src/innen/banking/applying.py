"""Matching imported bank entries to open invoices: `innen.matching` decides, this applies.

One `Book` per organisation holds only that organisation's open invoices and customers, so a
payment can never pay another organisation's invoice. An applied match registers a payment
through the ledger (art. 6:43 order, the named invoices first), appends a "payment matched"
event with the reason; the ledger has collection withdraw what it queued for the invoices paid.
Everything else waits for a person in the review list, with the engine's offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from innen.banking import refusals
from innen.banking.models import BankEntry, MatchStatus
from innen.banking.reachable import load_book
from innen.dbcopy import update_rows
from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent, actor_name, append_many
from innen.file_messages import translated
from innen.formats.statement import Entry
from innen.inlists import pieces
from innen.ledger import services as ledger
from innen.ledger.models import (
    Customer,
    Invoice,
    Payment,
    Repayment,
    RepaymentKind,
)
from innen.ledger.repaying import NewRepayment
from innen.matching.decision import Candidate, Decision
from innen.matching.match import match_entries
from innen.matching.reasons import NOT_RECORDED, say
from innen.organisations.models import Organisation
from innen.translatable import from_record, to_record


@dataclass
class MatchSummary:
    applied: int = 0
    review: int = 0
    ignored: int = 0
    returned: int = 0
    refunded: int = 0

    def as_json(self) -> dict[str, int]:
        return {
            "applied": self.applied,
            "review": self.review,
            "ignored": self.ignored,
            "returned": self.returned,
            "refunded": self.refunded,
        }


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


def _note(row: BankEntry, status: str, why: str) -> None:
    """Why `row` waits for a person: the record in English, and again to say it translated."""
    row.match_status, row.match_note = status, why[:500]
    row.match_note_said = to_record(why)


def _offer(candidate: Candidate, numbers: dict[int, str]) -> dict[str, Any]:
    return {
        "invoices": [numbers.get(pk, str(pk)) for pk in candidate.invoice_ids],
        "invoice_ids": list(candidate.invoice_ids),
        "customer_id": candidate.customer_id,
        "amounts": [str(amount) for amount in candidate.amounts],
        "score": candidate.score,
        "reason": candidate.reason,
        "said": to_record(candidate.reason),  # the reason again in the reader's language
        "rule": candidate.rule,
    }


@transaction.atomic
def match_pending(organisation: Organisation, *, today: date, user: Any = None) -> MatchSummary:
    """Match the organisation's entries not yet looked at; apply the sure ones.

    What is sure is recorded in lots, in order: the lines that pay invoices together, and
    those that pay money back (stornos, refunds) together. A customer's lines stay in
    order: a line of the other kind than one before it of the same customer starts a new
    lot (a storno re-opens invoices a later line may pay; a refund pays out credit an
    earlier line may have left).
    """
    rows = list(
        BankEntry.objects.select_for_update()
        .filter(organisation=organisation, match_status=MatchStatus.UNMATCHED)
        .order_by("booking_date", "pk")
    )
    summary = MatchSummary()
    if not rows:
        return summary
    entries = [_domain(row, n) for n, row in enumerate(rows, 1)]
    book = load_book(organisation, entries, today)
    numbers = {pk: invoice.number for pk, invoice in book.invoice.items()}
    decisions = match_entries(entries, book)
    # Millions of objects (every customer's name indexed) that each garbage collection
    # while recording would walk again.
    del book
    lot = _Lot(organisation, today, user)
    noted: list[BankEntry] = []
    for row, decision in zip(rows, decisions, strict=True):
        if decision.action in ("apply", "storno", "refund") and decision.chosen is not None:
            lot.add(row, decision)
        elif decision.action == "ignore":
            row.match_status, row.match_note = MatchStatus.IGNORED, decision.why[:500]
            noted.append(row)
            summary.ignored += 1
        else:
            _note(row, MatchStatus.REVIEW, decision.why)
            row.candidates = [_offer(c, numbers) for c in decision.candidates]
            noted.append(row)
            summary.review += 1
    lot.record()
    for row, decision in lot.done:
        if row.match_status == MatchStatus.REVIEW:  # a repayment that could not be recorded
            row.candidates = [_offer(c, numbers) for c in decision.candidates]
            noted.append(row)
            summary.review += 1
        elif decision.action == "apply":
            summary.applied += 1
        elif decision.action == "storno":
            summary.returned += 1
        else:
            summary.refunded += 1
    update_rows(BankEntry, ["match_status", "match_note", "match_note_said", "candidates"], noted)
    return summary


class _Lot:
    """Sure lines waiting to be recorded together: those that pay, those that pay back."""

    def __init__(self, organisation: Organisation, today: date, user: Any) -> None:
        self.organisation, self.today, self.user = organisation, today, user
        self.paying: list[tuple[BankEntry, Candidate]] = []
        self.paying_back: list[tuple[BankEntry, Decision]] = []
        self.customers: dict[int, bool] = {}  # whether their lines pay (else pay back)
        self.done: list[tuple[BankEntry, Decision]] = []

    def add(self, row: BankEntry, decision: Decision) -> None:
        chosen = decision.chosen
        assert chosen is not None
        pays = decision.action == "apply"
        if self.customers.get(chosen.customer_id, pays) != pays:
            self.record()
        self.customers[chosen.customer_id] = pays
        if pays:
            self.paying.append((row, chosen))
        else:
            self.paying_back.append((row, decision))
        self.done.append((row, decision))

    def record(self) -> None:
        _apply_all(self.organisation, self.paying, self.today, self.user)
        _pay_back_all(self.organisation, self.paying_back)
        self.paying, self.paying_back, self.customers = [], [], {}


def _pay_back_all(organisation: Organisation, lines: list[tuple[BankEntry, Decision]]) -> None:
    """Record stornos and refunds, in order. A line whose repayment cannot be recorded
    waits for review, saying why."""
    if not lines:
        return
    customers = (
        Customer.objects.filter(organisation=organisation)
        .only("organisation_id")
        .in_bulk(list({decision.chosen.customer_id for _, decision in lines if decision.chosen}))
    )
    returned = _returned_payments(organisation, [row for row, _ in lines])
    repayments = []
    for row, decision in lines:
        chosen = decision.chosen
        assert chosen is not None
        customer = customers.get(chosen.customer_id)
        if customer is None:
            raise ValidationError({"customer": refusals.NOT_YOUR_CUSTOMER})
        storno = decision.action == "storno"
        row.repayment = Repayment(
            organisation=organisation,
            customer=customer,
            kind=RepaymentKind.STORNO if storno else RepaymentKind.REFUND,
            payment=returned.get(row.end_to_end_id.strip()) if storno else None,
            date=row.booking_date,
            amount=-row.amount,
            reason=chosen.reason[:200],
            external_reference=f"bank:{row.pk}",
        )
        reopen = chosen.invoice_ids if storno else ()
        repayments.append(NewRepayment(row.repayment, reopen_received=reopen))
    problems = ledger.repayments_register(
        organisation=organisation, repayments=repayments, source="bank"
    )
    for (row, decision), problem in zip(lines, problems, strict=True):
        assert decision.chosen is not None
        if problem is None:
            row.repayment = row.repayment  # its id, now that the repayment has one
            row.match_status, row.match_note = MatchStatus.MATCHED, decision.chosen.reason
        else:
            row.repayment = None
            refused = "; ".join(problem.messages)
            why = say(NOT_RECORDED, reason=decision.chosen.reason, problems=refused)
            _note(row, MatchStatus.REVIEW, why)
    noted = ["match_status", "repayment_id", "match_note", "match_note_said"]
    update_rows(BankEntry, noted, [row for row, _ in lines])


def _returned_payments(organisation: Organisation, rows: list[BankEntry]) -> dict[str, Payment]:
    """Per end-to-end id of returned lines, the payment it reverses: that of the latest
    matched line with the id."""
    wanted = sorted({row.end_to_end_id.strip() for row in rows} - {"", "NOTPROVIDED"})
    out: dict[str, Payment] = {}
    for some in pieces(wanted):
        for earlier in (
            BankEntry.objects.filter(
                organisation=organisation, end_to_end_id__in=some, amount__gt=0
            )
            .exclude(payment=None)
            .select_related("payment")
            .order_by("booking_date", "pk")
        ):
            if earlier.payment is not None:
                out[earlier.end_to_end_id] = earlier.payment
    return out


def _apply_all(
    organisation: Organisation,
    applying: list[tuple[BankEntry, Candidate]],
    today: date,
    user: Any,
) -> None:
    """Let each line pay what it was matched to, in order: a payment through the ledger
    (art. 6:43, the named invoices first), a "payment matched" event with the reason, and
    what collection had queued for the invoices it paid withdrawn (by the ledger service)."""
    if not applying:
        return
    customers = (
        Customer.objects.filter(organisation=organisation)
        .only("organisation_id")
        .in_bulk(list({chosen.customer_id for _, chosen in applying}))
    )
    named = sorted({i for _, chosen in applying for i in chosen.invoice_ids})
    numbers = {
        pk: number
        for some in pieces(named)
        for pk, number in Invoice.objects.filter(
            organisation=organisation, pk__in=some
        ).values_list("pk", "number")
    }
    if len(numbers) < len(named):
        raise ValidationError({"invoices": refusals.NOT_YOUR_INVOICE})
    payments = []
    for row, chosen in applying:
        customer = customers.get(chosen.customer_id)
        if customer is None:
            raise ValidationError({"customer": refusals.NOT_YOUR_CUSTOMER})
        row.payment = Payment(
            organisation=organisation,
            customer=customer,
            date=row.booking_date,
            amount=row.amount,
            payer_name=row.counterparty_name[:200],
            payer_iban=row.counterparty_iban,
            description=row.remittance[:500],
            external_reference=f"bank:{row.pk}",
        )
        row.match_status, row.match_note = MatchStatus.MATCHED, chosen.reason
        payments.append(
            ledger.NewPayment(
                row.payment,
                chosen.invoice_ids,
                followed_by=[_matched(row, chosen, customer, numbers, today, user)],
            )
        )
    ledger.payments_register(
        organisation=organisation, payments=payments, source="bank", today=today
    )
    for row, _ in applying:
        row.payment = row.payment  # its id, now that the payment has one
    update_rows(BankEntry, ["match_status", "payment_id", "match_note"], [r for r, _ in applying])


def _matched(
    row: BankEntry,
    chosen: Candidate,
    customer: Customer,
    numbers: dict[int, str],
    today: date,
    user: Any,
) -> NewEvent:
    return NewEvent(
        EventKind.PAYMENT_MATCHED,
        today,
        customer_id=customer.pk,
        invoice_id=chosen.invoice_ids[0] if len(chosen.invoice_ids) == 1 else None,
        payload={
            "amount": str(row.amount),
            "booked_on": row.booking_date.isoformat(),
            "invoices": [numbers[pk] for pk in chosen.invoice_ids],
            "score": chosen.score,
            "reason": chosen.reason,
            "reason_said": to_record(chosen.reason),  # the reason in the reader's language
            "counterparty": row.counterparty_name,
            "iban": row.counterparty_iban,
        },
        actor=actor_name(user),
    )


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
        raise ValidationError({"entry": refusals.ALREADY_DEALT_WITH})
    if row.amount <= 0:
        raise ValidationError({"entry": refusals.ONLY_MONEY_IN_PAYS})
    invoices = Invoice.objects.filter(organisation=organisation).in_bulk(invoice_ids)
    if len(invoices) != len(set(invoice_ids)):
        raise ValidationError({"invoices": refusals.NOT_YOUR_INVOICE})
    customers = {invoice.customer_id for invoice in invoices.values()}
    if len(customers) != 1:
        raise ValidationError({"invoices": refusals.ONE_CUSTOMERS_INVOICES})
    chosen = Candidate(
        invoice_ids=tuple(invoice_ids),
        customer_id=customers.pop(),
        amounts=(),
        score=100,
        reason=reason,
        rule="person",
    )
    _apply_all(organisation, [(row, chosen)], today, user)


@transaction.atomic
def entry_accept(row: BankEntry, offer: int, *, today: date, user: Any) -> None:
    """Take the engine's offer number `offer` (0-based) for a line waiting for review."""
    offers = row.candidates or []
    if not 0 <= offer < len(offers):
        raise ValidationError({"offer": refusals.NO_SUCH_OFFER})
    chosen = offers[offer]
    reason = f"accepted by {actor_name(user)}: {chosen['reason']}"
    if chosen.get("rule") in ("storno", "refund"):
        _pay_back_to(
            row, chosen["rule"], chosen["customer_id"], chosen["invoice_ids"], reason, today, user
        )
        return
    _apply_to(row.organisation, row, list(chosen["invoice_ids"]), reason, today, user)


def _pay_back_to(
    row: BankEntry,
    action: str,
    customer_id: int,
    invoice_ids: list[int],
    reason: str,
    today: date,
    user: Any,
) -> None:
    """Record money out a person decided on: a storno of these invoices, or a refund.

    A line matching set aside (money out to nobody it knew) may still be one."""
    if row.match_status == MatchStatus.MATCHED:
        raise ValidationError({"entry": refusals.ALREADY_DEALT_WITH})
    if row.amount >= 0:
        raise ValidationError({"entry": refusals.ONLY_MONEY_OUT_RETURNS})
    chosen = Candidate(tuple(invoice_ids), customer_id, (), 100, reason, action)
    decision = Decision(
        row.number, "storno" if action == "storno" else "refund", (chosen,), chosen, reason
    )
    _pay_back_all(row.organisation, [(row, decision)])
    if row.match_status != MatchStatus.MATCHED:
        said = translated(from_record(row.match_note_said))
        raise ValidationError({"entry": said or row.match_note})


@transaction.atomic
def entry_return(row: BankEntry, numbers: list[str], *, today: date, user: Any) -> None:
    """A returned payment (storno) re-opening the invoices a person names (one customer's)."""
    invoices = _named_invoices(row.organisation, numbers)
    customers = {invoice.customer_id for invoice in invoices}
    if len(customers) != 1:
        raise ValidationError({"invoices": refusals.ONE_CUSTOMERS_INVOICES})
    reason = f"returned payment of {', '.join(i.number for i in invoices)}, said {actor_name(user)}"
    _pay_back_to(row, "storno", customers.pop(), [i.pk for i in invoices], reason, today, user)


@transaction.atomic
def entry_refund(row: BankEntry, customer_number: str, *, today: date, user: Any) -> None:
    """A refund to the customer a person names, out of that customer's credit."""
    customer = Customer.objects.filter(
        organisation=row.organisation, number=customer_number.strip()
    ).first()
    if customer is None:
        raise ValidationError(
            {"customer": refusals.NO_CUSTOMER_NUMBERED % {"number": customer_number.strip()}}
        )
    reason = f"refund to {customer.name}, said {actor_name(user)}"
    _pay_back_to(row, "refund", customer.pk, [], reason, today, user)


def _named_invoices(organisation: Organisation, numbers: list[str]) -> list[Invoice]:
    wanted = [number.strip() for number in numbers if number.strip()]
    if not wanted:
        raise ValidationError({"invoices": refusals.NAME_AN_INVOICE})
    found = {
        invoice.number: invoice
        for invoice in Invoice.objects.filter(organisation=organisation, number__in=wanted)
    }
    missing = [number for number in wanted if number not in found]
    if missing:
        raise ValidationError(
            {"invoices": refusals.NO_INVOICE_NUMBERED % {"numbers": ", ".join(missing)}}
        )
    return [found[number] for number in wanted]


@transaction.atomic
def entry_assign(row: BankEntry, numbers: list[str], *, today: date, user: Any) -> None:
    """Let a line pay the invoices a person names (one customer's; split in their order)."""
    invoices = _named_invoices(row.organisation, numbers)
    reason = f"assigned by {actor_name(user)} to {', '.join(i.number for i in invoices)}"
    _apply_to(row.organisation, row, [invoice.pk for invoice in invoices], reason, today, user)


@transaction.atomic
def entry_ignore(row: BankEntry, *, user: Any) -> None:
    """Not a payment of an invoice (a refund received, interest, a transfer of one's own)."""
    if row.match_status not in (MatchStatus.REVIEW, MatchStatus.UNMATCHED):
        raise ValidationError({"entry": refusals.ALREADY_DEALT_WITH})
    row.match_status = MatchStatus.IGNORED
    row.match_note = f"set aside by {actor_name(user)}"
    row.save(update_fields=["match_status", "match_note"])
    append_many(row.organisation_id, [_set_aside(row, user)])


def _set_aside(row: BankEntry, user: Any) -> NewEvent:
    return NewEvent(
        EventKind.NOTE,
        timezone.localdate(),
        payload={
            "text": f"Bank line set aside: {row.amount} on {row.booking_date.isoformat()}",
            "entry": row.pk,
            "amount": str(row.amount),
            "booked_on": row.booking_date.isoformat(),
            "counterparty": row.counterparty_name,
            "iban": row.counterparty_iban,
        },
        actor=actor_name(user),
    )
