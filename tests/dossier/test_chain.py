"""The hash chain on its own (pure): any edit, insertion or deletion is named."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innen.dossier.chain import (
    GENESIS,
    EventContent,
    Head,
    StoredEvent,
    canonical,
    event_hash,
    link,
    timestamp,
    verify,
)

MOMENT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def content(seq, **fields):
    defaults = {
        "seq": seq,
        "occurred_at": MOMENT + timedelta(minutes=seq),
        "day": date(2026, 3, 1),
        "kind": "note",
        "customer_id": 7,
        "invoice_id": None,
        "actor": "alice",
        "payload": {"text": f"event {seq}", "amount": "12.50"},
    }
    return EventContent(**{**defaults, **fields})


def chain(n, start=GENESIS):
    contents = [content(seq) for seq in range(1, n + 1)]
    return [
        StoredEvent(100 + c.seq, c, prev, own)
        for c, (prev, own) in zip(contents, link(start, contents), strict=True)
    ]


def head_of(events):
    return Head(events[-1].content.seq, events[-1].hash) if events else Head(0, GENESIS)


def test_an_untouched_chain_is_intact():
    events = chain(5)
    verdict = verify(events, head_of(events))
    assert verdict.intact
    assert verdict.count == 5


def test_an_empty_chain_is_intact_with_or_without_a_head():
    assert verify([], None).intact
    assert verify([], Head(0, GENESIS)).intact


def test_each_event_links_to_the_one_before():
    events = chain(3)
    assert events[0].prev_hash == GENESIS
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash


def test_the_hash_is_sha256_over_the_previous_hash_and_canonical_json():
    import hashlib

    c = content(1)
    expected = hashlib.sha256(GENESIS.encode() + b"\n" + canonical(c)).hexdigest()
    assert event_hash(GENESIS, c) == expected
    assert canonical(c).startswith(b'{"actor":"alice","customer_id":7,"day":"2026-03-01"')


def test_the_moment_is_hashed_in_utc_whatever_the_zone():
    from zoneinfo import ZoneInfo

    local = MOMENT.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert timestamp(local) == timestamp(MOMENT) == "2026-03-01T09:30:00.000000+00:00"
    assert event_hash(GENESIS, content(1, occurred_at=local)) == event_hash(
        GENESIS, content(1, occurred_at=MOMENT)
    )
    with pytest.raises(ValueError):
        timestamp(datetime(2026, 3, 1))


def test_a_changed_payload_is_found_at_that_event():
    events = chain(4)
    changed = replace(events[2].content, payload={"text": "event 3", "amount": "1250.00"})
    events[2] = replace(events[2], content=changed)
    verdict = verify(events, head_of(chain(4)))
    assert verdict.first_break is not None
    assert (verdict.first_break.event_id, verdict.first_break.seq) == (events[2].id, 3)
    assert "changed" in verdict.first_break.reason
    assert verdict.count == 2


def test_a_deleted_middle_event_is_found():
    events = chain(4)
    del events[1]
    broken = verify(events, head_of(chain(4))).first_break
    assert broken is not None
    assert broken.seq == 3
    assert "event 2 is missing" in broken.reason


def test_deleted_last_events_are_found_through_the_head():
    full = chain(4)
    broken = verify(full[:3], head_of(full)).first_break
    assert broken is not None
    assert "ends at event 3 but 4 were recorded" in broken.reason
    assert broken.event_id == full[2].id


def test_deleting_every_event_is_found_through_the_head():
    broken = verify([], head_of(chain(2))).first_break
    assert broken is not None
    assert broken.event_id is None


def test_an_event_appended_behind_the_heads_back_is_found():
    events = chain(3)
    forged = content(4, actor="mallory")
    prev = events[-1].hash
    events.append(StoredEvent(999, forged, prev, event_hash(prev, forged)))
    broken = verify(events, head_of(events[:3])).first_break
    assert broken is not None
    assert "goes on past event 3" in broken.reason


def test_an_inserted_event_with_renumbering_breaks_the_next_link():
    events = chain(4)
    forged = content(3, actor="mallory")
    prev = events[1].hash
    inserted = StoredEvent(999, forged, prev, event_hash(prev, forged))
    renumbered = [replace(e, content=replace(e.content, seq=e.content.seq + 1)) for e in events[2:]]
    broken = verify([*events[:2], inserted, *renumbered], Head(5, "f" * 64)).first_break
    assert broken is not None
    assert broken.event_id == events[2].id
    assert "link" in broken.reason


def test_a_duplicated_sequence_number_is_found():
    events = chain(3)
    events.insert(2, events[1])
    broken = verify(events, None).first_break
    assert broken is not None
    assert "appears twice" in broken.reason


def test_chains_continue_from_a_given_hash():
    first = chain(2)
    contents = [content(3), content(4)]
    links = link(first[-1].hash, contents)
    assert links[0][0] == first[-1].hash
    assert links[1][0] == links[0][1]


# Any single-character edit of any field of any event is found, at that event.

FIELDS = ["kind", "actor", "text", "day", "occurred_at", "customer_id", "prev_hash", "hash"]


def _edit(text: str, position: int, char: str) -> str:
    position %= len(text)
    replacement = char if char != text[position] else ("x" if text[position] != "x" else "y")
    return text[:position] + replacement + text[position + 1 :]


def _edited(event: StoredEvent, field: str, position: int, char: str) -> StoredEvent:
    c = event.content
    if field == "prev_hash":
        return replace(event, prev_hash=_edit(event.prev_hash, position, char))
    if field == "hash":
        return replace(event, hash=_edit(event.hash, position, char))
    if field == "text":
        changed = replace(
            c, payload={**c.payload, "text": _edit(c.payload["text"], position, char)}
        )
    elif field == "day":
        changed = replace(c, day=c.day + timedelta(days=1 + position % 300))
    elif field == "occurred_at":
        changed = replace(c, occurred_at=c.occurred_at + timedelta(microseconds=1 + position))
    elif field == "customer_id":
        changed = replace(c, customer_id=(c.customer_id or 0) + 1 + position)
    else:
        changed = replace(c, **{field: _edit(getattr(c, field), position, char)})
    return replace(event, content=changed)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(min_value=1, max_value=8),
    index=st.integers(min_value=0, max_value=7),
    field=st.sampled_from(FIELDS),
    position=st.integers(min_value=0, max_value=200),
    char=st.characters(codec="utf-8", exclude_categories=["Cs"]),
)
def test_any_single_edit_of_any_event_is_found_at_that_event(n, index, field, position, char):
    events = chain(n)
    head = head_of(events)
    index %= n
    events[index] = _edited(events[index], field, position, char)
    verdict = verify(events, head)
    assert verdict.first_break is not None
    assert verdict.first_break.event_id == events[index].id
    assert verdict.count == index


@settings(max_examples=100, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=8),
    index=st.integers(min_value=0, max_value=7),
)
def test_any_single_deletion_is_found(n, index):
    events = chain(n)
    head = head_of(events)
    del events[index % n]
    assert not verify(events, head).intact
