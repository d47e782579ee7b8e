"""Exact Online as an innen `Package`: one division's customers, sales invoices and payments.

Endpoints read, and why (Exact's REST API reference, api/v1/{division}/...):

- `crm/Accounts` (filter `IsSales eq true`): the customers.
- `salesinvoice/SalesInvoices`: invoices and credit notes with number, dates, amount, VAT,
  currency, status and type; carries `Modified`, so it syncs incrementally.
- `cashflow/Receivables`: the outstanding items, split into pieces as they are paid or matched
  (bank payments, credit notes, write-offs) with `IsFullyPaid`; carries `Modified`. This is
  how a payment "as matched in Exact" reaches innen (see `exact_mapping`).
- `current/Me` (`CurrentDivision`) and `system/Divisions`: which administration to read.

Not used: `read/financial/ReceivablesList` lists what is open now but has no `Modified`, so it
cannot sync incrementally (it suits a periodic reconciliation); `financialtransaction/
TransactionLines` would give every bank line but needs the matching redone in innen; the
`sync/...` endpoints (Timestamp-based) are the next step for a division with many records
modified in one millisecond.

Deleted invoices come from `sync/Deleted`: one row per record deleted in the division (kept
there two months), with `EntityType` (13: a sales invoice; 14 is a time and cost transaction),
`EntityKey` (the record's GUID, the sales invoice's `InvoiceID`), `DeletedBy`, `DeletedDate`
and `Timestamp`, a rowversion that only grows (not a time). It is read with `Timestamp gt
<last>` (1 the first time: Exact's advice), the only filter the sync endpoints take, 1000 rows
a page; the other entity types are skipped here. A deletion names the invoice by GUID: the sync
finds it through the GUID each invoice's external id keeps (`Batch.deleted_internal_ids`).
Refs written before innen kept the GUID get it through `internal_ids` (SalesInvoices read by
ranges of numbers); a number Exact no longer holds is reported missing, that is deleted.

The cursor (JSON): per entity the last `Modified` read (milliseconds) and the ids read at that
very moment. Each query asks `Modified ge <last>` ordered by `Modified` and skips those ids, so
a sync resumed from any batch's cursor reads neither less nor twice, however the pages fell.
All three entities are read on every call, accounts first, so a contact arrives before its
invoices and an invoice before its payments; a call resumed halfway through the invoices
finds no new accounts (one cheap request) and goes on where it stopped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from innen.connectors import exact_mapping as mapping
from innen.connectors.exact_http import ExactClient
from innen.connectors.exact_odata import Getter, first_row, millis, modified_since, pages
from innen.connectors.records import Batch

Row = dict[str, Any]


@dataclass(frozen=True)
class Entity:
    key: str  # in the cursor
    path: str
    fields: str
    id_field: str
    also: str = ""  # an extra filter clause


ENTITIES = (
    Entity("accounts", "crm/Accounts", mapping.ACCOUNT_FIELDS, "ID", "IsSales eq true"),
    Entity("invoices", "salesinvoice/SalesInvoices", mapping.INVOICE_FIELDS, "InvoiceID"),
    Entity("receivables", "cashflow/Receivables", mapping.RECEIVABLE_FIELDS, "ID"),
)
DELETED_PATH, DELETED_FIELDS = "sync/Deleted", "ID,EntityKey,EntityType,DeletedDate,Timestamp"
KEYS_FIELDS = "InvoiceID,InvoiceNumber"  # what the GUID look-up reads of SalesInvoices
SALES_INVOICE_ENTITY = 13  # sync/Deleted's EntityType of SalesInvoices (14: TimeCostTransactions)


@dataclass
class Mark:
    """Where one entity stands: the last Modified read and the ids read at exactly then."""

    modified: int = 0
    ids: set[str] = field(default_factory=set)

    def is_new(self, row_modified: int, row_id: str) -> bool:
        return row_modified > self.modified or (
            row_modified == self.modified and row_id not in self.ids
        )

    def advance(self, row_modified: int, row_id: str) -> None:
        if row_modified > self.modified:
            self.modified, self.ids = row_modified, set()
        self.ids.add(row_id)


@dataclass
class Cursor:
    marks: dict[str, Mark] = field(default_factory=dict)
    first_pass: bool = True  # the first full sync: shows progress
    done: int = 0
    total: int | None = None
    deleted: int = 1  # the last sync/Deleted Timestamp read (1: none yet)

    @classmethod
    def decode(cls, text: str) -> Cursor:
        if not text:
            return cls()
        data = json.loads(text)
        marks = {k: Mark(v["t"], set(v["ids"])) for k, v in data.get("marks", {}).items()}
        return cls(
            marks,
            bool(data.get("first")),
            int(data.get("done", 0)),
            data.get("total"),
            int(data.get("deleted", 1)),
        )

    def encode(self) -> str:
        marks = {k: {"t": m.modified, "ids": sorted(m.ids)} for k, m in self.marks.items()}
        data = {"v": 1, "marks": marks, "first": self.first_pass, "done": self.done}
        data["total"] = self.total
        data["deleted"] = self.deleted
        return json.dumps(data, separators=(",", ":"))


class ExactPackage:
    """One Exact division, read through an `ExactClient`."""

    name = "exact"

    def __init__(self, client: ExactClient | Getter, division: int) -> None:
        self.client = client
        self.division = division

    def changes(self, cursor: str) -> Iterator[Batch]:
        state = Cursor.decode(cursor)
        if state.first_pass and state.total is None:
            state.total = self._count_all()
        for entity in ENTITIES:
            yield from self._entity_changes(entity, state)
        yield from self._deletions(state)
        if state.first_pass:
            state.first_pass = False
            yield Batch(cursor=state.encode(), progress=(state.done, state.done))

    def _entity_changes(self, entity: Entity, state: Cursor) -> Iterator[Batch]:
        mark = state.marks.setdefault(entity.key, Mark())
        params = modified_since(mark.modified or None, entity.also)
        params["$select"] = entity.fields
        path = f"{self.division}/{entity.path}"
        for page in pages(self.client, path, params):
            rows = []
            for row in page.rows:
                row_modified, row_id = millis(row.get("Modified")) or 0, str(row[entity.id_field])
                if mark.is_new(row_modified, row_id):
                    mark.advance(row_modified, row_id)
                    rows.append(row)
            if not rows:
                continue
            state.done += len(rows)
            yield self._batch(entity, rows, state)

    def _deletions(self, state: Cursor) -> Iterator[Batch]:
        """The sales invoices deleted since the last Timestamp read, a batch per page."""
        params = {"$filter": f"Timestamp gt {state.deleted}L", "$select": DELETED_FIELDS}
        for page in pages(self.client, f"{self.division}/{DELETED_PATH}", params):
            keys = []
            for row in page.rows:
                stamp = int(row["Timestamp"])
                if stamp <= state.deleted:
                    continue  # read already (a page resent)
                state.deleted = stamp
                if int(row.get("EntityType") or 0) == SALES_INVOICE_ENTITY:
                    keys.append(str(row["EntityKey"]))
            if page.rows:
                yield Batch(deleted_internal_ids=tuple(keys), cursor=state.encode())

    def internal_ids(self, external_ids: Sequence[str]) -> Iterator[Batch]:
        """The GUIDs of invoices innen keys by number, read from SalesInvoices by ranges of
        numbers (`InvoiceNumber ge a and le b`, ordered by number), a batch per page. A number
        the range does not hold is no longer in Exact: deleted there."""
        numbers = sorted({int(i) for i in external_ids if i.isdigit()})
        for low, high in number_runs(numbers, RUN_GAP):
            wanted = {n for n in numbers if low <= n <= high}
            params = {
                "$filter": f"InvoiceNumber ge {low} and InvoiceNumber le {high}",
                "$select": KEYS_FIELDS,
                "$orderby": "InvoiceNumber",
            }
            path = f"{self.division}/{ENTITIES[1].path}"
            for page in pages(self.client, path, params):
                found = {int(row["InvoiceNumber"]): str(row["InvoiceID"]) for row in page.rows}
                reached = max(found, default=low - 1)
                pairs = tuple((str(n), found[n]) for n in sorted(wanted & found.keys()))
                gone = tuple(str(n) for n in sorted(wanted) if n <= reached and n not in found)
                wanted -= {n for n in wanted if n <= reached}
                yield Batch(internal_ids=pairs, missing_invoice_ids=gone)
            if wanted:
                yield Batch(missing_invoice_ids=tuple(str(n) for n in sorted(wanted)))

    def _batch(self, entity: Entity, rows: list[Row], state: Cursor) -> Batch:
        progress = None
        if state.first_pass and state.total is not None:
            progress = (min(state.done, state.total), max(state.total, state.done))
        cursor = state.encode()
        if entity.key == "accounts":
            return Batch(
                contacts=tuple(map(mapping.contact, rows)), cursor=cursor, progress=progress
            )
        if entity.key == "invoices":
            return Batch(
                invoices=tuple(map(mapping.invoice, rows)), cursor=cursor, progress=progress
            )
        payments = tuple(p for p in map(mapping.payment, rows) if p is not None)
        reversed_ = tuple(r for r in map(mapping.reversed_payment, rows) if r is not None)
        return Batch(
            payments=payments, removed_payment_ids=reversed_, cursor=cursor, progress=progress
        )

    def _count_all(self) -> int:
        total = 0
        for entity in ENTITIES:
            params = {"$select": entity.id_field, "$top": "1", "$inlinecount": "allpages"}
            if entity.also:
                params["$filter"] = entity.also
            for page in pages(self.client, f"{self.division}/{entity.path}", params):
                total += page.count or 0
                break
        return total


RUN_GAP = 60  # a page: reading a gap this long costs less than another request


def number_runs(numbers: Sequence[int], gap: int) -> Iterator[tuple[int, int]]:
    """Sorted `numbers` as (first, last) ranges, a new one where two lie more than `gap` apart."""
    if not numbers:
        return
    low = high = numbers[0]
    for number in numbers[1:]:
        if number - high > gap:
            yield low, high
            low = number
        high = number
    yield low, high


def current_division(client: Getter) -> int:
    """The division the signed-in user works in now (`current/Me`)."""
    return int(first_row(client, "current/Me", {"$select": "CurrentDivision"})["CurrentDivision"])


def divisions(client: Getter, division: int) -> list[tuple[int, str]]:
    """The divisions (administrations) the user may open: (code, description)."""
    found: list[tuple[int, str]] = []
    params = {"$select": "Code,Description"}
    for page in pages(client, f"{division}/system/Divisions", params):
        found += [(int(row["Code"]), str(row.get("Description") or "")) for row in page.rows]
    return found
