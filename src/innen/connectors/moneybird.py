"""Moneybird as a `Package`: sales invoices through the synchronization endpoints.

`GET {administration}/sales_invoices/synchronization` lists every invoice's id and version
(filtered by `updated_after` once a first sync is done); `POST` the same path with up to 100
ids returns those invoices whole, with their contact and payments. The cursor says from when
the listing is filtered and after which id the invoices were applied, so a sync stopped
anywhere lists again and goes on after the last batch applied.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from innen.connectors import moneybird_records as records
from innen.connectors.errors import NotMappable
from innen.connectors.moneybird_http import MoneybirdHttp, OAuthApp
from innen.connectors.package import TokenStore
from innen.connectors.records import Batch, ExternalContact, Unmappable

PER_REQUEST = 100  # Moneybird's most ids per synchronization request
OVERLAP = 300.0  # seconds: the next listing starts this much before the last began (clocks)


def _stamp(unix: float) -> str:
    return datetime.fromtimestamp(unix, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@dataclass
class MoneybirdPackage:
    tokens: TokenStore
    administration_id: str
    api_url: str = "https://moneybird.com/api/v2"
    oauth: OAuthApp | Mapping[str, str] = field(default_factory=OAuthApp)
    clock: Callable[[], float] = time.time
    http: MoneybirdHttp | None = None
    name: str = "moneybird"

    def __post_init__(self) -> None:
        if not isinstance(self.oauth, OAuthApp):
            self.oauth = OAuthApp.from_settings(self.oauth)
        if self.http is None:
            self.http = MoneybirdHttp(self.api_url, self.tokens, self.oauth, clock=self.clock)

    def _client(self) -> MoneybirdHttp:
        assert self.http is not None
        return self.http

    def changes(self, cursor: str) -> Iterator[Batch]:
        state = json.loads(cursor) if cursor else {}
        since = state.get("since", "")
        started = state.get("started") or _stamp(self.clock() - OVERLAP)
        after = int(state.get("after") or 0)
        listing = self._listing(since)
        pending = [i for i in listing if i > after]
        total = len(listing)
        done = total - len(pending)
        finished = json.dumps({"since": started})
        if not pending:
            yield Batch(cursor=finished, progress=(total, total))
            return
        for at in range(0, len(pending), PER_REQUEST):
            ids = pending[at : at + PER_REQUEST]
            last = at + PER_REQUEST >= len(pending)
            going = json.dumps({"since": since, "started": started, "after": str(ids[-1])})
            done += len(ids)
            yield self._batch(ids, finished if last else going, (done, total))

    def _listing(self, since: str) -> list[int]:
        params = {"filter": f"updated_after:{since}"} if since else None
        path = f"{self.administration_id}/sales_invoices/synchronization"
        rows = self._client().get(path, params) or []
        return sorted(int(row["id"]) for row in rows)

    def _batch(self, ids: list[int], cursor: str, progress: tuple[int, int]) -> Batch:
        path = f"{self.administration_id}/sales_invoices/synchronization"
        found = self._client().post(path, {"ids": [str(i) for i in ids]}) or []
        contacts: dict[str, ExternalContact] = {}
        invoices, payments, unmappable = [], [], []
        for data in found:
            try:
                invoice = records.invoice(data)
                paid = records.payments(data)
                if data.get("contact"):
                    known = records.contact(data["contact"])
                    contacts[known.external_id] = known
            except (NotMappable, KeyError) as problem:
                unmappable.append(Unmappable("invoice", str(data.get("id", "")), str(problem)))
                continue
            invoices.append(invoice)
            payments.extend(paid)
        return Batch(
            contacts=tuple(contacts.values()),
            invoices=tuple(invoices),
            payments=tuple(payments),
            cursor=cursor,
            progress=progress,
            unmappable=tuple(unmappable),
        )


def administrations(http: MoneybirdHttp) -> list[tuple[str, str]]:
    """The administrations the token may read: (id, name)."""
    rows: list[dict[str, Any]] = http.get("administrations") or []
    return [(str(row["id"]), str(row.get("name", row["id"]))) for row in rows]


def register_webhook(http: MoneybirdHttp, administration_id: str, url: str) -> str:
    """Ask Moneybird to call `url` when a sales invoice changes; the webhook's id."""
    body = {"url": url, "enabled_events": ["sales_invoice"]}
    created: dict[str, Any] = http.post(f"{administration_id}/webhooks", body) or {}
    return str(created.get("id", ""))
