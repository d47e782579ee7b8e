"""The hash chain that makes the dossier tamper-evident (pure: no Django).

Every event stores the hash of its organisation's previous event and a hash over its own
content and that previous hash. Editing an event changes its content hash; deleting or
inserting one breaks the link of the event after it or leaves a gap in the sequence; deleting
the last events leaves the chain shorter than the head kept beside it. `verify` walks the
chain and names the first event where any of this shows.

The hash is plain SHA-256 over a canonical JSON form, so anyone holding an export can check
the chain without innen. It shows tampering by someone who edits rows; someone who rewrites
every later event and the head as well is caught only against a head kept elsewhere (the
export prints it, see docs/dossier.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class EventContent:
    """What an event says; its hash covers all of it and the previous event's hash."""

    seq: int
    occurred_at: datetime
    day: date
    kind: str
    customer_id: int | None
    invoice_id: int | None
    actor: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class StoredEvent:
    """An event as read back: its content, the links it stores, and its row id."""

    id: int
    content: EventContent
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Head:
    """The newest event's sequence number and hash, kept apart from the events."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold, and why."""

    event_id: int | None
    seq: int
    reason: str


@dataclass(frozen=True)
class Verdict:
    """What walking the chain found; `warnings`: what looks wrong beyond the chain itself
    (an emptied dossier, one shorter than an export showed), found against other records."""

    count: int
    first_break: Break | None
    warnings: tuple[str, ...] = ()

    @property
    def intact(self) -> bool:
        return self.first_break is None


def timestamp(moment: datetime) -> str:
    """`moment` in UTC to the microsecond: the one form the hash sees."""
    if moment.tzinfo is None:
        raise ValueError("an event's moment must carry its time zone")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(content: EventContent) -> bytes:
    """The bytes that are hashed: sorted keys, no spaces, UTF-8; money as strings."""
    document = {
        "seq": content.seq,
        "occurred_at": timestamp(content.occurred_at),
        "day": content.day.isoformat(),
        "kind": content.kind,
        "customer_id": content.customer_id,
        "invoice_id": content.invoice_id,
        "actor": content.actor,
        "payload": content.payload,
    }
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def event_hash(prev_hash: str, content: EventContent) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(content)).hexdigest()


def link(prev_hash: str, contents: Iterable[EventContent]) -> list[tuple[str, str]]:
    """The (prev_hash, hash) of each event in `contents`, appended after `prev_hash`."""
    links = []
    for content in contents:
        own = event_hash(prev_hash, content)
        links.append((prev_hash, own))
        prev_hash = own
    return links


def verify(events: Iterable[StoredEvent], head: Head | None) -> Verdict:
    """Walk `events` (in sequence order) and report the first that does not hold."""
    expected_prev, expected_seq, count = GENESIS, 1, 0
    last: StoredEvent | None = None
    for event in events:
        seq = event.content.seq
        if seq != expected_seq:
            reason = (
                f"event {expected_seq} is missing (deleted?); the next is {seq}"
                if seq > expected_seq
                else f"event {seq} appears twice or out of order (inserted?)"
            )
            return Verdict(count, Break(event.id, seq, reason))
        if event.prev_hash != expected_prev:
            return Verdict(
                count,
                Break(
                    event.id,
                    seq,
                    "its link to the previous event does not match (an event before it "
                    "was changed, inserted or deleted)",
                ),
            )
        if event_hash(event.prev_hash, event.content) != event.hash:
            return Verdict(count, Break(event.id, seq, "its content was changed after recording"))
        expected_prev, expected_seq, count, last = event.hash, seq + 1, count + 1, event
    end = Head(last.content.seq, last.hash) if last is not None else Head(0, GENESIS)
    if head is not None and end != head:
        if head.seq > end.seq:
            reason = f"the chain ends at event {end.seq} but {head.seq} were recorded (deleted?)"
        else:
            reason = f"the chain goes on past event {head.seq}, the last one recorded (inserted?)"
        return Verdict(count, Break(last.id if last else None, end.seq, reason))
    return Verdict(count, None)
