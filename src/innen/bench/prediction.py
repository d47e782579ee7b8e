"""Payment prediction at scale: training on and scoring 1,000,000 invoices (issue 28).

The invoices are generated here, in memory, as `innen.risk.records.Record`s: 20,000
customers with 50 invoices each over about three years, each customer with a behaviour
(punctual, slow, growing lateness, with now and then a dispute or a broken promise). No
database: the prediction is the pure `innen.risk`, and reading a million rows from the ledger
is the ledger bench's business.

* `prediction_train_1m_seconds`: each paid invoice's features as known before its issue date
  (`risk.features.features`), made numbers (`Model.matrix`) in pieces of 50,000, and the
  three gradient-boosting models fitted (`risk.model.fit_table`); target 5 minutes;
* `prediction_score_1m_seconds`: every invoice's features as known before the scoring day,
  customer by customer with its history read once (`risk.features.customer_rows`, as the
  daily scoring's `rows_on`), and the model's prediction (`Model.predict`) in pieces of about
  50,000; target 30 s. The reasons
  (`risk.explain`) are not in it: the pages ask for them one customer at a time;
* `prediction_train_1m_cpu_seconds`, `prediction_score_1m_cpu_seconds`: the processor time
  of the same two parts, which is what they take on an idle machine (one thread);
* `prediction_peak_rss_mb`: the peak resident memory of the process that does both; target
  2 GB. It runs in a fresh process (spawned, not forked), so that neither Django nor the
  other benchmarks count.
"""

from __future__ import annotations

import random
import resource
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from multiprocessing import get_context
from typing import Any

from innen.bench import Figure, benchmark

INVOICES = 1_000_000
CUSTOMERS = 20_000
CHUNK = 50_000
TODAY = date(2026, 12, 6)
TARGET_TRAIN_SECONDS = 300.0
TARGET_SCORE_SECONDS = 30.0
TARGET_PEAK_MB = 2048.0


@benchmark
def prediction() -> Iterator[Figure]:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        figures = pool.submit(measure, INVOICES, CUSTOMERS).result()
    yield Figure(
        "prediction_train_1m_seconds",
        figures["train"],
        "s",
        floor=TARGET_TRAIN_SECONDS,
        floor_label="target",
    )
    yield Figure(
        "prediction_score_1m_seconds",
        figures["score"],
        "s",
        floor=TARGET_SCORE_SECONDS,
        floor_label="target",
    )
    # The processor time of the same work: what the figures above would be on an idle
    # machine (one thread), whatever else shares the cores while the bench runs.
    yield Figure("prediction_train_1m_cpu_seconds", figures["train_cpu"], "s")
    yield Figure("prediction_score_1m_cpu_seconds", figures["score_cpu"], "s")
    yield Figure(
        "prediction_peak_rss_mb",
        figures["peak_mb"],
        "MB",
        floor=TARGET_PEAK_MB,
        floor_label="target",
    )


def measure(invoices: int, customers: int) -> dict[str, float]:
    """Generate, train and score in this process; the seconds of each and the peak memory."""
    from innen.risk.features import CATEGORICAL, by_customer

    records = generated(invoices, customers)
    grouped = by_customer(records)
    categories: dict[str, list[str]] = {name: [""] for name in CATEGORICAL}
    categories["segment"] = sorted(BEHAVIOURS)
    started, started_cpu = time.perf_counter(), time.process_time()
    model = train(records, grouped, categories)
    trained, trained_cpu = time.perf_counter(), time.process_time()
    scored = score(model, records, grouped)
    done, done_cpu = time.perf_counter(), time.process_time()
    assert scored == len(records)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {
        "train": trained - started,
        "score": done - trained,
        "train_cpu": trained_cpu - started_cpu,
        "score_cpu": done_cpu - trained_cpu,
        "peak_mb": peak_kb / 1024,
    }


def train(records: Sequence[Any], grouped: dict[str, list[Any]], categories: Any) -> Any:
    import numpy as np

    from innen.risk.features import features
    from innen.risk.model import Model, fit_table

    paid = [r for r in records if r.settled is not None and r.settled < TODAY]
    numbers = Model(rows=0, share_late=0.0, categories=categories)
    parts = []
    for start in range(0, len(paid), CHUNK):
        piece = paid[start : start + CHUNK]
        parts.append(numbers.matrix([features(r, grouped[r.customer], r.issued) for r in piece]))
    table = np.concatenate(parts)
    del parts
    return fit_table(table, [r.days_late or 0 for r in paid], categories)


def score(model: Any, records: Sequence[Any], grouped: dict[str, list[Any]]) -> int:
    """Every invoice as known on the scoring day, customer by customer (as the daily scoring
    does: `features.rows_on`), predicted in pieces of about `CHUNK` rows."""
    from innen.risk.features import by_customer, customer_rows

    scored = 0
    rows: list[Any] = []
    for customer, own in by_customer(records).items():
        rows += customer_rows(own, grouped[customer], TODAY)
        if len(rows) >= CHUNK:
            scored += len(model.predict(rows))
            rows = []
    return scored + (len(model.predict(rows)) if rows else 0)


# How late each kind of customer pays: (chance of paying late, mean days late when late).
BEHAVIOURS = {"punctual": (0.05, 3.0), "slow": (0.7, 12.0), "trouble": (0.4, 8.0)}


def generated(invoices: int, customers: int, seed: int = 28) -> list[Any]:
    """`invoices` invoices of `customers` customers, oldest first, with their payments."""
    from innen.risk.records import Record

    chance = random.Random(seed)
    per_customer = invoices // customers
    first_day = TODAY - timedelta(days=20 * per_customer + 30)
    records = []
    for c in range(customers):
        behaviour = chance.choice(sorted(BEHAVIOURS))
        p_late, mean_late = BEHAVIOURS[behaviour]
        usual = chance.randint(50, 5_000)
        for n in range(per_customer):
            issued = first_day + timedelta(days=20 * n + chance.randint(0, 10))
            due = issued + timedelta(days=30)
            growing = n / per_customer if behaviour == "trouble" else 0.0  # lateness grows
            late = chance.random() < p_late + growing / 2
            days = round(chance.expovariate(1 / (mean_late * (1 + 3 * growing)))) if late else 0
            settled = due + timedelta(days=days - (0 if late else chance.randint(0, 5)))
            disputed = due if chance.random() < 0.01 else None
            broken = (due + timedelta(days=10),) if late and chance.random() < 0.02 else ()
            records.append(
                Record(
                    customer=f"K{c}",
                    number=f"{c}-{n}",
                    issued=issued,
                    due=due,
                    amount=Decimal(usual * chance.randint(50, 150)) / 100,
                    settled=settled if settled < TODAY else None,
                    disputed_on=disputed,
                    broken_promises=broken,
                    segment=behaviour,
                )
            )
    records.sort(key=lambda record: record.issued)
    return records
