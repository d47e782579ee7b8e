"""The Exact Online fake's OData side: the entities as Exact writes them, `$filter`, `$select`,
`$orderby`, `$top`, `$inlinecount` and paging with `__next` and `$skiptoken`.

Rows are written as Exact's REST API writes them (OData v2 JSON verbose): `{"d": {"results":
[...], "__next": url}}`, dates as `/Date(milliseconds)/`, amounts as JSON numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from typing import Any
from urllib.parse import urlencode

from innen.connectors.fakes.exact_data import (
    Account,
    Administration,
    Deletion,
    Invoice,
    Receivable,
)

Row = dict[str, Any]
ACCOUNTANT = "5f1a0e1c-9a4b-4c3e-8d2f-0b6a7c1d2e3f"  # the user who deletes (DeletedBy)


class BadQuery(ValueError):
    """Exact answers 400 with its OData error for a query it cannot run."""


def odata_date(value: date | int | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, int):
        return f"/Date({value})/"
    ms = int(datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp() * 1000)
    return f"/Date({ms})/"


def account_row(account: Account, division: int) -> Row:
    return {
        "ID": account.id, "Code": f"{account.code:>18}", "Name": account.name,
        "Email": account.email, "ChamberOfCommerce": account.kvk, "VATNumber": "",
        "AddressLine1": "Stationsplein 1", "Postcode": "3511 ED", "City": account.city,
        "Country": "NL", "Language": "NL", "IsSales": True, "Status": "C",
        "Division": division, "Modified": odata_date(account.modified),
    }  # fmt: skip


def invoice_row(invoice: Invoice, division: int) -> Row:
    return {
        "InvoiceID": invoice.id, "InvoiceNumber": invoice.number, "InvoiceTo": invoice.account_id,
        "OrderedBy": invoice.account_id, "InvoiceDate": odata_date(invoice.invoice_date),
        "DueDate": odata_date(invoice.due_date), "AmountDC": float(invoice.amount),
        "AmountFC": float(invoice.amount), "VATAmountDC": float(invoice.vat),
        "VATAmountFC": float(invoice.vat), "Currency": invoice.currency,
        "Status": invoice.status, "Type": invoice.type,
        "PaymentReference": invoice.reference, "Division": division,
        "Modified": odata_date(invoice.modified),
    }  # fmt: skip


def receivable_row(piece: Receivable, division: int) -> Row:
    return {
        "ID": piece.id, "InvoiceNumber": piece.invoice_number, "Account": piece.account_id,
        "TransactionAmountDC": float(piece.transaction_amount), "AmountDC": float(piece.amount),
        "Currency": "EUR", "IsFullyPaid": piece.fully_paid,
        "Status": 50 if piece.fully_paid else 20,
        "LastPaymentDate": odata_date(piece.last_payment), "Division": division,
        "Created": odata_date(piece.created), "Modified": odata_date(piece.modified),
    }  # fmt: skip


def deleted_row(row: Deletion, division: int) -> Row:
    return {
        "ID": row.id, "Timestamp": row.timestamp, "EntityType": row.entity_type,
        "EntityKey": row.entity_key, "DeletedBy": ACCOUNTANT,
        "DeletedDate": odata_date(row.deleted_date), "Division": division,
    }  # fmt: skip


def collection(admin: Administration, name: str) -> tuple[list[Row], str]:
    """The rows of an entity set and its key field."""
    division = admin.division
    if name == "crm/Accounts":
        return [account_row(a, division) for a in admin.accounts.values()], "ID"
    if name == "salesinvoice/SalesInvoices":
        return [invoice_row(i, division) for i in admin.invoices.values()], "InvoiceID"
    if name == "cashflow/Receivables":
        return [receivable_row(r, division) for r in admin.receivables.values()], "ID"
    if name == "sync/Deleted":
        return [deleted_row(d, division) for d in admin.deleted], "ID"
    raise KeyError(name)


_LITERAL = re.compile(
    r"^(?:datetime'(?P<dt>[^']+)'|guid'(?P<guid>[^']+)'|'(?P<str>[^']*)'"
    r"|(?P<bool>true|false)|(?P<num>-?\d+(?:\.\d+)?)L?)$"
)
_CLAUSE = re.compile(r"^\s*(\w+)\s+(eq|ne|gt|ge|lt|le)\s+(.+?)\s*$")


def _literal(text: str) -> Any:
    match = _LITERAL.match(text.strip())
    if not match:
        raise BadQuery(f"cannot read the value {text!r}")
    if match["dt"]:
        moment = datetime.fromisoformat(match["dt"]).replace(tzinfo=UTC)
        return odata_date(round(moment.timestamp() * 1000))
    if match["guid"]:
        return match["guid"]
    if match["str"] is not None:
        return match["str"]
    if match["bool"]:
        return match["bool"] == "true"
    number = match["num"]
    return int(number) if number.lstrip("-").isdigit() else float(number)


def _sort_key(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("/Date("):
        return int(value[6:-2])
    return value


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b, "lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
}  # fmt: skip


def row_filter(expression: str) -> Callable[[Row], bool]:
    """`Field op literal` clauses joined by `and`: what the adapter and most clients send."""
    tests: list[Callable[[Row], bool]] = []
    for clause in re.split(r"\s+and\s+", expression.strip(), flags=re.IGNORECASE):
        match = _CLAUSE.match(clause)
        if not match:
            raise BadQuery(f"cannot read the filter {clause!r}")
        name, op, value = match[1], _OPS[match[2]], _sort_key(_literal(match[3]))
        tests.append(partial(_compare, name=name, op=op, value=value))
    return lambda row: all(test(row) for test in tests)


def _compare(row: Row, name: str, op: Callable[[Any, Any], bool], value: Any) -> bool:
    if name not in row:
        raise BadQuery(f"no property {name!r}")
    have = _sort_key(row[name])
    return have is not None and op(have, value)


@dataclass
class Result:
    """A query's rows after `$filter`, `$orderby` and `$top`, with each key's place in them."""

    rows: list[Row]
    count: int  # before $top, as OData counts
    places: dict[str, int]


def run_query(rows: list[Row], key: str, args: dict[str, str]) -> Result:
    if "$filter" in args:
        keep = row_filter(args["$filter"])
        rows = [row for row in rows if keep(row)]
    else:
        rows = list(rows)
    order = [part.split()[0] for part in args.get("$orderby", "").split(",") if part.strip()]
    rows.sort(key=lambda row: tuple(_sort_key(row[f]) for f in [*order, key]))
    count = len(rows)
    if "$top" in args:
        rows = rows[: int(args["$top"])]
    return Result(rows, count, {row[key]: n for n, row in enumerate(rows)})


def page_of(
    result: Result, key: str, args: dict[str, str], page_size: int, base_url: str
) -> dict[str, Any]:
    """One page of the result with `__next` when there is more."""
    start = _skip_to(result, args.get("$skiptoken", ""))
    page = result.rows[start : start + page_size]
    body: dict[str, Any] = {"results": [_select(row, args.get("$select", "")) for row in page]}
    if args.get("$inlinecount") == "allpages":
        body["__count"] = str(result.count)
    if start + page_size < len(result.rows):
        rest = {k: v for k, v in args.items() if k != "$skiptoken"}
        rest["$skiptoken"] = f"guid'{page[-1][key]}'"
        body["__next"] = f"{base_url}?{urlencode(rest)}"
    return {"d": body}


def _skip_to(result: Result, token: str) -> int:
    if not token:
        return 0
    last = token.removeprefix("guid'").removesuffix("'")
    if last not in result.places:
        raise BadQuery("the skiptoken no longer points at a record")
    return result.places[last] + 1


def _select(row: Row, fields: str) -> Row:
    if not fields:
        return row
    names = [name.strip() for name in fields.split(",")]
    unknown = [name for name in names if name not in row]
    if unknown:
        raise BadQuery(f"no property {unknown[0]!r}")
    return {name: row[name] for name in names}
