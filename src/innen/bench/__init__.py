"""Speed figures for `make bench`: one line per figure, `name: value unit`.

A benchmark is a function registered with `@benchmark`; it returns its figures. A figure
with a floor (the issue's target or the best the machine could do) also prints the ratio.
Benchmarks run against a throwaway database: a fresh SQLite file, or a fresh PostgreSQL
database on the server that `DATABASE_URL` names.
"""

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    floor: float | None = None
    floor_label: str = "floor"

    def line(self) -> str:
        text = f"{self.name}: {_number(self.value)} {self.unit}".rstrip()
        if self.floor:
            ratio = self.value / self.floor
            text += f" ({self.floor_label} {_number(self.floor)} {self.unit}, ratio {ratio:.2f})"
        return text


def _number(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.2f}"


Benchmark = Callable[[], Iterable[Figure]]
BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(function: Benchmark) -> Benchmark:
    BENCHMARKS[function.__name__] = function
    return function


def percentile(samples: list[float], fraction: float) -> float:
    """The value below which `fraction` of the samples lie (nearest rank)."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[rank]


def refresh_if_allocations(model: Any, created: Sequence[Any]) -> None:
    """Through the ORM a new invoice owes its total; allocations written after it say what
    it owes (COPY, beneath the ORM, takes the open amounts as given)."""
    from innen.ledger.models import Allocation
    from innen.ledger.outstanding import refresh_outstanding

    if model is Allocation:
        refresh_outstanding(allocation.invoice_id for allocation in created)
