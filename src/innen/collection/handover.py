"""Where queued messages go next: to the outbox's delivery, handed in when the apps load.

The run and an approval leave messages queued; the outbox checks them once more and sends
them. The outbox sits above collection (it reads the messages), so it hands its delivery in
here (`deliver_queued_with`, from innen.outbox.apps) and collection imports nothing from it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

Deliver = Callable[[list[int]], object]

_deliver: Deliver | None = None


def deliver_queued_with(deliver: Deliver) -> None:
    """Make `hand_over` call `deliver`: the outbox's, handed in by the outbox."""
    global _deliver
    _deliver = deliver


def hand_over(message_ids: list[int]) -> None:
    """Hand the queued messages `message_ids` to delivery (a task, in the caller's transaction)."""
    if _deliver is None:
        # Dropping them would leave the messages waiting for ever.
        raise ImproperlyConfigured("No delivery for queued messages: is innen.outbox installed?")
    _deliver(message_ids)
