"""Each invoice's own facts in `dossier.json`: its limitation, and its claim as the desk,
the portal and the API show it."""

from __future__ import annotations

from datetime import date
from typing import Any

from innen.casefile.limitation import limitation_json
from innen.law.claim_json import money
from innen.law.limitation import Limitation
from innen.ledger.models import Invoice
from innen.outbox.demanded import Demanded
from innen.outbox.invoice_claim import invoice_claim


def invoice_facts(invoice: Invoice, limitation: Limitation, day: date) -> dict[str, Any]:
    """What `dossier.json` adds to an invoice's object: its limitation and its claim."""
    return limitation_json(limitation) | invoice_claim_json(invoice, day)


def invoice_claim_json(invoice: Invoice, day: date) -> dict[str, Any]:
    """The claim on `invoice` on `day` (`innen.outbox.invoice_claim`), added to its object:
    every payment with the part art. 6:44 BW gives to costs, interest and principal."""
    claim = invoice_claim(invoice, day)
    return {
        "claim": {
            "principal": money(claim.principal),
            "interest": money(claim.interest),
            "collection_costs": money(claim.collection_costs),
            "claim_total": money(claim.claim_total),
            "interest_waived": claim.waived.interest,
            "costs_waived": claim.waived.costs,
            "demands_sent": [demand.sent.isoformat() for demand in claim.demands],
            "payments": [
                {
                    "paid_on": split.paid_on.isoformat(),
                    "amount": money(split.amount),
                    "to_costs": money(split.to_costs),
                    "to_interest": money(split.to_interest),
                    "to_principal": money(split.to_principal),
                }
                for split in claim.payments
            ],
        }
    }


def demanded_json(demanded: Demanded) -> dict[str, Any]:
    """What the letters demand on the day (`innen.outbox.demanded`), as the portal shows it."""
    return {
        "day": demanded.day.isoformat(),
        "principal": money(demanded.principal),
        "interest": money(demanded.interest),
        "costs": money(demanded.costs),
        "total": money(demanded.total),
    }
