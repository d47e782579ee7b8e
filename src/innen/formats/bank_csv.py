"""Transaction exports of Dutch banks (CSV / TAB) as statements: pure reader.

The layout is told by the header row, or, for the exports without one, by what only that
layout has in its first row (`innen.formats.bank_csv_recognise`):

* ``csv-ing``: "Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij",
  "Bedrag (EUR)","Mutatiesoort","Mededelingen"[,"Saldo na mutatie","Tag"]; newest first;
* ``csv-rabobank``: "IBAN/BBAN","Munt","BIC","Volgnr","Datum","Rentedatum","Bedrag",
  "Saldo na trn","Tegenrekening IBAN/BBAN","Naam tegenpartij",...,"Omschrijving-1..3";
* ``csv-rabobank-2013``: Rabobank's export before 2018, no header, 19 columns;
* ``csv-abnamro``: the TAB export (account, currency, date, start balance, end balance, value
  date, amount, description), with or without the Excel header names (accountNumber, ...);
* ``csv-knab``: ["KNAB EXPORT",] "Rekeningnummer;Transactiedatum;...;Referentie;Boekdatum";
* ``csv-asn``, ``csv-sns``, ``csv-regiobank``: de Volksbank's export, no header, 19 columns
  from "boekingsdatum" to "afschriftnummer"; the bank by the own IBAN's bank code;
* ``csv-triodos``: no header; date, own account, amount, Credit/Debet, ..., balance;
* ``csv-bunq``: "Datum";"Rentedatum";"Bedrag";"Rekening";"Tegenrekening";"Naam";
  "Omschrijving" (or the English names);
* ``csv-revolut-business``: "Date started (UTC)","Date completed (UTC)","ID","Type",...

One Statement per own account, in one currency. Where the export carries balances (ING
"Saldo na mutatie", Rabobank "Saldo na trn", ABN AMRO start/end balance, de Volksbank's
balance before the entry, Triodos's and Revolut's balance after it) they are checked row by
row and give the opening and closing balance. Lines are numbered as in a spreadsheet: the
first line of the file is line 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from innen.formats import messages as m
from innen.formats.bank_csv_layouts import ABN_HEADER, ING_ENGLISH, Row
from innen.formats.bank_csv_recognise import headerless_layout, layout_for
from innen.formats.csv_table import decode, detect_delimiter, normalise_header
from innen.formats.messages import reason, say
from innen.formats.statement import (
    Entry,
    Statement,
    StatementError,
    StatementFile,
    refuse_nul,
)


def read_bank_csv(data: bytes, name: str = "") -> StatementFile:
    """Return the statements in a Dutch bank's CSV export; raise StatementError if unreadable."""
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        raise StatementError(name, say(m.NOT_TEXT)) from exc
    refuse_nul(text, name)
    rows = _rows(text, name)
    if not rows:
        raise StatementError(name, say(m.EMPTY_FILE))
    start = 0
    if normalise_header(rows[0][0]) == "knabexport":
        start = 1  # Knab writes a title line above the header
        if len(rows) < 2:
            raise StatementError(name, say(m.KNAB_NO_HEADER))
    header = rows[start]
    normalised = [normalise_header(cell) for cell in header]
    if {"namedescription", "debitcredit"} <= set(normalised):
        normalised = [ING_ENGLISH.get(cell, cell) for cell in normalised]
    layout = layout_for(normalised)
    if layout is not None:
        body = rows[start + 1 :]
        first_line = start + 2
        _check_widths(body, header, first_line, name)
        keyed = [dict(zip(normalised, row, strict=False)) for row in body]
        if layout.format == "csv-abnamro":  # the Excel header names; same reader as TAB
            keyed = [{str(i): r.get(h, "") for i, h in enumerate(ABN_HEADER)} for r in keyed]
    else:
        headerless = headerless_layout(header)
        if headerless is None:
            found = ", ".join(repr(cell.strip()) for cell in header if cell.strip())
            raise StatementError(_line(name, start + 1), say(m.UNKNOWN_BANK_EXPORT, found=found))
        layout, body, first_line = headerless, rows[start:], start + 1
        keyed = [{str(i): cell for i, cell in enumerate(row)} for row in body]
    parsed: list[Row] = []
    for offset, cells in enumerate(keyed):
        line = first_line + offset
        if not any(value.strip() for value in cells.values()):
            continue
        try:
            row = layout.read({k: v.strip() for k, v in cells.items()}, line, name)
        except ValueError as exc:
            raise StatementError(_line(name, line), reason(exc)) from exc
        except KeyError as exc:  # a line cut short: the column the reader needs is not there
            named = ABN_HEADER if layout.format == "csv-abnamro" else ()
            column = _column_name(str(exc.args[0]), header, named)
            cut = say(m.LINE_CUT_SHORT, column=column, cells=len(cells))
            raise StatementError(_line(name, line), cut) from exc
        if row is not None:
            parsed.append(row)
    if not parsed:
        raise StatementError(name, say(m.NO_TRANSACTIONS))
    return StatementFile(layout.format, _statements(parsed, layout.balances, name))


