"""Money out on a statement: a returned payment (storno) or a refund to a customer. Pure.

A storno re-opens the invoice(s) it reverses, found by end-to-end id, payment reference or
description; a refund names an invoice, an account or a customer name; anything else is
none of our business ("ignore").
"""

from __future__ import annotations

from decimal import Decimal

from innen.formats.statement import Entry
from innen.matching import reasons as r
from innen.matching.book import Book, OpenInvoice
from innen.matching.decision import NAME_MINIMUM, Action, Candidate, Decision
from innen.matching.reading import compact
from innen.matching.reasons import say
from innen.matching.scan import scan_text


def storno(entry: Entry, book: Book) -> Decision:
    """A returned payment (storno): re-open the invoices it had paid, for one customer."""
    ids, how = _returned_invoices(entry, book)
    if not ids:
        return Decision(entry.number, "review", (), None, say(r.RETURN_NAMES_NOTHING))
    invoices = [_any_invoice(book, i) for i in sorted(set(ids))]
    customers = {inv.customer_id for inv in invoices}
    if len(customers) != 1:
        return Decision(entry.number, "review", (), None, say(r.RETURN_SEVERAL_CUSTOMERS))
    amounts, left = _reopened_amounts(invoices, -entry.amount)
    chosen = Candidate(
        tuple(inv.id for inv in invoices),
        customers.pop(),
        tuple(amounts[inv.id] for inv in invoices),
        100,
        say(
            r.RETURNED,
            why=entry.return_reason or say(r.NO_REASON_GIVEN),
            how=how,
            invoices=", ".join(inv.number for inv in invoices),
        ),
        "storno",
        left,
    )
    return Decision(entry.number, "storno", (chosen,), chosen, chosen.reason)


def _returned_invoices(entry: Entry, book: Book) -> tuple[list[int], str]:
    """The invoices a returned payment is about, and how they were found: end-to-end id
    first, then the payment reference, then the description."""
    e2e = entry.end_to_end_id.strip()
    if e2e and book.e2e.get(e2e):
        return list(book.e2e[e2e]), say(r.BY_END_TO_END, id=e2e)
    ref = compact(entry.structured_reference)
    by_reference = next(
        (refs[ref] for refs in (book.settled_by_reference, book.by_reference) if ref in refs), ()
    )
    if ref and by_reference:
        return list(by_reference), say(r.BY_REFERENCE, reference=entry.structured_reference)
    for refs, nums in (
        (book.settled_by_reference, book.settled_by_number),
        (book.by_reference, book.by_number),
    ):
        found = scan_text(entry.remittance, book, refs, nums)
        hits = [i for i, _ in found.references] + [i for i, _ in found.exact]
        if hits:
            return list(dict.fromkeys(hits)), say(r.BY_DESCRIPTION)
    return [], ""


def _reopened_amounts(
    invoices: list[OpenInvoice], amount: Decimal
) -> tuple[dict[int, Decimal], Decimal]:
    """Re-open each invoice by what it had received, oldest due date first; and what is left."""
    left = amount
    amounts = {}
    for inv in sorted(invoices, key=lambda v: (v.due_date, v.id)):
        take = min(left, inv.open_amount) if len(invoices) > 1 else left
        amounts[inv.id] = take
        left -= take
    return amounts, left


def refund(entry: Entry, book: Book) -> Decision:
    """Money out to a customer we know, by invoice, account or name."""
    amount = -entry.amount
    hits = _refunded_invoices(entry, book)
    payees, how = _payees(entry, book, hits)
    if len(payees) != 1:
        why = say(r.OUT_TO_NOBODY) if not payees else say(r.OUT_TO_SEVERAL)
        action: Action = "ignore" if not payees else "review"
        return Decision(entry.number, action, (), None, why)
    customer_id = payees[0]
    invoice_ids = tuple(
        sorted({i for i in hits if _any_invoice(book, i).customer_id == customer_id})
    )
    chosen = Candidate(
        invoice_ids,
        customer_id,
        (),
        90,
        say(r.REFUND_TO, amount=amount, name=book.customer[customer_id].name, how=how)
        if customer_id in book.customer
        else say(r.REFUND, amount=amount, how=how),
        "refund",
        -amount,
    )
    return Decision(entry.number, "refund", (chosen,), chosen, chosen.reason)


def _refunded_invoices(entry: Entry, book: Book) -> list[int]:
    """The invoices a refund names: mostly a paid one (an over-payment returned), else an
    open one."""
    hits = []
    reference = compact(entry.structured_reference)
    for refs, nums in (
        (book.settled_by_reference, book.settled_by_number),
        (book.by_reference, book.by_number),
    ):
        found = scan_text(entry.remittance, book, refs, nums)
        hits += [i for i, _ in found.references] + [i for i, _ in found.exact]
        if reference and reference in refs:
            hits += refs[reference]
    return list(dict.fromkeys(hits))


def _payees(entry: Entry, book: Book, hits: list[int]) -> tuple[list[int], str]:
    """The customers money out goes to: by the invoices named, else the account, else the name."""
    payees = list(dict.fromkeys(_any_invoice(book, i).customer_id for i in hits))
    if payees:
        return payees, say(r.PAYEE_BY_INVOICE)
    payees = list(book.customers_with_iban(entry.counterparty_iban))
    if payees:
        return payees, say(r.PAYEE_BY_ACCOUNT)
    if entry.counterparty_name:
        similar = book.similar_customers(entry.counterparty_name, NAME_MINIMUM)
        payees = [c for c, _ in similar[:2]]
    return payees, say(r.PAYEE_BY_NAME)


def _any_invoice(book: Book, invoice_id: int) -> OpenInvoice:
    """An invoice the book holds, open or settled within the storno window."""
    return book.settled_invoice.get(invoice_id) or book.invoice[invoice_id]
