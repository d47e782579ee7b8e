"""What a run did: counted per batch, added up for the run, kept with it (`Run.summary`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

COUNTS = (
    "actions_planned",
    "actions_recorded",
    "actions_already_recorded",
    "messages_queued",
    "call_tasks",
    "awaiting_approval",
    "withdrawn",
)


@dataclass
class RunSummary:
    date: date
    organisation: int
    dry_run: bool = False
    actions_planned: int = 0
    actions_recorded: int = 0
    actions_already_recorded: int = 0
    messages_queued: int = 0
    call_tasks: int = 0
    awaiting_approval: int = 0
    withdrawn: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def add(self, other: RunSummary) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.skipped.update(other.skipped)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunSummary:
        """A summary kept by `as_json`, back (a split run's batches are added up from these)."""
        summary = cls(date.fromisoformat(data["date"]), data["organisation"], data["dry_run"])
        for name in COUNTS:
            setattr(summary, name, data[name])
        summary.skipped = Counter(data["skipped"])
        return summary

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "organisation": self.organisation,
            "dry_run": self.dry_run,
            "actions_planned": self.actions_planned,
            "actions_recorded": self.actions_recorded,
            "actions_already_recorded": self.actions_already_recorded,
            "messages_queued": self.messages_queued,
            "call_tasks": self.call_tasks,
            "awaiting_approval": self.awaiting_approval,
            "withdrawn": self.withdrawn,
            "skipped": dict(sorted(self.skipped.items())),
        }