def _rows(text: str, name: str) -> list[list[str]]:
    lines = text.split("\n")
    first = next((line for line in lines if line.strip()), "")
    if not first:
        return []
    # Knab's title line has only ";" in it: take the delimiter from the line that has most.
    sample = max(lines[:3], key=lambda line: sum(line.count(d) for d in ";,\t"))
    delimiter = detect_delimiter(sample)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            # A bank writes each entry on one line: a row that spans several was opened by a
            # quote that is not closed, and took the lines after it (other entries, accounts).
            if reader.line_num > len(rows) + 1:
                ran = say(m.QUOTE_RUNS_ON, last=reader.line_num)
                raise StatementError(_line(name, len(rows) + 1), ran)
            rows.append(row)
    except csv.Error as exc:
        raise StatementError(_line(name, reader.line_num), say(m.NOT_CSV, error=exc)) from exc
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows


def _check_widths(body: list[list[str]], header: list[str], first_line: int, name: str) -> None:
    """Refuse a line with fewer cells than the header names: it was cut short or mangled."""
    width = max((i + 1 for i, cell in enumerate(header) if cell.strip()), default=0)
    for offset, row in enumerate(body):
        if any(cell.strip() for cell in row) and len(row) < width:
            last = header[len(row)].strip() if len(row) < len(header) else ""
            fewer = say(m.FEWER_CELLS, cells=len(row), width=width, last=last)
            raise StatementError(_line(name, first_line + offset), fewer)


def _column_name(key: str, header: Sequence[str], named: Sequence[str]) -> str:
    """The column as the file names it: its header cell, else its position, with the name
    the bank gives it (`named`: ABN AMRO's) where there is one."""
    if key.isdigit():
        position = int(key)
        if position < len(named):
            return say(m.COLUMN_AT, position=position + 1, name=named[position])
        return say(m.COLUMN_NUMBER, position=position + 1)
    for cell in header:
        if normalise_header(cell) == key:
            return f'"{cell.strip()}"'
    return f'"{key}"'


def _line(name: str, line: int) -> str:
    return say(m.FILE_LINE, name=name, line=line) if name else say(m.LINE, line=line)


# --- statements -------------------------------------------------------------------------------


def _statements(rows: list[Row], balances: bool, name: str) -> tuple[Statement, ...]:
    accounts: dict[str, list[Row]] = {}
    for row in rows:
        accounts.setdefault(row.account, []).append(row)
    statements = []
    for number, (account, own) in enumerate(accounts.items(), start=1):
        _one_currency(own, name)
        ordered = _chronological(own, balances, name)
        entries = _unique_references([row.entry for row in ordered])
        opening = closing = None
        if balances and ordered[0].before is not None and ordered[-1].after is not None:
            opening, closing = ordered[0].before, ordered[-1].after
        statement = Statement(
            account_iban=account,
            currency=ordered[0].currency,
            entries=tuple(
                replace(entry, number=index) for index, entry in enumerate(entries, start=1)
            ),
            opening_balance=opening,
            opening_date=ordered[0].entry.booking_date if opening is not None else None,
            closing_balance=closing,
            closing_date=ordered[-1].entry.booking_date if closing is not None else None,
            number=number,
        )
        problem = statement.balance_problem()
        if problem:  # cannot happen after the row-by-row check; kept as the final word
            raise StatementError(say(m.FILE_ACCOUNT, name=name, account=account), problem)
        statements.append(statement)
    return tuple(statements)


def _one_currency(rows: list[Row], name: str) -> None:
    """Refuse an account's lines in several currencies (Revolut's currency accounts share an
    IBAN): a statement and its balances are in one currency."""
    for row in rows:
        if row.currency != rows[0].currency:
            mixed = say(m.MIXED_CURRENCIES, currency=row.currency, first=rows[0].currency)
            raise StatementError(_line(name, row.line), mixed)


def _chronological(rows: list[Row], balances: bool, name: str) -> list[Row]:
    """Return `rows` oldest first (exports list newest first too), balances chained."""
    for row in rows:
        if row.before is None and row.after is not None:
            row.before = row.after - row.entry.amount
        elif row.after is None and row.before is not None:
            row.after = row.before + row.entry.amount
    has_balances = balances and all(row.before is not None for row in rows)
    forward, backward = rows, rows[::-1]
    first, last = rows[0].entry.booking_date, rows[-1].entry.booking_date
    candidates = [backward, forward] if first > last else [forward, backward]
    if not has_balances:
        return candidates[0]
    problems = [_chain_problem(candidate) for candidate in candidates]
    for candidate, problem in zip(candidates, problems, strict=True):
        if problem is None:
            return candidate
    line, message = problems[0] or (0, "")
    raise StatementError(_line(name, line), message)


def _chain_problem(rows: list[Row]) -> tuple[int, str] | None:
    for previous, row in pairwise(rows):
        if previous.after != row.before:
            chain = {"before": row.before, "line": previous.line, "after": previous.after}
            return row.line, say(m.BALANCE_CHAIN, **chain)
    return None


def _unique_references(entries: list[Entry]) -> list[Entry]:
    counts: dict[str, int] = {}
    for entry in entries:
        if entry.bank_reference:
            counts[entry.bank_reference] = counts.get(entry.bank_reference, 0) + 1
    return [
        replace(e, bank_reference="") if counts.get(e.bank_reference, 0) > 1 else e for e in entries
    ]
