"""A computed claim as a JSON-ready dict with string decimals: the `innen claim --json` format.

Shared by the command line and the web calculator, so both show the same figures. Money is a
string with two decimals ("1234.50"), a rate a string in percent ("10.15"), a date ISO 8601.

Worked example: a claim of one €100.00 invoice gives
{"principal": "100.00", "interest": "1.64", ..., "invoices": [{"amount": "100.00", ...,
"periods": [{"from": "2026-02-01", "to": "2026-06-30", "days": 150, "rate": "4", ...}]}]}.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from innen.law.claim import Claim
from innen.law.demands import demand_invoices
from innen.law.limitation import limitation
from innen.law.rates import RateRow
from innen.money import round_cents


def money(amount: Decimal) -> str:
    """`amount` as a string with exactly two decimals."""
    return str(round_cents(amount))


def rate_row_to_json(row: RateRow) -> dict[str, Any]:
    """One rate row as a claim records it: which table, from when, the rate and its source."""
    return {
        "id": row.row_id,
        "table": row.table,
        "from": row.effective.isoformat(),
        "rate": f"{row.rate.normalize():f}",
        "status": "confirmed" if row.confirmed else "unconfirmed",
        "source": row.source,
    }


def rates_record(rows: Sequence[RateRow], known_until: date | None) -> dict[str, Any]:
    """What a letter or an export keeps of the rates it used: the rows, and the last day of
    known rates when interest after it was computed with the last known rate."""
    return {
        "rows": [rate_row_to_json(row) for row in rows],
        "known_until": known_until.isoformat() if known_until else None,
    }


def provisional_to_json(claim: Claim) -> dict[str, Any]:
    """Whether the interest is provisional, from when, and the periods concerned."""
    known_until = claim.rates_known_until
    return {
        "rates_provisional": claim.rates_provisional,
        "rates_known_until": known_until.isoformat() if known_until else None,
        "provisional_periods": [
            {
                "invoice": period.invoice + 1,
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                "rate": f"{period.rate.normalize():f}",
            }
            for period in claim.provisional_periods
        ],
    }


def invoice_limitation(claim: Claim, index: int, kind: str = "general") -> date:
    """The last day before invoice `index` of `claim` is time-barred (art. 3:307, 7:28 BW).

    Every demand that concerns it interrupts the term (art. 3:317 BW), counted from the day
    it went out: the earlier reading, so the last day is never later than the law's.
    """
    invoice = claim.invoices[index]
    first_days = [inv.first_interest_day for inv in claim.invoices]
    interrupted = [
        demand.sent
        for demand in claim.demands
        if index in demand_invoices(demand, first_days) and demand.sent >= invoice.due
    ]
    return limitation(invoice.due, kind, interrupted).last_day


def invoice_to_json(claim: Claim, index: int, limitation_kind: str) -> dict[str, Any]:
    """One invoice of `claim`: its interest lines, what is paid and open, its limitation."""
    inv = claim.invoices[index]
    return {
        "amount": money(inv.amount),
        "due": inv.due.isoformat(),
        "first_interest_day": inv.first_interest_day.isoformat(),
        "interest": money(inv.interest),
        "interest_paid": money(inv.interest_paid),
        "interest_open": money(inv.interest_open),
        "principal_paid": money(inv.principal_paid),
        "principal_open": money(inv.principal_open),
        "limitation": invoice_limitation(claim, index, limitation_kind).isoformat(),
        "periods": [
            {
                "from": p.start.isoformat(),
                "to": p.end.isoformat(),
                "days": p.days,
                "rate": f"{p.rate.normalize():f}",
                "base": money(p.base),
                "interest": money(p.interest),
                "provisional": p.provisional,
            }
            for p in inv.periods
        ],
    }


def claim_to_json(claim: Claim, *, limitation_kind: str = "general") -> dict[str, Any]:
    """The claim as one JSON object with string decimals (the interface other tools read).

    Each invoice has `limitation`, its last day before it is time-barred (`limitation_kind`:
    "general", 5 years, or "consumer-sale", 2), with the claim's demands as interruptions.
    """
    return {
        "debtor": claim.debtor,
        "until": claim.until.isoformat(),
        "interest_kind": claim.interest_rule.kind,
        "principal": money(claim.principal),
        "interest": money(claim.interest),
        "collection_costs": money(claim.collection_costs),
        "collection_costs_vat": money(claim.collection_costs_vat),
        "total": money(claim.total),
        "collection_costs_base": money(claim.costs.base) if claim.costs else money(Decimal(0)),
        "collection_costs_rule": claim.costs.explanation if claim.costs else "geen",
        "collection_costs_paid": money(claim.costs_paid),
        "demands": [
            {
                "sent": demand.sent.isoformat(),
                "amount": money(demand.amount) if demand.amount is not None else None,
            }
            for demand in claim.demands
        ],
        "invoices": [
            invoice_to_json(claim, n, limitation_kind) for n in range(len(claim.invoices))
        ],
        **provisional_to_json(claim),
        "rates_used": [rate_row_to_json(row) for row in claim.rates_used],
        "warnings": list(claim.warnings),
        "payments": [
            {
                "date": pay.paid_on.isoformat(),
                "amount": money(pay.amount),
                "to_costs": money(pay.to_costs),
                "to_interest": money(pay.to_interest),
                "to_principal": money(pay.to_principal),
                "unallocated": money(pay.unallocated),
            }
            for pay in claim.payments
        ],
    }
