"""What the package took back: a payment deleted or reversed there, an invoice deleted.

innen never deletes what its ledger and dossier recorded; it follows with the ledger's own
services. A payment removed in the package (deleted in Moneybird, unmatched in Exact) is
returned in innen (`payment_return`, a storno), re-opening what it paid, as a returned
payment is. An invoice deleted in the package is no longer a claim: what is still open is
written off, noted "removed from <package>" (`settle_states`); what was paid on it stays paid.
A credit note deleted there is listed for a person: innen keeps it (undoing what it settled
is a bookkeeper's call). The external id stays, marked REMOVED, so nothing is followed twice.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from innen.connections import settling_records
from innen.connections.models import Connection, ExternalRef, RefKind
from innen.connections.refs import REMOVED, Refs, said
from innen.connectors.records import Batch
from innen.inlists import pieces
from innen.ledger import services
from innen.ledger.models import Allocation, AllocationKind, Invoice, Payment
from innen.money import ZERO


def remove_payments(connection: Connection, refs: Refs, batch: Batch, today: date) -> None:
    """Return each payment innen took over that the package removed since."""
    gone = set(batch.removed_payment_ids) | _no_longer_listed(connection, refs, batch)
    if not gone:
        return
    refs.load(RefKind.PAYMENT, gone)
    for external_id in sorted(gone):
        ref = refs.get(RefKind.PAYMENT, external_id)
        if ref is None or ref.version == REMOVED:
            continue
        refs.put(RefKind.PAYMENT, external_id, REMOVED)
        if ref.payment_id is not None:
            _return(connection, refs, external_id, ref.payment_id, today)


def _no_longer_listed(connection: Connection, refs: Refs, batch: Batch) -> set[str]:
    """Payments of the invoices the batch lists completely that it lists no more."""
    if not batch.payments_complete_for:
        return set()
    refs.load(RefKind.INVOICE, batch.payments_complete_for)
    invoices = []
    for external_id in batch.payments_complete_for:
        ref = refs.get(RefKind.INVOICE, external_id)
        if ref is not None and ref.invoice_id is not None:
            invoices.append(ref.invoice_id)
    found: set[str] = set()
    for some in pieces(invoices):
        # Refs written before they named their invoice are found through their payment.
        earlier = Q(invoice__isnull=True, payment__allocations__invoice_id__in=some)
        paid = Q(invoice_id__in=some) | earlier
        rows = ExternalRef.objects.filter(paid, connection=connection, kind=RefKind.PAYMENT)
        found.update(rows.exclude(version=REMOVED).values_list("external_id", flat=True))
    return found - {p.external_id for p in batch.payments}


def _return(
    connection: Connection, refs: Refs, external_id: str, payment_id: int, today: date
) -> None:
    """A storno of the payment: all of it when the customer's credit covers what it did not
    pay on invoices, else what it paid on them (the rest stays the customer's credit)."""
    payment = Payment.objects.select_related("customer").get(pk=payment_id)
    assert payment.customer is not None, "a payment the sync registered names its customer"
    parts = list(
        Allocation.objects.filter(payment=payment, kind=AllocationKind.PAYMENT).values_list(
            "invoice_id", "amount"
        )
    )
    invoices = Invoice.objects.in_bulk([pk for pk, _ in parts])
    reopen = [(invoices[pk], amount) for pk, amount in parts]
    package = connection.get_kind_display()
    problem = ValidationError("nothing to return")
    for amount in dict.fromkeys([payment.amount, sum((a for _, a in parts), ZERO)]):
        if amount <= 0:
            continue
        try:
            with transaction.atomic():
                services.payment_return(
                    organisation=connection.organisation,
                    customer=payment.customer,
                    date=today,
                    amount=amount,
                    reopen=reopen,
                    payment=payment,
                    reason=f"removed in {package}",
                    # One storno per payment: a piece paid again and reversed again is another.
                    external_reference=f"{connection.kind}:{external_id}:removed:{payment.pk}"[
                        :100
                    ],
                    source=connection.kind,
                )
            return
        except ValidationError as refused:
            problem = refused
    refs.unmapped(
        RefKind.PAYMENT, external_id, f"removed in {package}; not returned: {said(problem)}"
    )


def follow_deletions(connection: Connection, refs: Refs, batch: Batch, today: date) -> None:
    """Against the package's full listing: what innen took over and it no longer holds."""
    if batch.present_invoice_ids is None:
        return
    known = ExternalRef.objects.filter(
        connection=connection, kind__in=[RefKind.INVOICE, RefKind.CREDIT_NOTE]
    ).exclude(version=REMOVED)
    gone: list[tuple[str, str]] = [
        (kind, external_id)
        for kind, external_id in known.values_list("kind", "external_id").iterator()
        if external_id not in batch.present_invoice_ids
    ]
    _removed(connection, refs, gone, today)


def follow_deleted_records(connection: Connection, refs: Refs, batch: Batch, today: date) -> None:
    """The invoices and credit notes the package reports deleted by its own key (Exact's
    `sync/Deleted` names the GUID), found through the key each ref keeps, and those it was
    asked for by external id and no longer holds (`missing_invoice_ids`). A deletion
    followed already (its ref REMOVED) or of a record innen never took over is skipped."""
    gone: list[tuple[str, str]] = []
    for key, named in (
        ("internal_id__in", batch.deleted_internal_ids),
        ("external_id__in", batch.missing_invoice_ids),
    ):
        for some in pieces(sorted(set(named))):
            rows = ExternalRef.objects.filter(
                connection=connection,
                kind__in=[RefKind.INVOICE, RefKind.CREDIT_NOTE],
                **{key: some},
            ).exclude(version=REMOVED)
            gone += rows.values_list("kind", "external_id")
    _removed(connection, refs, gone, today)


def _removed(connection: Connection, refs: Refs, gone: list[tuple[str, str]], today: date) -> None:
    """Invoices gone from the package written off; credit notes listed for a person."""
    if not gone:
        return
    for kind, external_id in gone:
        refs.load(kind, [external_id])
        refs.put(kind, external_id, REMOVED)
    invoices = tuple(external_id for kind, external_id in gone if kind == RefKind.INVOICE)
    settling_records.settle_states(connection, refs, Batch(deleted_invoice_ids=invoices), today)
    package = connection.get_kind_display()
    for kind, external_id in gone:
        if kind == RefKind.CREDIT_NOTE:
            refs.unmapped(
                RefKind.CREDIT_NOTE,
                external_id,
                f"deleted in {package}; innen keeps the credit note and what it settled",
            )
