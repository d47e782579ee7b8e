"""The signal that an organisation's open items changed.

`refresh_outstanding` and the bulk creation of invoices send it for the organisations they
wrote; whoever keeps figures computed from the open items (the dashboard's cache,
`innen.insights.cached`) listens. Sent twice: at once, for the transaction's own later reads,
and once it commits, so that what another request computed from the rows before the commit
is forgotten too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

# Sent with `organisation_ids`, a set of organisation ids.
open_items_changed = Signal()


def tell_open_items_changed(organisation_ids: Iterable[int]) -> None:
    """Tell the listeners now, and again when the current transaction commits."""
    ids = set(organisation_ids)
    if not ids:
        return
    open_items_changed.send(sender=None, organisation_ids=ids)
    transaction.on_commit(
        lambda: open_items_changed.send(sender=None, organisation_ids=ids), robust=True
    )
