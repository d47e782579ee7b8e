"""The payment prediction as the invoice and customer pages show it, in the reader's language.

Two chances are shown, each named in full so they do not read as a contradiction ("50% late,
100% within 14 days"): the chance of being paid within 14 days after the due date, and the
chance of being paid late at all. An overdue invoice is late already, so only the first is
shown for it (given that it is late), and neither once 14 days have passed.
"""

from __future__ import annotations

from dataclasses import dataclass

from innen.file_messages import translated
from innen.predictions.services import Outlook
from innen.risk.model import WITHIN


@dataclass(frozen=True)
class Shown:
    days_late: int
    percent_late: int
    percent_within: int
    reasons: list[str]
    days_overdue: int = 0

    @property
    def shows_within(self) -> bool:
        """Whether being paid within 14 days of the due date can still happen."""
        return self.days_overdue <= WITHIN

    @property
    def shows_late(self) -> bool:
        """Whether being paid late is still a chance (not yet overdue)."""
        return self.days_overdue <= 0


def percent(chance: float) -> int:
    """`chance` in whole percents, never 0 or 100 unless it is certain: a model's 99.6% is not
    a promise."""
    shown = round(chance * 100)
    if 0 < chance < 1:
        return min(99, max(1, shown))
    return shown


def shown(outlook: Outlook | None) -> Shown | None:
    if outlook is None:
        return None
    prediction = outlook.prediction
    return Shown(
        days_late=round(prediction.days_late),
        percent_late=percent(prediction.p_late),
        percent_within=percent(prediction.p_within),
        reasons=[translated(reason.text) for reason in outlook.reasons],
        days_overdue=outlook.days_overdue,
    )
