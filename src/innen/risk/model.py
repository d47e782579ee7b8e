"""The model: days late and the chance of paying late, fitted on an organisation's history.

Gradient boosting (scikit-learn's HistGradientBoosting) when there is enough history;
otherwise the fallback, which needs none: the customer's own median days late and its past
late share, pulled towards the organisation's share while the customer has few invoices.

The three figures come from three fits (or, in the fallback, from shares), so each
prediction is made to agree with itself (`coherent`): an invoice paid on time is paid
within 14 days too, and the median days late says on which side of one half the chance
of being paid within 14 days lies.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from innen.risk.features import CATEGORICAL, FEATURES, NUMERIC, Row

MIN_ROWS = 200  # fewer invoices paid than this: the fallback
PRIOR_WEIGHT = 2.0  # how many invoices the organisation's share counts as for a customer
THREADS = 1  # one thread: faster than fighting for a shared machine's cores
WITHIN = 14  # "paid within 14 days of the due date"


@dataclass(frozen=True)
class Prediction:
    days_late: float
    p_late: float  # the chance it is paid after its due date
    p_within: float  # the chance it is paid within WITHIN days of its due date


@dataclass
class Model:
    """A fitted model. `days`, `late` and `within` are None for the fallback."""

    rows: int
    share_late: float
    share_within: float = 1.0
    categories: dict[str, list[str]] = field(default_factory=dict)
    reference: dict[str, float] = field(default_factory=dict)
    days: Any = None
    late: Any = None
    within: Any = None

    @property
    def fallback(self) -> bool:
        return self.days is None

    def matrix(self, rows: list[Row]) -> np.ndarray:
        """`rows` as numbers: categories as their index in the training categories."""
        # Built as lists and made an array once: a million rows are scored a day.
        numeric = np.array([[row[name] for name in NUMERIC] for row in rows], dtype=float).reshape(
            len(rows), len(NUMERIC)
        )
        index = {
            name: {value: float(i) for i, value in enumerate(self.categories.get(name, []))}
            for name in CATEGORICAL
        }
        categorical = np.array(
            [[index[name].get(str(row[name]), np.nan) for name in CATEGORICAL] for row in rows],
            dtype=float,
        ).reshape(len(rows), len(CATEGORICAL))
        return np.hstack([numeric, categorical])

    def predict(self, rows: list[Row]) -> list[Prediction]:
        if not rows:
            return []
        if self.fallback:
            return [self._fallback(row) for row in rows]
        from threadpoolctl import threadpool_limits

        table = self.matrix(rows)
        with threadpool_limits(THREADS):
            days = np.clip(self.days.predict(table), 0, None)
            late = self.late.predict_proba(table)[:, 1]
            within = (
                self.within.predict_proba(table)[:, 1]
                if self.within is not None
                else np.full(len(rows), self.share_within)
            )
        return [
            coherent(Prediction(float(d), float(p), float(w)))
            for d, p, w in zip(days, late, within, strict=True)
        ]

    @property
    def share_late_within(self) -> float:
        """Of the invoices paid late, the share paid within WITHIN days of the due date."""
        if self.share_late <= 0:
            return 1.0
        return _unit((self.share_within - (1.0 - self.share_late)) / self.share_late)

    def _fallback(self, row: Row) -> Prediction:
        paid = float(row["paid_before"])
        share = float(row["share_late"])
        late_count = 0.0 if math.isnan(share) else share * paid
        p_late = (late_count + PRIOR_WEIGHT * self.share_late) / (paid + PRIOR_WEIGHT)
        median_late = float(row["median_days_late"])
        days = 0.0 if math.isnan(median_late) else median_late
        # Paid on time, or late but within 14 days as the organisation's late invoices were.
        p_within = (1.0 - p_late) + p_late * self.share_late_within
        return coherent(Prediction(days, p_late, p_within))


def _unit(value: float) -> float:
    return min(1.0, max(0.0, value))


def coherent(prediction: Prediction) -> Prediction:
    """`prediction` made to agree with itself. The days late are a median: more than WITHIN
    days means at most half the chance of being paid within them, at most WITHIN at least
    half. An invoice paid on time is paid within WITHIN days, so that chance is never below
    the chance of paying on time; that rule wins when the two disagree (it is logic, the
    other a reading of a separately fitted median)."""
    p_late, p_within = _unit(prediction.p_late), _unit(prediction.p_within)
    beyond = prediction.days_late > WITHIN
    p_within = min(p_within, 0.5) if beyond else max(p_within, 0.5)
    p_within = max(p_within, 1.0 - p_late)
    return Prediction(prediction.days_late, p_late, p_within)


def fit(rows: list[Row], days_late: list[int]) -> Model:
    """A model fitted on `rows` (features at each invoice's issue date) and how late each
    was paid; the fallback when there are fewer than MIN_ROWS or one outcome only."""
    categories = {name: sorted({str(row[name]) for row in rows}) for name in CATEGORICAL}
    table = Model(rows=len(rows), share_late=0.0, categories=categories).matrix(rows)
    return fit_table(table, days_late, categories)


def fit_table(
    table: np.ndarray, days_late: Sequence[int] | np.ndarray, categories: dict[str, list[str]]
) -> Model:
    """`fit` on rows already made numbers (`Model.matrix` with `categories`): what a large
    history (the bench's million invoices) builds in pieces, so that its rows as
    dictionaries are never all in memory at once."""
    days = np.asarray(days_late, dtype=float)
    late = (days > 0).astype(int)
    within = (days <= WITHIN).astype(int)
    model = Model(rows=len(days), share_late=float(late.mean()) if len(days) else 0.0)
    model.share_within = float(within.mean()) if len(days) else 1.0
    if len(days) < MIN_ROWS or len(np.unique(late)) < 2:
        return model
    model.categories = categories
    import sklearn.ensemble  # noqa: F401  # loaded first, so that the limit reaches its OpenMP
    from threadpoolctl import threadpool_limits

    with threadpool_limits(THREADS):
        _fit_boosting(model, table, days, late, within)
    return model


def _fit_boosting(
    model: Model, table: np.ndarray, days: np.ndarray, late: np.ndarray, within: np.ndarray
) -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    model.reference = {
        name: float(np.nanmedian(table[:, j])) if not np.isnan(table[:, j]).all() else math.nan
        for j, name in enumerate(FEATURES)
    }
    categorical = [name in CATEGORICAL for name in FEATURES]
    settings: dict[str, Any] = {
        "categorical_features": categorical,
        "max_iter": 200,
        "learning_rate": 0.03,
        "max_leaf_nodes": 7,
        "min_samples_leaf": 40,
        "l2_regularization": 1.0,
        "random_state": 0,
    }
    # The days: the median (absolute error), which needs finer leaves to move off 0.
    model.days = HistGradientBoostingRegressor(
        loss="absolute_error",
        **{**settings, "learning_rate": 0.05, "max_leaf_nodes": 15, "min_samples_leaf": 20},
    )
    model.days.fit(table, days)
    model.late = HistGradientBoostingClassifier(**settings).fit(table, late)
    if len(np.unique(within)) == 2:  # otherwise every invoice came within: `share_within` says
        model.within = HistGradientBoostingClassifier(**settings).fit(table, within)


def given_age(prediction: Prediction, days_overdue: int) -> Prediction:
    """`prediction` for an invoice still open `days_overdue` days after its due date: it
    cannot be paid less late than that, nor on time once overdue. Its chance of being paid
    within WITHIN days is then the chance given that it is late: of the chance of paying
    within them, the part that is not paying on time, out of the chance of paying late."""
    if days_overdue <= 0:
        return prediction
    if days_overdue > WITHIN:
        p_within = 0.0
    elif prediction.p_late > 0:
        on_time = 1.0 - prediction.p_late
        p_within = _unit((prediction.p_within - on_time) / prediction.p_late)
    else:  # the model was sure it would be paid on time, and it was not: nothing to go by
        p_within = prediction.p_within
    return Prediction(
        days_late=max(prediction.days_late, float(days_overdue)), p_late=1.0, p_within=p_within
    )
