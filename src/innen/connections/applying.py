"""A batch of package records written to the ledger, through the ledger's services.

Every record is upserted by its external id: a record already mapped at the same version is
skipped, so a batch applied twice (a sync killed after writing, before it could say so) writes
nothing twice. Each record has its own savepoint: one that cannot be mapped is listed with
its reason (`Unmapped`) and the rest goes on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from innen.connections import invoicing, reopening, retrying, reversing, settling_records
from innen.connections.models import Connection, RefKind
from innen.connections.refs import Refs, guarded
from innen.connectors.errors import NotMappable
from innen.connectors.records import Batch, ExternalContact
from innen.ledger import services
from innen.ledger.models import Customer, CustomerKind


class Superseded(Exception):
    """Another sync of this connection wrote a batch meanwhile: this one stops."""


def apply_batch(connection: Connection, batch: Batch, today: date) -> None:
    """Write `batch` and store its cursor, in one transaction. The connection's row is locked
    first and its cursor must still be the one this sync read: two syncs of one connection
    (the schedule and a webhook) never write the same batch."""
    with transaction.atomic():
        stored = (
            Connection.objects.select_for_update()
            .filter(pk=connection.pk)
            .values_list("cursor", flat=True)
            .first()
        )
        if stored != connection.cursor:
            raise Superseded
        batch = retrying.with_waiting(connection, batch)
        refs = Refs(connection)
        _contacts(connection, refs, batch)
        refs.load(RefKind.CONTACT, [i.contact_external_id for i in batch.invoices])
        refs.load(RefKind.INVOICE, [i.external_id for i in batch.invoices])
        refs.load(RefKind.INVOICE, [i.credited_external_id for i in batch.invoices])
        refs.load(RefKind.CREDIT_NOTE, [i.external_id for i in batch.invoices])
        invoicing.apply_invoices(connection, refs, batch.invoices)
        refs.keep_internal_ids(batch.internal_ids)
        reopening.undo_write_offs(connection, refs, batch)
        # Removed payments first: a payment replaced by another is returned before the new
        # one is capped at what innen sees open.
        reversing.remove_payments(connection, refs, batch, today)
        settling_records.apply_payments(connection, refs, batch.payments)
        reopening.pay_back(connection, refs, batch.payments, today)
        settling_records.settle_states(connection, refs, batch, today)
        reversing.follow_deletions(connection, refs, batch, today)
        reversing.follow_deleted_records(connection, refs, batch, today)
        for record in batch.unmappable:
            kind = record.kind if record.kind in RefKind.values else RefKind.INVOICE
            refs.unmapped(RefKind(kind), record.external_id, record.reason)
        refs.flush()
        connection.cursor = batch.cursor
        if batch.progress is not None:
            connection.progress_done, connection.progress_total = batch.progress
        connection.save(update_fields=["cursor", "progress_done", "progress_total"])


def _contacts(connection: Connection, refs: Refs, batch: Batch) -> None:
    refs.load(RefKind.CONTACT, [c.external_id for c in batch.contacts])
    for contact in batch.contacts:
        if batch.contacts_known_only and refs.get(RefKind.CONTACT, contact.external_id) is None:
            continue  # a contact without invoices in innen (a supplier, say): no customer
        guarded(refs, RefKind.CONTACT, contact.external_id, _contact, connection, contact)


def _source(connection: Connection) -> str:
    return connection.kind


def _contact(refs: Refs, connection: Connection, contact: ExternalContact) -> None:
    ref = refs.get(RefKind.CONTACT, contact.external_id)
    if ref is not None and ref.version == contact.version:
        return
    fields = _customer_fields(contact)
    if ref is not None and ref.customer is not None:
        fields.pop("number")
        services.customer_update(
            customer=ref.customer, actor=_source(connection), source=_source(connection), **fields
        )
        refs.put(RefKind.CONTACT, contact.external_id, contact.version)
        return
    customer = Customer.objects.filter(
        organisation_id=connection.organisation_id, number=fields["number"]
    ).first()  # the customer an earlier import made: taken over, not duplicated
    if customer is None:
        customer = _create_customer(connection, fields, contact.ibans)
    refs.put(RefKind.CONTACT, contact.external_id, contact.version, customer=customer)


def _create_customer(
    connection: Connection, fields: dict[str, Any], ibans: tuple[str, ...]
) -> Customer:
    try:
        with transaction.atomic():
            return services.customer_create(
                organisation=connection.organisation,
                ibans=list(ibans),
                source=_source(connection),
                **fields,
            )
    except ValidationError:
        # A KvK, VAT number, e-mail or IBAN innen refuses: the customer without them.
        plain = {k: fields[k] for k in ("number", "name", "kind", "country")}
        return services.customer_create(
            organisation=connection.organisation, source=_source(connection), **plain
        )


def _customer_fields(contact: ExternalContact) -> dict[str, Any]:
    if not contact.name.strip():
        raise NotMappable("the contact has no name")
    kind = CustomerKind.CONSUMER if contact.is_consumer else CustomerKind.BUSINESS
    fields: dict[str, Any] = {
        "number": (contact.customer_number or f"{contact.external_id}")[:50],
        "name": contact.name[:200],
        "kind": kind,
        "emails": contact.email[:500],
        "street": contact.address[:200],
        "postcode": contact.postcode[:12],
        "city": contact.city[:100],
        "country": (contact.country or "NL")[:2].upper(),
    }
    if kind == CustomerKind.BUSINESS:
        fields.update(kvk_number=contact.kvk[:8], vat_number=contact.vat[:20])
    if contact.language in ("nl", "en"):
        fields["language"] = contact.language
    return fields
