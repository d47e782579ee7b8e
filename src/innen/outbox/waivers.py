"""Waiving interest or collection costs on an invoice: an explicit act of a person, logged.

A waiver is a dossier event (`EventKind.CHARGES_WAIVED`) naming the invoice, who waived,
what (interest, costs or both) and why. The dossier is never changed, so a waiver is never
taken back silently; from the day it is recorded every claim on the invoice leaves the
waived part out: the letters, the portal, payment plans, the API and the export all read
`waived()` through the one claim (`claim_on.claimed`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innen.dossier.models import Event, EventKind
from innen.dossier.record import NewEvent, actor_name, append
from innen.ledger.models import Invoice

WAIVE_NOTHING = _("Choose interest, collection costs or both to waive.")
WAIVE_NO_REASON = _("Say why they are waived.")
WAIVE_BY_SYSTEM = _("A waiver is made by a person who is signed in.")
REASON_MAX_LENGTH = 1000
WAIVE_REASON_TOO_LONG = _("A reason holds at most %(max)s characters.")


@dataclass(frozen=True)
class Waived:
    """Whether interest and whether collection costs on an invoice are waived."""

    interest: bool = False
    costs: bool = False


@transaction.atomic
def waive_charges(
    invoice: Invoice, *, interest: bool, costs: bool, reason: str, user: Any, today: date
) -> Event:
    """Record that `user` waives the interest and/or the costs on `invoice` from `today`."""
    reason = reason.strip()
    if not (interest or costs):
        raise ValidationError({"interest": WAIVE_NOTHING})
    if not reason:
        raise ValidationError({"reason": WAIVE_NO_REASON})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": WAIVE_REASON_TOO_LONG % {"max": REASON_MAX_LENGTH}})
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(WAIVE_BY_SYSTEM)
    event = NewEvent(
        kind=EventKind.CHARGES_WAIVED,
        day=today,
        customer_id=invoice.customer_id,
        invoice_id=invoice.pk,
        payload={
            "invoice_number": invoice.number,
            "interest_waived": interest,
            "costs_waived": costs,
            "reason": reason,
        },
        actor=actor_name(user),
    )
    [recorded] = append(invoice.organisation_id, [event])
    return recorded


def waived(invoice_ids: Iterable[int], day: date | None = None) -> dict[int, Waived]:
    """Per invoice with a waiver recorded (by `day`, when given): what is waived."""
    return waived_by(waivers_of(invoice_ids), day)


def waivers_of(invoice_ids: Iterable[int]) -> list[tuple[int, date, Waived]]:
    """Every waiver recorded on `invoice_ids`: (invoice id, day, what it waived)."""
    events = Event.objects.filter(
        invoice_id__in=list(invoice_ids), kind=EventKind.CHARGES_WAIVED
    ).values_list("invoice_id", "day", "payload")
    return [
        (
            invoice_id,
            on,
            Waived(bool(payload.get("interest_waived")), bool(payload.get("costs_waived"))),
        )
        for invoice_id, on, payload in events
    ]


def waived_by(rows: Iterable[tuple[int, date, Waived]], day: date | None) -> dict[int, Waived]:
    """Per invoice of the waivers `rows`: what those recorded by `day` (when given) waive."""
    found: dict[int, Waived] = {}
    for invoice_id, on, what in rows:
        if day is not None and on > day:
            continue
        before = found.get(invoice_id, Waived())
        found[invoice_id] = Waived(before.interest or what.interest, before.costs or what.costs)
    return found


def without_waived(
    flags: dict[int, tuple[bool, bool]], day: date | None = None
) -> dict[int, tuple[bool, bool]]:
    """`flags` (per invoice: claims interest, claims costs) less what was waived by `day`."""
    return less_waived(flags, waived(flags, day))


def less_waived(
    flags: dict[int, tuple[bool, bool]], found: dict[int, Waived]
) -> dict[int, tuple[bool, bool]]:
    """`flags` less what `found` (per invoice) waives."""
    return {
        pk: (
            interest and not found.get(pk, Waived()).interest,
            costs and not found.get(pk, Waived()).costs,
        )
        for pk, (interest, costs) in flags.items()
    }
