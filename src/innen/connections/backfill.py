"""The package's own keys for refs taken over before innen kept them.

Exact names a deleted sales invoice only by its GUID (`sync/Deleted`), and innen keys Exact's
invoices by number; refs written before `ExternalRef.internal_id` existed lack the GUID, so
their deletion would go unnoticed. Each sync first asks the package for the keys still
lacking (`KeysInternally.internal_ids`) and writes them batch by batch, each in its own
transaction with the unchanged cursor: a sync stopped halfway asks only for what is still
lacking next time, and a sync with nothing lacking costs one query and no request. An
invoice the package no longer holds was deleted there, and is followed as a deletion is.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from innen.connections.applying import apply_batch
from innen.connections.models import Connection, ExternalRef, RefKind
from innen.connections.refs import REMOVED
from innen.connectors.package import KeysInternally, Package


def lacking(connection: Connection) -> list[str]:
    """The external ids of the connection's invoices and credit notes without internal id."""
    rows = ExternalRef.objects.filter(
        connection=connection,
        kind__in=[RefKind.INVOICE, RefKind.CREDIT_NOTE],
        internal_id="",
    ).exclude(version=REMOVED)
    return sorted(set(rows.values_list("external_id", flat=True)))


def fill_internal_ids(connection: Connection, package: Package, today: date) -> int:
    """Ask the package for the keys its refs lack and keep them; the batches applied."""
    if not isinstance(package, KeysInternally):
        return 0
    wanted = lacking(connection)
    if not wanted:
        return 0
    applied = 0
    for batch in package.internal_ids(wanted):
        apply_batch(connection, replace(batch, cursor=connection.cursor), today)
        applied += 1
    return applied
