"""A computed claim as a JSON-ready dict with string decimals: the `innen claim --json` format.

Shared by the command line and the web calculator, so both show the same figures. Money is a
string with two decimals ("1234.50"), a rate a string in percent ("10.15"), a date ISO 8601.

Worked example: a claim of one €100.00 invoice gives
{"principal": "100.00", "interest": "1.64", ..., "invoices": [{"amount": "100.00", ...,
"periods": [{"from": "2026-02-01", "to": "2026-06-30", "days": 150, "rate": "4", ...}]}]}.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from innen.law.claim import Claim
from innen.money import CENT


def money(amount: Decimal) -> str:
    """`amount` as a string with exactly two decimals."""
    return str(amount.quantize(CENT))


def claim_to_json(claim: Claim) -> dict[str, Any]:
    """The claim as one JSON object with string decimals (the interface other tools read)."""
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
        "invoices": [
            {
                "amount": money(inv.amount),
                "due": inv.due.isoformat(),
                "first_interest_day": inv.first_interest_day.isoformat(),
                "interest": money(inv.interest),
                "interest_paid": money(inv.interest_paid),
                "interest_open": money(inv.interest_open),
                "principal_paid": money(inv.principal_paid),
                "principal_open": money(inv.principal_open),
                "periods": [
                    {
                        "from": p.start.isoformat(),
                        "to": p.end.isoformat(),
                        "days": p.days,
                        "rate": f"{p.rate.normalize():f}",
                        "base": money(p.base),
                        "interest": money(p.interest),
                    }
                    for p in inv.periods
                ],
            }
            for inv in claim.invoices
        ],
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
