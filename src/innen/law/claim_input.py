"""What a claim is computed from, checked first: bad input is refused naming the input."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from innen.law.collection_costs import BESLUIT_BIK_FROM, CostsRule
from innen.law.interest import InterestRule
from innen.law.rates import DateOutsideRateTable
from innen.translatable import N_, say

if TYPE_CHECKING:
    from innen.law.claim import Invoice, Payment
    from innen.law.demands import Demand


class ClaimInputError(ValueError):
    """Bad input for a claim; `argument` names the input ("invoice", "payment", "until", ...)."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument
        self.message = message


def check_input(
    debtor: str,
    invoices: Sequence[Invoice],
    until: date,
    payments: Sequence[Payment],
    demands: Sequence[Demand] = (),
) -> None:
    """Refuse what no claim can be computed from, naming the input and which of it."""
    if debtor not in ("business", "consumer"):
        raise ClaimInputError(
            "debtor", say(N_("must be business or consumer, not %(debtor)s"), debtor=repr(debtor))
        )
    if not invoices:
        raise ClaimInputError("invoice", say(N_("give at least one invoice")))
    for number, invoice in enumerate(invoices, start=1):
        if invoice.amount <= 0:
            raise ClaimInputError(
                "invoice", say(N_("invoice %(number)s: amount must be more than 0"), number=number)
            )
        if invoice.issued is not None and invoice.issued > invoice.due:
            raise ClaimInputError(
                "invoice",
                say(N_("invoice %(number)s: due date before the invoice date"), number=number),
            )
    _check_payments(invoices, until, payments)
    _check_demands(invoices, demands)


def _check_payments(invoices: Sequence[Invoice], until: date, payments: Sequence[Payment]) -> None:
    earliest_issue = min(i.issued_or_presumed for i in invoices)
    for number, payment in enumerate(payments, start=1):
        if payment.amount <= 0:
            raise ClaimInputError(
                "payment", say(N_("payment %(number)s: amount must be more than 0"), number=number)
            )
        if payment.paid_on > until:
            raise ClaimInputError(
                "payment",
                say(
                    N_("payment %(number)s: dated after the day computed up to, %(until)s"),
                    number=number,
                    until=until,
                ),
            )
        issued = earliest_issue
        if payment.invoice is not None:
            if not 0 <= payment.invoice < len(invoices):
                raise ClaimInputError(
                    "payment", say(N_("payment %(number)s: no such invoice"), number=number)
                )
            issued = invoices[payment.invoice].issued_or_presumed
        if payment.paid_on < issued:
            raise ClaimInputError(
                "payment",
                say(
                    N_(
                        "payment %(number)s: dated %(paid_on)s, before the invoice (%(issued)s;"
                        " without an invoice date, 60 days before the due date)"
                    ),
                    number=number,
                    paid_on=payment.paid_on,
                    issued=issued,
                ),
            )


def _check_demands(invoices: Sequence[Invoice], demands: Sequence[Demand]) -> None:
    for number, demand in enumerate(demands, start=1):
        if demand.amount is not None and demand.amount <= 0:
            raise ClaimInputError(
                "demand", say(N_("demand %(number)s: amount must be more than 0"), number=number)
            )
        if any(not 0 <= n < len(invoices) for n in demand.invoices or ()):
            raise ClaimInputError(
                "demand", say(N_("demand %(number)s: no such invoice"), number=number)
            )


def check_rates_cover(rule: InterestRule, invoices: Sequence[Invoice], until: date) -> None:
    first = min(i.first_interest_day for i in invoices)
    if first > until or rule.table is None:
        return
    # Past the table's end the last known rate goes on (the claim says it is provisional).
    try:
        rule.table.rate_on(first)
    except DateOutsideRateTable as exc:
        raise ClaimInputError("invoice", str(exc)) from None


def check_costs(costs: CostsRule, invoices: Sequence[Invoice], costs_from: date | None) -> None:
    if costs.kind != "statutory":
        return
    # Art. 3 Besluit BIK: the scale does not apply when default began before 1 July 2012.
    started = max(min(i.first_interest_day for i in invoices), costs_from or date.min)
    if started < BESLUIT_BIK_FROM:
        raise ClaimInputError(
            "costs",
            say(
                N_(
                    "the statutory scale applies only to defaults from 2012-07-01"
                    " (art. 3 Besluit BIK)"
                )
            ),
        )
