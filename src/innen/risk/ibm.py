"""The public IBM accounts-receivable sample, read with its columns as they are.

countryCode, customerID, PaperlessDate, invoiceNumber, InvoiceDate, DueDate, InvoiceAmount,
Disputed, SettledDate, PaperlessBill, DaysToSettle, DaysLate; dates as month/day/year. The
day a dispute was raised is not in the file: it is dated on the issue date, so the model scores
an invoice as one whose dispute is already known (true when scoring it while open, after the
dispute; not of a prediction at issue, which `model_without_own_dispute` measures).
Country is the segment, paper or electronic the kind.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from innen.risk.records import Record

COLUMNS = ("customerID", "invoiceNumber", "InvoiceDate", "DueDate", "InvoiceAmount")


class SampleError(ValueError):
    """A line of the sample that cannot be read; the message names the line and column."""


def read_ibm(lines: Iterable[str]) -> list[Record]:
    """Every invoice of the sample, or SampleError for the first bad line (all or nothing)."""
    reader = csv.DictReader(lines)
    missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise SampleError(f"line 1: the columns {', '.join(missing)} are missing")
    records = []
    for number, row in enumerate(reader, start=2):
        records.append(_record(number, row))
    return records


def _record(line: int, row: dict[str, str]) -> Record:
    settled = _date(line, row, "SettledDate", required=False)
    disputed = (row.get("Disputed") or "").strip().lower() == "yes"
    issued = _required(line, row, "InvoiceDate")
    return Record(
        customer=(row["customerID"] or "").strip(),
        number=(row["invoiceNumber"] or "").strip(),
        issued=issued,
        due=_required(line, row, "DueDate"),
        amount=_amount(line, row),
        settled=settled,
        disputed_on=issued if disputed else None,
        kind=(row.get("PaperlessBill") or "").strip(),
        segment=(row.get("countryCode") or "").strip(),
    )


def _required(line: int, row: dict[str, str], column: str) -> date:
    day = _date(line, row, column, required=True)
    assert day is not None
    return day


def _date(line: int, row: dict[str, str], column: str, *, required: bool) -> date | None:
    text = (row.get(column) or "").strip()
    if not text:
        if required:
            raise SampleError(f"line {line}: {column} is empty")
        return None
    for layout in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise SampleError(f"line {line}: {column} {text!r} is not a date (month/day/year)")


def _amount(line: int, row: dict[str, str]) -> Decimal:
    text = (row.get("InvoiceAmount") or "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise SampleError(f"line {line}: InvoiceAmount {text!r} is not an amount") from None
    if not amount.is_finite():
        raise SampleError(f"line {line}: InvoiceAmount {text!r} is not an amount")
    return amount
