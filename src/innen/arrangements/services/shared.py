"""What the arrangement services share: the organisation's rules, the customer's open
invoices, the holds an arrangement places and lifts, its dossier events; and the record of
an owner changing the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext

from innen.arrangements.models import ArrangementSettings
from innen.collection.models import Hold
from innen.collection.services import hold_lift, hold_place
from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent, actor_name, append
from innen.ledger.models import Customer, Invoice
from innen.money import ZERO, round_cents
from innen.organisations.models import Organisation

PORTAL_ACTOR = "portal"  # as innen.portal.events names the customer in the portal


def arrangement_settings(organisation: Organisation) -> ArrangementSettings:
    """The organisation's rules; the defaults (unsaved) when it never set them."""
    found = ArrangementSettings.objects.filter(organisation=organisation).first()
    return found or ArrangementSettings(organisation=organisation)


def open_invoices(customer: Customer) -> list[Invoice]:
    """The customer's open invoices with `open_amount`, oldest due first."""
    return list(
        Invoice.objects.filter(customer=customer).open().order_by("due_date", "number", "pk")
    )


def chosen_invoices(customer: Customer, invoice_ids: Sequence[int]) -> list[Invoice]:
    """The customer's open invoices among `invoice_ids` (none named: all of them).

    Raises ValidationError on "invoices" when one is not the customer's open invoice or
    nothing is open.
    """
    found = open_invoices(customer)
    if invoice_ids:
        wanted = set(invoice_ids)
        found = [invoice for invoice in found if invoice.pk in wanted]
        if len(found) != len(wanted):
            raise ValidationError({"invoices": gettext("Choose among your open invoices.")})
    if not found:
        raise ValidationError({"invoices": gettext("You have no open invoices.")})
    return found


def still_open(invoices: QuerySet[Invoice] | Sequence[Invoice]) -> Decimal:
    """What `invoices` owe now, from the ledger."""
    if isinstance(invoices, QuerySet):
        ids: Any = invoices.values("pk")
    else:
        ids = [invoice.pk for invoice in invoices]
    found = Invoice.objects.filter(pk__in=ids).with_balance()
    total = found.aggregate(open=Sum("open_amount"))["open"]
    return round_cents(Decimal(str(total or ZERO)))


def invoice_numbers(invoices: Iterable[Invoice]) -> list[str]:
    return sorted(invoice.number for invoice in invoices)


def record_event(
    customer: Customer,
    kind: str,
    day: date,
    payload: dict[str, Any],
    user: AbstractBaseUser | None = None,
) -> None:
    """One dossier event: the customer's own actions (kind "portal") are by "portal"."""
    actor = PORTAL_ACTOR if kind == EventKind.PORTAL else actor_name(user)
    append(
        customer.organisation_id,
        [NewEvent(kind, day, customer_id=customer.pk, payload=payload, actor=actor)],
    )


def hold_all(
    customer: Customer,
    invoices: list[Invoice],
    reason: str,
    today: date,
    ends_on: date | None,
    note: str,
) -> list[Hold]:
    return [
        hold_place(
            customer=customer,
            invoice=invoice,
            reason=reason,
            starts_on=today,
            ends_on=ends_on,
            note=note,
            today=today,
        )
        for invoice in invoices
    ]


def lift_all(holds: Iterable[Hold], today: date, why: str, user: AbstractBaseUser | None) -> None:
    for hold in holds:
        if hold.ends_on is None or hold.ends_on >= today:
            hold_lift(hold, on=today, user=user, reason=why)


def settings_changed(
    *,
    organisation: Organisation,
    changed: Sequence[str],
    values: dict[str, Any],
    user: AbstractBaseUser | None,
    today: date,
) -> None:
    """The dossier's record of an owner changing the arrangement rules."""
    if not changed:
        return
    payload = {name: str(values[name]) for name in changed}
    text = "Arrangement rules changed: " + ", ".join(f"{k} {v}" for k, v in payload.items())
    event = NewEvent(
        EventKind.NOTE,
        today,
        payload={"action": "arrangement_rules", "text": text},
        actor=actor_name(user),
    )
    append(organisation.pk, [event])
