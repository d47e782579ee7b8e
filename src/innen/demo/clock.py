"""The times of day the demo's history is recorded at: working hours on each event's day.

The demo builds weeks of history in a minute; recorded at that minute, every event of every
day would show the same time. Here each day's events follow one another from the morning
on, seconds to minutes apart, as a day's work would record them, and the same seed gives
the same times. Events of the demo's today (or later) keep the moment they are recorded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from innen.dossier.record import NewEvent

DAY_STARTS = time(8, 30)
DAY_ENDS = time(17, 30)
FIRST_WITHIN = 45 * 60  # seconds after DAY_STARTS the day's first event may come
APART = (15, 150)  # seconds between a day's events, at least and at most


@dataclass
class WorkingHours:
    """A clock for `innen.dossier.record.replaying_with`: one moment per event, in order."""

    today: date
    zone: tzinfo
    seed: int
    _last: dict[date, tuple[random.Random, datetime]] = field(default_factory=dict)

    def __call__(self, event: NewEvent, now: datetime) -> datetime:
        if event.day >= self.today:
            return now
        if event.day not in self._last:
            chance = random.Random(f"{self.seed}:{event.day.isoformat()}")
            start = datetime.combine(event.day, DAY_STARTS, tzinfo=self.zone)
            moment = start + timedelta(seconds=chance.randint(0, FIRST_WITHIN))
        else:
            chance, last = self._last[event.day]
            end = datetime.combine(event.day, DAY_ENDS, tzinfo=self.zone)
            # After hours a busy day's last events come a second apart, still in order.
            step = chance.randint(*APART) if last < end else 1
            moment = last + timedelta(seconds=step)
        self._last[event.day] = (chance, moment)
        return moment
