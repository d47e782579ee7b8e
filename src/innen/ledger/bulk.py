"""Many new invoices at once, as `services.invoice_create` writes one: for a package's sync.

Each is checked as the service checks it (the model's validators, the total the sum of its
parts), the numbers for the lot in one query; then one INSERT and one append to the dossier,
each invoice with its event. Nothing is written when one is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innen.dossier.record import SYSTEM
from innen.inlists import pieces
from innen.ledger import events, refusals
from innen.ledger.models import Invoice
from innen.organisations.models import Organisation

DUE_BEFORE_ISSUE = _("the due date is before the invoice date")
NUMBERS_TAKEN = _("invoice numbers already in use: %(numbers)s")


@transaction.atomic
def invoices_create(
    *,
    organisation: Organisation,
    invoices: Sequence[Invoice],
    source: str = "entered",
    actor: str = SYSTEM,
) -> None:
    """Write these unsaved invoices (their customers the organisation's) with their events."""
    if not invoices:
        return
    for invoice in invoices:
        if invoice.organisation_id != organisation.pk:
            raise ValidationError({"organisation": refusals.OF_ANOTHER_ORGANISATION})
        if invoice.customer.organisation_id != organisation.pk:
            raise ValidationError({"customer": refusals.OF_ANOTHER_ORGANISATION})
        _check_parts(invoice)
        invoice.full_clean(
            exclude=["organisation", "customer"], validate_unique=False, validate_constraints=False
        )
        if invoice.due_date < invoice.issue_date:
            raise ValidationError({"due_date": DUE_BEFORE_ISSUE})
    _check_numbers(organisation, [invoice.number for invoice in invoices])
    Invoice.objects.bulk_create(invoices)
    events.record(
        organisation.pk,
        [replace(events.invoice_event(invoice, source), actor=actor) for invoice in invoices],
    )


def _check_parts(invoice: Invoice) -> None:
    vat = invoice.vat_amount or 0
    if invoice.amount_excl_vat is not None and invoice.amount_excl_vat + vat != invoice.total:
        raise ValidationError(
            {
                "total": refusals.TOTAL_NOT_SUM
                % {"total": invoice.total, "excl": invoice.amount_excl_vat, "vat": vat}
            }
        )


def _check_numbers(organisation: Organisation, numbers: list[str]) -> None:
    seen: set[str] = set()
    twice: set[str] = set()
    for number in numbers:
        (twice if number in seen else seen).add(number)
    for some in pieces(sorted(set(numbers))):
        twice.update(
            Invoice.objects.filter(organisation=organisation, number__in=some).values_list(
                "number", flat=True
            )
        )
    if twice:
        raise ValidationError({"number": NUMBERS_TAKEN % {"numbers": ", ".join(sorted(twice))}})
