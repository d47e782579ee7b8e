"""The limitation of each invoice in the case file: in `dossier.json` and the summary PDF.

A lawyer or bailiff who receives the file sees per invoice the last day before its claim is
time-barred and what set it (the due date, a written demand or an acknowledgement), as
`innen.ledger.limitation` finds it; the same figure as the invoice page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from innen.law.limitation import Limitation
from innen.ledger.limitation_text import LimitationShown, limitation_shown
from innen.ledger.models import Invoice


def limitation_json(limitation: Limitation) -> dict[str, Any]:
    """An invoice's limitation for `dossier.json` (added to the invoice's object)."""
    return {
        "limitation": {
            "years": limitation.years,
            "kind": limitation.kind,
            # a consumer's invoice of unknown supply: the shorter term of a sale assumed
            "assumed": limitation.assumed,
            "last_day": limitation.last_day.isoformat(),
            "barred_from": limitation.barred_from.isoformat(),
            "set_by": limitation.set_by,
            "set_on": limitation.set_on.isoformat() if limitation.set_on else None,
            "interruptions": [day.isoformat() for day in limitation.interruptions],
        }
    }


def limitation_rows(
    invoices: Sequence[Invoice], limitations: Mapping[int, Limitation], day: date
) -> list[tuple[Invoice, LimitationShown]]:
    """The open invoices with their limitation as of `day`, for the summary PDF."""
    return [
        (
            invoice,
            limitation_shown(
                limitations[invoice.pk], consumer=invoice.customer.is_consumer, today=day
            ),
        )
        for invoice in invoices
        if invoice.open_amount > 0  # type: ignore[attr-defined]
    ]
