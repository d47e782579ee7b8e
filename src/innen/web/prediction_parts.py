"""The payment prediction as the invoice and customer pages show it, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from innen.file_messages import translated
from innen.predictions.services import Outlook


@dataclass(frozen=True)
class Shown:
    days_late: int
    percent_late: int
    percent_within: int
    reasons: list[str]


def shown(outlook: Outlook | None) -> Shown | None:
    if outlook is None:
        return None
    prediction = outlook.prediction
    return Shown(
        days_late=round(prediction.days_late),
        percent_late=round(prediction.p_late * 100),
        percent_within=round(prediction.p_within * 100),
        reasons=[translated(reason.text) for reason in outlook.reasons],
    )
