"""Exact Online's OData v2 as the adapter reads it: pages, `__next`, dates, the Modified filter.

Exact returns a collection as `{"d": {"results": [...], "__next": "<url>"}}`, 60 rows a page
on the ordinary endpoints (1000 on the bulk ones), `__next` carrying a `$skiptoken`; the last
page has no `__next`. `$select` is required in practice (Exact answers only the fields asked
for and refuses a call without one on many endpoints). Dates come as `/Date(ms)/`; a filter
on a date takes `datetime'YYYY-MM-DDTHH:MM:SS.fff'`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from innen.connectors.errors import Unavailable

_DATE = re.compile(r"^/Date\((-?\d+)(?:[+-]\d{4})?\)/$")


class Getter(Protocol):
    def url(self, path: str) -> str: ...

    def get(self, url: str, params: dict[str, str] | None = None) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    count: int | None  # all rows the query matches, when asked with $inlinecount


def pages(client: Getter, path: str, params: dict[str, str]) -> Iterator[Page]:
    """The query's pages in order, following `__next` until Exact gives none."""
    payload = client.get(client.url(path), params)
    while True:
        body = payload.get("d")
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise Unavailable(f"Exact sent no results for {path}")
        count = body.get("__count")
        yield Page(body["results"], int(count) if count is not None else None)
        following = body.get("__next")
        if not following:
            return
        payload = client.get(str(following))


def first_row(client: Getter, path: str, params: dict[str, str]) -> dict[str, Any]:
    for page in pages(client, path, params):
        if page.rows:
            return page.rows[0]
        break
    raise Unavailable(f"Exact sent nothing for {path}")


def millis(value: Any) -> int | None:
    """`/Date(1767225600000)/` as milliseconds since the epoch; None for null."""
    if value is None:
        return None
    match = _DATE.match(str(value))
    if not match:
        raise ValueError(f"not an OData date: {value!r}")
    return int(match[1])


def as_date(value: Any) -> date | None:
    ms = millis(value)
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=UTC).date()


def datetime_literal(ms: int) -> str:
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return f"datetime'{moment.strftime('%Y-%m-%dT%H:%M:%S')}.{ms % 1000:03d}'"


def modified_since(ms: int | None, also: str = "") -> dict[str, str]:
    """The query options for the rows modified at or after `ms`, oldest first.

    `ge` and not `gt`: rows sharing the last timestamp seen may not all have been read (a page
    can end between them); the cursor keeps the ids already read at that timestamp.
    """
    clauses = [c for c in (also, f"Modified ge {datetime_literal(ms)}" if ms else "") if c]
    params = {"$orderby": "Modified"}
    if clauses:
        params["$filter"] = " and ".join(clauses)
    return params
