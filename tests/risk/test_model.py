"""The model, its fallback, its reasons, and the evaluation on a split by date."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.risk.evaluate import TooFewInvoices, evaluate, split
from innen.risk.explain import reasons
from innen.risk.features import issue_day_rows
from innen.risk.model import MIN_ROWS, fit
from innen.risk.records import Record


def ledger(customers: int = 40, per_customer: int = 15) -> list[Record]:
    """Made-up history: a third of the customers pay about 10 days late, the rest on time."""
    chance = random.Random(7)
    records = []
    for c in range(customers):
        slow = c % 3 == 0
        for i in range(per_customer):
            issued = date(2023, 1, 2) + timedelta(days=i * 25 + chance.randint(0, 10))
            due = issued + timedelta(days=30)
            late = chance.randint(6, 14) if slow else chance.choice([0, 0, 0, 0, 1])
            records.append(
                Record(
                    customer=f"C{c}",
                    number=f"{c}-{i}",
                    issued=issued,
                    due=due,
                    amount=Decimal(chance.randint(50, 900)),
                    settled=due + timedelta(days=late - chance.randint(0, 5) * (late == 0)),
                )
            )
    return records


def test_the_split_is_by_issue_date_never_at_random():
    train, test = split(ledger())
    assert max(r.issued for r in train) <= min(r.issued for r in test)
    assert len(train) == int(0.8 * (len(train) + len(test)))


def test_a_history_too_short_to_split_is_refused():
    with pytest.raises(TooFewInvoices):
        evaluate(ledger(customers=1, per_customer=1))


def test_with_little_history_the_fallback_uses_the_customers_own_past():
    records = ledger(customers=3, per_customer=10)
    train = records[: MIN_ROWS - 1]
    model = fit(issue_day_rows(train, records), [r.days_late or 0 for r in train])
    assert model.fallback
    slow, punctual = issue_day_rows([records[9], records[19]], records)
    slow_says, punctual_says = model.predict([slow, punctual])
    assert slow_says.p_late > 0.7 > punctual_says.p_late
    assert slow_says.days_late > 5 > punctual_says.days_late
    assert "days late" in reasons(model, slow)[0].text


def test_the_model_beats_both_baselines_on_a_learnable_history():
    result = evaluate(ledger())
    assert not result["model"]["fallback"]
    assert result["model"]["mae"] < result["baselines"]["zero"]["mae"]
    assert result["model"]["accuracy"] >= result["baselines"]["past_rate"]["accuracy"]


def test_a_prediction_names_three_reasons_in_words():
    records = ledger()
    train, test = split(records)
    model = fit(issue_day_rows(train, records), [r.days_late or 0 for r in train])
    slow = next(r for r in test if r.customer == "C0")
    said = reasons(model, issue_day_rows([slow], records)[0])
    assert 1 <= len(said) <= 3
    assert all(reason.text.msgid and str(reason.text) for reason in said)
    assert max(abs(reason.push) for reason in said) == abs(said[0].push)


def test_a_missing_feature_is_said_as_what_it_means():
    from innen.risk.explain import words

    first = issue_day_rows([ledger(customers=1, per_customer=1)[0]], [])[0]
    assert str(words("median_days_late", first)) == "no payment history yet"
    assert str(words("amount_ratio", first)) == "a new customer"
    assert str(words("trend_days_late", {**first, "paid_before": 2.0})) == (
        "too few payments yet to see a trend"
    )


def test_a_category_the_model_never_saw_is_a_missing_number():
    from innen.risk.features import CATEGORICAL, FEATURES, NUMERIC
    from innen.risk.model import Model

    model = Model(rows=0, share_late=0.0, categories={"kind": ["", "credit"], "segment": ["slow"]})
    row = {name: float(i) for i, name in enumerate(NUMERIC)} | {"kind": "credit", "segment": "new"}
    table = model.matrix([row, row])
    assert table.shape == (2, len(FEATURES))
    assert list(table[0, : len(NUMERIC)]) == [float(i) for i in range(len(NUMERIC))]
    assert table[1, len(NUMERIC) + CATEGORICAL.index("kind")] == 1.0
    assert math.isnan(table[1, len(NUMERIC) + CATEGORICAL.index("segment")])
    assert model.matrix([]).shape == (0, len(FEATURES))
