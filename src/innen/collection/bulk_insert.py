"""Writing a run's messages and actions in bulk: COPY on PostgreSQL, bulk_create elsewhere.

A run adds actions by the hundred thousand; on PostgreSQL they are never built as model
instances, and messages get their ids from the sequence first so actions can name them.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.db import connection
from django.utils import timezone

from innen.collection.models import Action, Message
from innen.dbcopy import copy_rows

# The fields of a new action, in the order the run (`run._record_actions`) gives their values.
ACTION_FIELDS = (
    "organisation_id",
    "invoice_id",
    "step_id",
    "message_id",
    "kind",
    "scheduled_on",
    "decided_on",
    "pay_before",
    "open_amount",
    "claims_costs",
    "claims_interest",
    "status",
    "reason",
)
# What a step decided again after its hold changes on the postponed row.
REDECIDED_FIELDS = [name.removesuffix("_id") for name in ACTION_FIELDS[3:] if name != "kind"]


def insert_messages(messages: list[Message]) -> None:
    """Insert `messages`, setting their ids (COPY with ids taken first on PostgreSQL)."""
    if not messages:
        return
    if connection.vendor != "postgresql":
        Message.objects.bulk_create(messages)
        return
    table = Message._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(messages)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    now = timezone.now()
    fields = [field.attname for field in Message._meta.concrete_fields]
    rows = []
    for message, pk in zip(messages, ids, strict=True):
        message.pk = pk
        message.created_at = now  # what auto_now_add would set
        message._state.adding = False
        message._state.db = connection.alias
        rows.append(tuple(_plain(getattr(message, f)) for f in fields))
    copy_rows(Message, fields, rows)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value  # "queued", not the member


def insert_actions(rows: list[tuple[Any, ...]]) -> None:
    """Insert new actions, given as values of ACTION_FIELDS (COPY on PostgreSQL)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        Action.objects.bulk_create(
            [Action(**dict(zip(ACTION_FIELDS, row, strict=True))) for row in rows],
            batch_size=2000,
        )
        return
    now = timezone.now()  # what auto_now_add would set
    copy_rows(Action, [*ACTION_FIELDS, "created_at"], [(*row, now) for row in rows])
