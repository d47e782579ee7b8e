"""A run's summary as the one line `innen run` prints."""

from __future__ import annotations

from innen.collection.run import RunSummary
from innen.dunning.timing import next_sending_day


def summary_line(summary: RunSummary) -> str:
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(summary.skipped.items())) or "none"
    following = next_sending_day(summary.date)
    closed = (
        f" ({summary.date:%A}: no messages on a Sunday or public holiday; what is due goes"
        f" out on {following:%A} {following})"
        if following is not None
        else ""
    )
    return (
        f"{summary.date}: {summary.actions_recorded} new actions "
        f"({summary.actions_already_recorded} already recorded), "
        f"{summary.messages_queued} messages queued, {summary.call_tasks} call tasks, "
        f"{summary.awaiting_approval} awaiting approval, skipped: {skipped}{closed}"
    )
