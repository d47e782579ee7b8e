"""Listening to the dossier: each append may make webhook deliveries.

Runs inside the appending transaction, so it must cost next to nothing when nobody listens:
the daily run appends a hundred thousand events at once. One question (which endpoints of
this organisation listen, kept for the transaction) comes first; the events are looked at
only when the answer is not empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from innen.dossier.record import NewEvent
from innen.webhooks import services
from innen.webhooks.events import webhook_events
from innen.webhooks.subscriptions import subscribers


def on_events_appended(
    sender: Any,
    *,
    organisation_id: int,
    events: Sequence[NewEvent],
    first_seq: int,
    **kwargs: Any,
) -> None:
    listening = subscribers(organisation_id)
    if not listening:
        return
    wanted = set().union(*(subscriber.events for subscriber in listening))
    found = webhook_events(organisation_id, events, wanted, first_seq)
    if found:
        services.deliveries_create(organisation_id, listening, found)
