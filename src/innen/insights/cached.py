"""The dashboard's figures, kept in the shared cache until what they are computed from changes.

The figures read the whole open ledger and a year of payments and steps, and twenty people
may look at the dashboard at once: each organisation's figures are computed once and kept
(Django's default cache: `CACHE_URL`, else each process's memory) under a version of the
organisation that changes when its open items do (`innen.ledger.changes`, sent by every
writer of allocations and new invoices) and when an invoice, customer, step or today's
snapshot is saved or deleted. Writers beneath the ORM (the collection run's COPY, bulk
updates) send nothing: for them, and for other processes when the cache is each process's
own memory, kept figures are used for at most `KEEP_SECONDS`, and the page says when they
were computed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from innen.collection.models import Action, Message
from innen.insights.figures import Dashboard, dashboard
from innen.insights.models import Snapshot
from innen.ledger.changes import open_items_changed
from innen.ledger.models import Customer, Invoice
from innen.organisations.models import Organisation

KEEP_SECONDS = 60
# A version is forgotten after a day without a change: the figures of a day are keyed by it.
VERSION_SECONDS = 24 * 60 * 60
# What the figures are computed from, beyond the open items: saved one by one, they count.
SOURCES: tuple[type[Any], ...] = (Invoice, Customer, Message, Action, Snapshot)


@dataclass(frozen=True)
class Figures:
    figures: Dashboard
    computed_at: datetime


def _version_key(organisation_id: int) -> str:
    return f"innen:figures-version:{organisation_id}"


def version(organisation_id: int) -> str:
    """The organisation's figures version: a new one after each change it is told of."""
    key = _version_key(organisation_id)
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        # Another process may have set one meanwhile: theirs stays, and is the one read.
        cache.add(key, version, VERSION_SECONDS)
        version = cache.get(key, version)
    return str(version)


def figures_changed(organisation_ids: set[int]) -> None:
    """Forget the kept figures of these organisations: the next look computes them anew."""
    cache.delete_many([_version_key(pk) for pk in organisation_ids])


def dashboard_figures(organisation: Organisation, today: date) -> Figures:
    """The dashboard of `organisation` on `today`: kept ones if nothing changed since."""
    # The steps' names are in the language of the page that computed them.
    key = f"innen:dashboard:{organisation.pk}:{today}:{get_language()}:{version(organisation.pk)}"
    kept = cache.get(key)
    if isinstance(kept, Figures):
        return kept
    computed = Figures(dashboard(organisation, today), timezone.now())
    cache.set(key, computed, KEEP_SECONDS)
    return computed


def _open_items_changed(sender: Any, organisation_ids: set[int], **kwargs: Any) -> None:
    figures_changed(organisation_ids)


def _source_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Now for this transaction's own reads, after the commit for the others'.
    ids = {instance.organisation_id}
    figures_changed(ids)
    transaction.on_commit(lambda: figures_changed(ids), robust=True)


def listen() -> None:
    """Forget kept figures when what they are computed from changes (the app's `ready`)."""
    open_items_changed.connect(_open_items_changed, dispatch_uid="insights-open-items")
    for model in SOURCES:
        for signal in (post_save, post_delete):
            signal.connect(_source_changed, sender=model, dispatch_uid=f"insights-{model.__name__}")
