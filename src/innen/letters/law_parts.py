"""Pieces of a `Letter` computed by the law engine, shared by compose (database) and samples.

fourteen_day_notice([D("100"), D("150"), D("200")], sent=date(2026, 11, 20), channel="post")
-> term ends Tuesday 8 December 2026, costs €67.50 (the scale on €450), from 9 December.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from innen.law.claim import Claim, RateRow
from innen.law.letter_term import costs_to_state, letter_term
from innen.letters.letter import ClaimLines, FourteenDayNotice, InvoiceLine, PaymentDetails
from innen.money import ZERO

# Delivery channel of a message → the presumption of receipt of art. 6:96 lid 6 BW.
LETTER_TERM_CHANNEL = {"letter": "post", "email": "email"}


def claim_lines(claims: Sequence[Claim]) -> ClaimLines:
    """The claim lines of one or more claims (e.g. invoices with and without costs), added up."""
    if not claims:
        raise ValueError("no claims to add up")
    kinds = {claim.interest_rule.kind for claim in claims if claim.interest}
    interest_kind = kinds.pop() if len(kinds) == 1 else claims[0].interest_rule.kind
    if interest_kind not in ("statutory", "commercial"):
        interest_kind = "commercial" if claims[0].debtor == "business" else "statutory"
    provisional = [c.rates_known_until for c in claims if c.rates_known_until is not None]
    return ClaimLines(
        principal=sum((c.principal for c in claims), ZERO),
        interest=sum((c.interest for c in claims), ZERO),
        interest_kind=interest_kind,
        collection_costs=sum((c.collection_costs for c in claims), ZERO),
        collection_costs_vat=sum((c.collection_costs_vat for c in claims), ZERO),
        total=sum((c.total for c in claims), ZERO),
        rates_used=tuple(sorted({row for c in claims for row in c.rates_used}, key=_row_order)),
        rates_known_until=min(provisional) if provisional else None,
    )


def _row_order(row: RateRow) -> tuple[str, date]:
    return row.table, row.effective


def fourteen_day_notice(
    principals: Sequence[Decimal],
    *,
    sent: date,
    channel: str,
    at_least_until: date | None = None,
    vat_uplift: bool = False,
) -> FourteenDayNotice:
    """What a 14-day letter sent on `sent` by `channel` ("letter"/"email") must state.

    `at_least_until` is the step's own pay-before day: when it is later than the statutory
    term's end, the letter gives that longer term (never a shorter one).
    """
    term = letter_term(sent, LETTER_TERM_CHANNEL.get(channel, channel))
    costs = costs_to_state(principals, vat_uplift=vat_uplift, on=sent)
    ends = max(term.term_ends, at_least_until or term.term_ends)
    return FourteenDayNotice(
        sent_on=sent,
        channel=term.channel,
        term_ends=ends,
        costs_from=ends + timedelta(days=1),
        collection_costs=costs.amount,
        collection_costs_vat=costs.vat,
        presumed_receipt=term.presumed_receipt,
    )


def payment_reference(invoices: Sequence[InvoiceLine]) -> str:
    """The invoice's own payment reference for one invoice, else the invoice numbers."""
    if len(invoices) == 1 and invoices[0].payment_reference:
        return invoices[0].payment_reference
    return " ".join(invoice.number for invoice in invoices)


def payment_details(
    *, name: str, iban: str, bic: str, amount: Decimal, invoices: Sequence[InvoiceLine]
) -> PaymentDetails | None:
    """How to pay `amount`; None when the organisation has no IBAN to pay to."""
    if not iban:
        return None
    return PaymentDetails(name, iban, bic, amount, payment_reference(invoices))
