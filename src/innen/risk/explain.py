"""Why a prediction says what it says: the three features that pushed it most, in words.

A feature's push is the model's chance that the invoice is paid late, less that chance with
this one feature set to its usual value in the training data (its median). (The chance, not
the days: the days are a median, mostly 0, and move little.) The three largest
pushes are said as translatable English (`innen.translatable`), e.g. "usually pays 9 days
late", "disputed 2 times this year".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from innen.risk.features import CATEGORICAL, FEATURES, Row
from innen.risk.model import Model
from innen.translatable import N_, Text, say

SAYINGS = {
    "paid_before": N_("%(count)s invoices paid before"),
    "share_late": N_("paid %(percent)s%% of its invoices late"),
    "median_days_late": N_("usually pays %(days)s days late"),
    "trend_days_late": N_("paying %(days)s days later than before"),
    "last_days_late": N_("paid its last invoice %(days)s days late"),
    "disputed": N_("this invoice is disputed"),
    "disputes_year": N_("disputed %(count)s times this year"),
    "broken_promises_year": N_("broke %(count)s promises to pay this year"),
    "broken_plans_year": N_("broke %(count)s payment plans this year"),
    "open_before": N_("%(count)s other invoices open"),
    "overdue_before": N_("%(count)s other invoices past due"),
    "amount_ratio": N_("%(ratio)s times its usual amount"),
    "log_amount": N_("the amount of this invoice"),
    "term_days": N_("a payment term of %(days)s days"),
    "due_month": N_("the month it is due"),
    "due_weekday": N_("the day of the week it is due"),
    "customer_days": N_("a customer for %(days)s days"),
    "kind": N_("the kind of invoice"),
    "segment": N_("the customer's segment"),
}
NO_HISTORY = N_("no payment history yet")
NO_DISPUTES = N_("no disputes this year")
ON_TIME = N_("usually pays on time")
LAST_ON_TIME = N_("paid its last invoice on time")
FEW_PAYMENTS = N_("too few payments yet to see a trend")
NEW_CUSTOMER = N_("a new customer")
EARLIER = N_("paying %(days)s days earlier than before")


@dataclass(frozen=True)
class Reason:
    feature: str
    push: float  # what this feature added to the chance of paying late (negative: took away)
    text: Text


def reasons(model: Model, row: Row, count: int = 3) -> list[Reason]:
    """The `count` features that pushed `row`'s prediction most, largest first."""
    if model.fallback:
        return [_fallback_reason(row)]
    base = model.predict([row])[0].p_late
    probes, names = [], []
    for name in FEATURES:
        if name in CATEGORICAL or name not in model.reference:
            continue
        reference = model.reference[name]
        if math.isnan(reference) or _same(row[name], reference):
            continue
        probes.append({**row, name: reference})
        names.append(name)
    pushes = [base - p.p_late for p in model.predict(probes)]
    ranked = sorted(zip(names, pushes, strict=True), key=lambda pair: -abs(pair[1]))
    said: list[Reason] = []
    for name, push in ranked:
        text = words(name, row)
        if push and all(str(text) != str(reason.text) for reason in said):
            said.append(Reason(name, push, text))
    return said[:count]


def _same(value: float | str, reference: float) -> bool:
    number = float(value)
    return (math.isnan(number) and math.isnan(reference)) or number == reference


def _fallback_reason(row: Row) -> Reason:
    if float(row["paid_before"]) == 0:
        return Reason("paid_before", 0.0, say(NO_HISTORY))
    return Reason("median_days_late", 0.0, words("median_days_late", row))


def words(name: str, row: Row) -> Text:
    """Feature `name` of `row` in words."""
    value = row[name]
    number = float(value) if not isinstance(value, str) else math.nan
    history = ("paid_before", "share_late", "median_days_late", "last_days_late")
    if name in history and float(row["paid_before"]) == 0:
        return say(NO_HISTORY)
    if name not in CATEGORICAL and math.isnan(number):
        return say(FEW_PAYMENTS if name == "trend_days_late" else NEW_CUSTOMER)
    if name == "share_late":
        return say(SAYINGS[name], percent=round(number * 100))
    if name == "trend_days_late" and number < 0:
        return say(EARLIER, days=round(-number))
    if name == "amount_ratio":
        return say(SAYINGS[name], ratio=f"{number:.1f}")
    if name == "median_days_late" and number <= 0:
        return say(ON_TIME)
    if name == "last_days_late" and number <= 0:
        return say(LAST_ON_TIME)
    if name in ("median_days_late", "trend_days_late", "last_days_late", "term_days"):
        return say(SAYINGS[name], days=round(number))
    if name == "customer_days":
        return say(SAYINGS[name], days=round(number))
    if name in ("log_amount", "due_month", "due_weekday", "kind", "segment", "disputed"):
        return say(SAYINGS[name])
    if name == "disputes_year" and number == 0:
        return say(NO_DISPUTES)
    return say(SAYINGS[name], count=round(number))
