"""Training an organisation's model on its paid invoices, and the predictions for its open ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from innen.organisations.models import Organisation
from innen.predictions import stored
from innen.predictions.selectors import ledger_records
from innen.risk.explain import Reason, reasons
from innen.risk.features import issue_day_rows, rows_on
from innen.risk.model import Model, Prediction, fit, given_age


def train(organisation: Organisation) -> Model:
    """Fit on every paid invoice of `organisation` and store the model (the fallback when
    there is too little history)."""
    records = ledger_records(organisation)
    paid = [r for r in records if r.settled is not None]
    model = fit(issue_day_rows(paid, records), [r.days_late or 0 for r in paid])
    stored.store(organisation.pk, model)
    return model


@dataclass(frozen=True)
class Outlook:
    """An open invoice's prediction with its reasons."""

    invoice_id: int
    prediction: Prediction
    reasons: list[Reason]
    days_overdue: int = 0  # on the day of the prediction; 0 or less: not yet due


def outlooks(
    organisation: Organisation, today: date, *, customer_id: int | None = None
) -> dict[int, Outlook]:
    """The prediction per open invoice (of one customer, or all), by invoice id, as known
    before `today`; the fallback's when no model was trained yet."""
    # Untrained: nothing known, so even odds of paying late, and of a late payment coming
    # within 14 days (0.5 on time + 0.25 late within them).
    model = stored.load(organisation.pk) or Model(rows=0, share_late=0.5, share_within=0.75)
    records = ledger_records(organisation, customer_id)
    open_ones = [r for r in records if r.settled is None]
    rows = rows_on(open_ones, records, today)
    result = {}
    for record, row, prediction in zip(open_ones, rows, model.predict(rows), strict=True):
        invoice_id = int(record.number.split(":", 1)[0])
        overdue = (today - record.due).days
        known = given_age(prediction, overdue)
        result[invoice_id] = Outlook(invoice_id, known, reasons(model, row), overdue)
    return result
