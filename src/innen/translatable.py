"""Messages a pure package can raise in English and a Django layer can say again translated.

The pure packages import nothing from Django, so they cannot translate. Instead each message
is a constant marked with `N_` (makemessages finds it with ``--keyword=N_``) and `say` fills it
in as a `Text`: the English wording, which is what `str()` and every comparison see, holding on
to its msgid and values so that the place that shows it can say it again in the reader's
language (`innen.file_messages`). Values may be `Text` themselves (a reason inside a message);
they are translated too.
"""

from __future__ import annotations

from collections.abc import Mapping


def N_(msgid: str) -> str:
    """Mark `msgid` as a message to translate; it is returned unchanged."""
    return msgid


class Text(str):
    """English text that remembers the msgid and values it was made from."""

    msgid: str
    values: Mapping[str, object]

    def __new__(cls, msgid: str, values: Mapping[str, object]) -> Text:
        made = super().__new__(cls, msgid % values if values else msgid)
        made.msgid = msgid
        made.values = dict(values)
        return made

    def __getnewargs__(self) -> tuple[str, Mapping[str, object]]:  # type: ignore[override]
        return self.msgid, self.values  # so that a copy or a pickle keeps what it was made from


def say(msgid: str, **values: object) -> Text:
    """The message `msgid` (a constant below) with its `%(name)s` placeholders filled in."""
    return Text(msgid, values)


def reason(exc: BaseException) -> str:
    """The message an exception was raised with, still a `Text` when it was one."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Text) else str(exc)


def comma(*parts: str) -> Text:
    """`parts` joined by ", ", each still translatable (a place: file, statement, entry)."""
    msgid = ", ".join(f"%(part{index})s" for index in range(len(parts)))
    return Text(msgid, {f"part{index}": part for index, part in enumerate(parts)})


def to_record(text: str) -> object:
    """`text` as JSON can hold it and `from_record` makes it again: a `Text` as its msgid and
    values (each value a record too), other text as it is. For messages stored with what they
    are about (the reason matching gives for a bank line) and said in the reader's language
    when shown."""
    if not isinstance(text, Text):
        return text
    values = {
        name: to_record(value) if isinstance(value, str) else str(value)
        for name, value in text.values.items()
    }
    return {"msgid": text.msgid, "values": values}


def from_record(record: object) -> str:
    """The `Text` (or plain text) `to_record` made `record` from; "" for anything else."""
    if isinstance(record, str):
        return record
    if not isinstance(record, dict) or not isinstance(record.get("msgid"), str):
        return ""
    values = record.get("values")
    made = {
        str(name): from_record(value)
        for name, value in (values.items() if isinstance(values, dict) else ())
    }
    try:
        return Text(record["msgid"], made)
    except (KeyError, TypeError, ValueError):  # a record that does not fit its msgid
        return ""
