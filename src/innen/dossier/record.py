"""Appending to the dossier: the one way events are written.

Appending locks the organisation's head row, so concurrent writers (the web, workers, the
daily run's batches) take turns and the chain stays one line. Callers append inside their
own transaction, last, so the lock is held only for the moment before their commit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from innen.dbcopy import copy_rows
from innen.dossier.chain import GENESIS, EventContent, link
from innen.dossier.models import DossierHead, Event
from innen.translatable import Text, to_record

SYSTEM = "innen"

# Sent inside the appending transaction with organisation_id, events (the NewEvents) and
# first_seq: what reacts to events elsewhere (webhooks) listens here, and defers its work to
# the commit.
events_appended = Signal()


@dataclass(frozen=True)
class NewEvent:
    kind: str
    day: date
    customer_id: int | None = None
    invoice_id: int | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)
    actor: str = SYSTEM


# When events are recorded: now, unless history is being replayed (`replaying_with`).
_clock: ContextVar[Callable[[NewEvent, datetime], datetime] | None] = ContextVar(
    "dossier_clock", default=None
)


@contextmanager
def replaying_with(clock: Callable[[NewEvent, datetime], datetime]) -> Iterator[None]:
    """While it holds, each appended event is recorded at `clock(event, now)`, not now.

    Only for a past that is built rather than lived (the demo's weeks of history), so its
    events carry believable times on their own days. The chain covers the moment as it does
    any other; live work never sets a clock.
    """
    token = _clock.set(clock)
    try:
        yield
    finally:
        _clock.reset(token)


def actor_name(user: Any) -> str:
    """Who did it, as the dossier names them: a user's username, else innen itself."""
    if user is not None and getattr(user, "is_authenticated", False):
        return str(user.get_username())
    return SYSTEM


# An event's columns after its organisation, in the order they are written (and shown).
EVENT_FIELDS = (
    "seq",
    "occurred_at",
    "day",
    "kind",
    "customer_id",
    "invoice_id",
    "actor",
    "payload",
    "prev_hash",
    "hash",
)
COLUMNS = ["organisation_id", *EVENT_FIELDS]


def _insert(organisation_id: int, rows: list[tuple[EventContent, str, str]]) -> None:
    """Write `rows` as plain values: an import appends an event per line, by the thousand.

    The ORM would build a model and prepare every field of every row (and SQLite takes ninety
    rows a statement); the values here are few and simple, so they are adapted by hand: COPY
    on PostgreSQL, one executemany elsewhere.
    """
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        copy_rows(Event, COLUMNS, [_values(organisation_id, row, Jsonb) for row in rows])
        return
    ops = connection.ops
    moments: dict[datetime, Any] = {}  # adapted once per moment: an append has one, usually
    for content, _, _ in rows:
        if content.occurred_at not in moments:
            moments[content.occurred_at] = ops.adapt_datetimefield_value(content.occurred_at)
    table = ops.quote_name(Event._meta.db_table)
    columns = ", ".join(ops.quote_name(column) for column in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",
            [
                _values(organisation_id, row, json.dumps, moments[row[0].occurred_at])
                for row in rows
            ],
        )


def _values(
    organisation_id: int,
    row: tuple[EventContent, str, str],
    payload: Any,
    moment: Any = None,
) -> tuple[Any, ...]:
    content, prev_hash, own_hash = row
    return (
        organisation_id,
        content.seq,
        content.occurred_at if moment is None else moment,
        content.day if moment is None else content.day.isoformat(),
        content.kind,
        content.customer_id,
        content.invoice_id,
        content.actor,
        payload(content.payload),
        prev_hash,
        own_hash,
    )


def _with_said(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as stored: a `text` made with `say` is kept as its English wording (the
    evidence) and, as `text_said`, its msgid and values, so that the pages say it in the
    reader's language without a copy of the sentence in `innen.dossier.said`."""
    stored = dict(payload)
    text = stored.get("text")
    if isinstance(text, Text):
        stored["text"] = str(text)
        stored["text_said"] = to_record(text)
    return stored


@transaction.atomic
def append_many(organisation_id: int, events: Sequence[NewEvent]) -> int:
    """Append `events` to the organisation's dossier, in this order; returns the last seq."""
    DossierHead.objects.get_or_create(organisation_id=organisation_id, defaults={"hash": GENESIS})
    head = DossierHead.objects.select_for_update().get(organisation_id=organisation_id)
    if not events:
        return head.seq
    now = timezone.now()
    clock = _clock.get()
    contents = [
        EventContent(
            seq=head.seq + offset,
            occurred_at=now if clock is None else clock(event, now),
            day=event.day,
            kind=event.kind,
            customer_id=event.customer_id,
            invoice_id=event.invoice_id,
            actor=event.actor,
            payload=_with_said(event.payload),
        )
        for offset, event in enumerate(events, start=1)
    ]
    links = link(head.hash, contents)
    _insert(
        organisation_id, [(c, prev, own) for c, (prev, own) in zip(contents, links, strict=True)]
    )
    head.seq, head.hash = contents[-1].seq, links[-1][1]
    head.save(update_fields=["seq", "hash"])
    events_appended.send(
        sender=Event, organisation_id=organisation_id, events=events, first_seq=contents[0].seq
    )
    return head.seq


@transaction.atomic
def append(organisation_id: int, events: Sequence[NewEvent]) -> list[Event]:
    """Append `events` and return them as stored (for a few; imports use `append_many`)."""
    if not events:
        return []
    last = append_many(organisation_id, events)
    return list(
        Event.objects.filter(
            organisation_id=organisation_id, seq__gt=last - len(events), seq__lte=last
        ).order_by("seq")
    )
