"""Which endpoints of an organisation listen, asked once per transaction.

Every dossier append asks this, and an import of ten thousand payments appends ten thousand
times in one transaction: the answer is kept on the database connection for as long as that
transaction lasts. It is known to last while a marker callback we registered with
`on_commit` is still waiting: a commit runs it and a rollback (of the transaction, or of the
savepoint it was registered in) drops it, and either way the next question reads afresh.
Changing an endpoint forgets the answer at once (`forget`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from innen.webhooks.models import Endpoint


@dataclass(frozen=True)
class Subscriber:
    endpoint_id: int
    events: frozenset[str]


@dataclass(eq=False)
class _Held:
    by_organisation: dict[int, list[Subscriber]] = field(default_factory=dict)
    # Where the marker sits in the connection's on-commit queue: entries are only added at
    # the end until a savepoint rollback filters the queue, so a look at one place will do.
    position: int = -1

    def __call__(self) -> None:
        """The marker's on-commit call: nothing to do, its leaving the queue is the news."""


ATTRIBUTE = "_innen_webhook_subscribers"


def subscribers(organisation_id: int) -> list[Subscriber]:
    """The organisation's active endpoints and what they listen for (inside a transaction)."""
    held = _held()
    if organisation_id not in held.by_organisation:
        held.by_organisation[organisation_id] = [
            Subscriber(pk, frozenset(events))
            for pk, events in Endpoint.objects.filter(
                organisation_id=organisation_id, active=True
            ).values_list("pk", "events")
        ]
    return held.by_organisation[organisation_id]


def forget() -> None:
    """Ask again next time: an endpoint was added, changed or removed."""
    connection = transaction.get_connection()
    if hasattr(connection, ATTRIBUTE):
        delattr(connection, ATTRIBUTE)


def _held() -> _Held:
    connection = transaction.get_connection()
    held: _Held | None = getattr(connection, ATTRIBUTE, None)
    queue = connection.run_on_commit
    if held is not None and 0 <= held.position < len(queue) and queue[held.position][1] is held:
        return held
    held = _Held()
    if connection.in_atomic_block:
        held.position = len(queue)
        transaction.on_commit(held)
        setattr(connection, ATTRIBUTE, held)
    return held
