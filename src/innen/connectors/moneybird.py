"""Moneybird as a `Package`: sales invoices through the synchronization endpoints.

`GET {administration}/sales_invoices/synchronization` lists every invoice's id and version
(filtered by `updated_after` once a first sync is done); `POST` the same path with up to 100
ids returns those invoices whole, with their contact and payments. The cursor says from when
the listing is filtered and after which id the invoices were applied, so a sync stopped
anywhere lists again and goes on after the last batch applied.

An incremental sync first reads the contacts changed since (`contacts/synchronization`, the
same way), and ends with the whole invoice listing: an invoice innen took over that it no
longer names was deleted. A payment deleted in Moneybird is missing from its invoice, which
comes with a new version and all its payments.
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
        if since and not state.get("contacts_done"):
            yield from self._contact_changes(since, started, int(state.get("contacts_after") or 0))
        after = int(state.get("after") or 0)
        listing = self._listing("sales_invoices", since)
        pending = [i for i in listing if i > after]
        total = len(listing)
        done = total - len(pending)
        for at in range(0, len(pending), PER_REQUEST):
            ids = pending[at : at + PER_REQUEST]
            going = {"since": since, "started": started, "contacts_done": True}
            done += len(ids)
            yield self._batch(ids, json.dumps({**going, "after": str(ids[-1])}), (done, total))
        # Deleted invoices are the ones no longer listed: the whole listing (a first sync's
        # is already whole) names every invoice Moneybird still holds.
        present = listing if not since else self._listing("sales_invoices", "")
        yield Batch(
            cursor=json.dumps({"since": started}),
            progress=(total, total),
            present_invoice_ids=frozenset(str(i) for i in present),
        )

    def _contact_changes(self, since: str, started: str, after: int) -> Iterator[Batch]:
        """Contacts changed since: a new name, address or e-mail reaches the customer even
        when none of their invoices changed (Moneybird keeps the invoice's version)."""
        pending = [i for i in self._listing("contacts", since) if i > after]
        path = f"{self.administration_id}/contacts/synchronization"
        for at in range(0, len(pending), PER_REQUEST):
            ids = pending[at : at + PER_REQUEST]
            last = at + PER_REQUEST >= len(pending)
            going: dict[str, str | bool] = {"since": since, "started": started}
            going.update({"contacts_done": True} if last else {"contacts_after": str(ids[-1])})
            found = self._client().post(path, {"ids": [str(i) for i in ids]}) or []
            contacts, unmappable = [], []
            for data in found:
                try:
                    contacts.append(records.contact(data))
                except (NotMappable, KeyError) as problem:
                    unmappable.append(Unmappable("contact", str(data.get("id", "")), str(problem)))
            yield Batch(
                contacts=tuple(contacts),
                cursor=json.dumps(going),
                unmappable=tuple(unmappable),
                contacts_known_only=True,
            )

    def _listing(self, what: str, since: str) -> list[int]:
        params = {"filter": f"updated_after:{since}"} if since else None
        path = f"{self.administration_id}/{what}/synchronization"
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
            # An invoice comes with all its payments: one innen has that is not among them
            # was deleted in Moneybird.
            payments_complete_for=tuple(invoice.external_id for invoice in invoices),
            cursor=cursor,
            progress=progress,
            unmappable=tuple(unmappable),
        )


def administrations(http: MoneybirdHttp) -> list[tuple[str, str]]:
    """The administrations the token may read: (id, name)."""
    rows: list[dict[str, Any]] = http.get("administrations") or []
    return [(str(row["id"]), str(row.get("name", row["id"]))) for row in rows]


# Moneybird's names: the sales invoices' group, and the single payment and contact events.
WEBHOOK_EVENTS = ("sales_invoice", "payment_registered", "payment_destroyed", "contact_changed")


def register_webhook(http: MoneybirdHttp, administration_id: str, url: str) -> tuple[str, str]:
    """Ask Moneybird to call `url` when a sales invoice, a payment or a contact changes (or
    is destroyed); the webhook's id and its secret `token`, which Moneybird sends along with
    every call as `webhook_token` so innen can tell a call is Moneybird's."""
    body = {"url": url, "enabled_events": list(WEBHOOK_EVENTS)}
    created: dict[str, Any] = http.post(f"{administration_id}/webhooks", body) or {}
    return str(created.get("id", "")), str(created.get("token") or "")
