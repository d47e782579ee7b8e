"""Transaction exports of Dutch banks (CSV / TAB) as statements: pure reader.

The layout is told by the header row (or, for the header-less ASN and ABN AMRO exports, by
the shape of the first row):

* ``csv-ing``: "Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij",
  "Bedrag (EUR)","Mutatiesoort","Mededelingen"[,"Saldo na mutatie","Tag"]; newest first;
* ``csv-rabobank``: "IBAN/BBAN","Munt","BIC","Volgnr","Datum","Rentedatum","Bedrag",
  "Saldo na trn","Tegenrekening IBAN/BBAN","Naam tegenpartij",...,"Omschrijving-1..3";
* ``csv-abnamro``: the TAB export (account, currency, date, start balance, end balance, value
  date, amount, description), with or without the Excel header names (accountNumber, ...);
* ``csv-knab``: "KNAB EXPORT", then "Rekeningnummer;Transactiedatum;...;Referentie;Boekdatum";
* ``csv-asn``: no header, 19 columns from "boekingsdatum" to "afschriftnummer".

One Statement per own account. Where the export carries balances (ING "Saldo na mutatie",
Rabobank "Saldo na trn", ABN AMRO start/end balance, ASN balance before the entry) they are
checked row by row and give the opening and closing balance. Lines are numbered as in a
spreadsheet: the first line of the file is line 1.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from itertools import pairwise

from innen.formats.amounts import parse_amount
from innen.formats.csv_table import decode, detect_delimiter, normalise_header
from innen.formats.dates import parse_date
from innen.formats.mt940 import read_details
from innen.formats.statement import (
    Entry,
    Statement,
    StatementError,
    StatementFile,
    refuse_nul,
)

_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")


@dataclass
class _Row:
    line: int
    account: str
    currency: str
    entry: Entry
    before: Decimal | None = None  # the balance before this entry, where the file says
    after: Decimal | None = None  # the balance after it


@dataclass(frozen=True)
class _Layout:
    format: str
    # normalised header names that must all be present
    required: tuple[str, ...]
    read: Callable[[dict[str, str], int, str], _Row]
    balances: bool


def read_bank_csv(data: bytes, name: str = "") -> StatementFile:
    """Return the statements in a Dutch bank's CSV export; raise StatementError if unreadable."""
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        raise StatementError(name, "the file is not text (UTF-8 or Windows-1252)") from exc
    refuse_nul(text, name)
    rows = _rows(text, name)
    if not rows:
        raise StatementError(name, "the file is empty")
    start = 0
    if normalise_header(rows[0][0]) == "knabexport":
        start = 1  # Knab writes a title line above the header
        if len(rows) < 2:
            raise StatementError(name, "line 2: the Knab export has no header line")
    header = rows[start]
    normalised = [normalise_header(cell) for cell in header]
    if {"namedescription", "debitcredit"} <= set(normalised):
        normalised = [_ING_ENGLISH.get(cell, cell) for cell in normalised]
    layout = _layout_for(normalised)
    if layout is not None:
        body = rows[start + 1 :]
        first_line = start + 2
        _check_widths(body, header, first_line, name)
        keyed = [dict(zip(normalised, row, strict=False)) for row in body]
        if layout.format == "csv-abnamro":  # the Excel header names; same reader as TAB
            keyed = [{str(i): r.get(h, "") for i, h in enumerate(_ABN_HEADER)} for r in keyed]
    else:
        headerless = _headerless_layout(header)
        if headerless is None:
            found = ", ".join(repr(cell.strip()) for cell in header if cell.strip())
            raise StatementError(
                _line(name, start + 1),
                "not a bank export this reader knows (ING, Rabobank, ABN AMRO, Knab, ASN); "
                f"the columns found are: {found}",
            )
        layout, body, first_line = headerless, rows[start:], start + 1
        keyed = [{str(i): cell for i, cell in enumerate(row)} for row in body]
    parsed: list[_Row] = []
    for offset, cells in enumerate(keyed):
        line = first_line + offset
        if not any(value.strip() for value in cells.values()):
            continue
        try:
            parsed.append(layout.read({k: v.strip() for k, v in cells.items()}, line, name))
        except ValueError as exc:
            raise StatementError(_line(name, line), str(exc)) from exc
        except KeyError as exc:  # a line cut short: the column the reader needs is not there
            column = _column_name(str(exc.args[0]), header)
            raise StatementError(
                _line(name, line), f"has no {column} (only {len(cells)} cells on this line)"
            ) from exc
    if not parsed:
        raise StatementError(name, "the export holds no transactions")
    return StatementFile(layout.format, _statements(parsed, layout.balances, name))


def _rows(text: str, name: str) -> list[list[str]]:
    lines = text.split("\n")
    first = next((line for line in lines if line.strip()), "")
    if not first:
        return []
    # Knab's title line has only ";" in it: take the delimiter from the line that has most.
    sample = max(lines[:3], key=lambda line: sum(line.count(d) for d in ";,\t"))
    delimiter = detect_delimiter(sample)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise StatementError(name, f"cannot be read as CSV ({exc})") from exc
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows


def _check_widths(body: list[list[str]], header: list[str], first_line: int, name: str) -> None:
    """Refuse a line with fewer cells than the header names: it was cut short or mangled."""
    width = max((i + 1 for i, cell in enumerate(header) if cell.strip()), default=0)
    for offset, row in enumerate(body):
        if any(cell.strip() for cell in row) and len(row) < width:
            last = header[len(row)].strip() if len(row) < len(header) else ""
            raise StatementError(
                _line(name, first_line + offset),
                f'has {len(row)} cells where the header has {width}; "{last}" and the columns '
                "after it are missing (is the line cut short?)",
            )


def _column_name(key: str, header: Sequence[str]) -> str:
    """The column as the file names it: its header cell, or ABN AMRO's name for a position."""
    if key.isdigit():
        position = int(key)
        return f"column {position + 1} ({_ABN_HEADER[position]})" if position < 8 else key
    for cell in header:
        if normalise_header(cell) == key:
            return f'"{cell.strip()}"'
    return f'"{key}"'


def _line(name: str, line: int) -> str:
    return f"{name}, line {line}" if name else f"line {line}"


# --- the layouts ------------------------------------------------------------------------------


def _date(text: str, column: str) -> date:
    value = text.strip()
    if len(value) == 8 and value.isdigit():  # YYYYMMDD
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError as exc:
            raise ValueError(f'{column} "{value}" is not a date that exists') from exc
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValueError(f"{column}: {exc}") from exc


def _amount(text: str, column: str) -> Decimal:
    try:
        return parse_amount(text.strip()).value
    except ValueError as exc:
        raise ValueError(f"{column}: {exc}") from exc


def _iban(text: str) -> str:
    compact = text.replace(" ", "").upper()
    return compact if _IBAN.match(compact) else text.strip()


# ING's "Mededelingen" ("Notifications" in the English export) is one text of labelled parts:
# "Naam: ... Omschrijving: ... IBAN: ... Kenmerk: ... Machtiging ID: ... Incassant ID: ...
# Doorlopende incasso Valutadatum: 02-05-2023" (English: Name, Description, IBAN, Reference,
# Mandate ID, Creditor ID, Value date: 02/10/2023). Each label maps to one key.
_ING_LABELS = {
    "Naam": "name",
    "Name": "name",
    "Omschrijving": "description",
    "Description": "description",
    "IBAN": "iban",
    "Kenmerk": "reference",
    "Reference": "reference",
    "Machtiging ID": "mandate",
    "Mandate ID": "mandate",
    "Incassant ID": "creditor",
    "Creditor ID": "creditor",
    "Valutadatum": "value_date",
    "Value date": "value_date",
    "Datum/Tijd": "time",
    "Date/time": "time",
    "Overige partij": "other",
    "Other party": "other",
    "Pasvolgnr": "card",
    "Card sequence no.": "card",
    "Transactie": "transaction",
    "Transaction": "transaction",
    "Term": "terminal",
    "Valuta": "currency",
    "Currency": "currency",
    "Koers": "rate",
    "Rate": "rate",
    "Opslag": "markup",
    "Mark-up": "markup",
    "Apple Pay": "wallet",
    "Google Pay": "wallet",
    "Referentie": "reference",
    "Mandaat ID": "mandate",
}
_ING_TEXT = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(label) for label in sorted(_ING_LABELS, key=len, reverse=True))
    + r"):\s*"
)
# The English export names the same columns in English; read it as the Dutch one.
_ING_ENGLISH = {
    "date": "datum",
    "namedescription": "naamomschrijving",
    "account": "rekening",
    "counterparty": "tegenrekening",
    "debitcredit": "afbij",
    "amounteur": "bedrageur",
    "transactiontype": "mutatiesoort",
    "notifications": "mededelingen",
    "resultingbalance": "saldonamutatie",
}
# A direct debit the payer had reversed, or a transfer that came back.
_ING_RETURN = re.compile(r"\b(storno|terugboeking|retour|reversal|refund|returned)\b", re.I)


def _ing_parts(text: str) -> tuple[str, dict[str, str]]:
    """Return the text before the first label and the value of each labelled part."""
    matches = list(_ING_TEXT.finditer(text))
    parts: dict[str, str] = {}
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        parts.setdefault(_ING_LABELS[match.group(1)], " ".join(text[match.end() : end].split()))
    lead = " ".join(text[: matches[0].start() if matches else len(text)].split())
    return lead, parts


def _ing_date(text: str, column: str) -> date:
    """ING writes 02-05-2023 in Dutch and 02/05/2023 (day first) in English."""
    return _date(text.split()[0].replace("/", "-"), column)


def _ing(cells: dict[str, str], line: int, name: str) -> _Row:
    sign = cells["afbij"].strip().casefold()
    if sign not in ("af", "bij", "debit", "credit"):
        raise ValueError(f'Af Bij is "{cells["afbij"]}"; expected "Af" or "Bij"')
    amount = _amount(cells.get("bedrageur", ""), "Bedrag (EUR)")
    if amount < 0:
        raise ValueError(f'Bedrag (EUR) is "{cells["bedrageur"]}"; the sign is in Af Bij')
    if sign in ("af", "debit"):
        amount = -amount
    lead, parts = _ing_parts(cells.get("mededelingen", ""))
    description = parts.get("description", "")
    kenmerk = parts.get("reference", "")
    # A betalingskenmerk is what the payer typed as the description ("Omschrijving:
    # 3123738957020002"); "Kenmerk" is the end-to-end id, or a kenmerk in older exports.
    structured = _structured_reference(description) or _structured_reference(kenmerk)
    value_date = None
    if parts.get("value_date"):
        value_date = _ing_date(parts["value_date"], "Valutadatum")
    booking = _date(cells["datum"], "Datum")
    kind = cells.get("mutatiesoort", "")
    entry = Entry(
        booking_date=booking,
        value_date=value_date or booking,
        amount=amount,
        counterparty_iban=_iban(parts.get("iban") or cells.get("tegenrekening", "")),
        counterparty_name=parts.get("name") or cells.get("naamomschrijving", ""),
        structured_reference=structured,
        remittance=description or lead,
        end_to_end_id=""
        if kenmerk.upper() == "NOTPROVIDED" or _structured_reference(kenmerk)
        else kenmerk,
        transaction_code=cells.get("code", ""),
        is_return=bool(_ING_RETURN.search(kind) or _ING_RETURN.search(lead)),
    )
    after = cells.get("saldonamutatie", "")
    return _Row(
        line,
        cells["rekening"].replace(" ", ""),
        "EUR",
        entry,
        after=_amount(after, "Saldo na mutatie") if after else None,
    )


def _rabobank(cells: dict[str, str], line: int, name: str) -> _Row:
    amount = _amount(cells["bedrag"], "Bedrag")
    booking = _date(cells["datum"], "Datum")
    remittance = " ".join(
        " ".join(cells.get(f"omschrijving{i}", "").split()) for i in (1, 2, 3)
    ).strip()
    kenmerk = cells.get("betalingskenmerk", "")
    reference = cells.get("transactiereferentie", "")
    reason = cells.get("redenretour", "")
    entry = Entry(
        booking_date=booking,
        value_date=_date(cells["rentedatum"], "Rentedatum") if cells.get("rentedatum") else None,
        amount=amount,
        currency=cells.get("munt") or "EUR",
        counterparty_iban=_iban(cells.get("tegenrekeningibanbban", "")),
        counterparty_name=cells.get("naamtegenpartij", ""),
        counterparty_bic=cells.get("bictegenpartij", ""),
        structured_reference=_structured_reference(kenmerk) or kenmerk.replace(" ", ""),
        remittance=remittance,
        end_to_end_id="" if reference.upper() == "NOTPROVIDED" else reference,
        bank_reference=cells.get("volgnr", "").lstrip("0"),
        transaction_code=cells.get("code", ""),
        is_return=bool(reason),
        return_reason=reason,
    )
    after = cells.get("saldonatrn", "")
    return _Row(
        line,
        cells["ibanbban"].replace(" ", ""),
        entry.currency,
        entry,
        after=_amount(after, "Saldo na trn") if after else None,
    )


# The ABN AMRO TAB export has no header; its Excel export names the same columns so.
_ABN_HEADER = (
    "accountnumber",
    "mutationcode",
    "transactiondate",
    "startsaldo",
    "endsaldo",
    "valuedate",
    "amount",
    "description",
)


def _abnamro(cells: dict[str, str], line: int, name: str) -> _Row:
    amount = _amount(cells["6"], "amount")
    booking = _date(cells["2"], "transactiondate")
    details = read_details(cells.get("7", ""))
    before = _amount(cells["3"], "startsaldo")
    after = _amount(cells["4"], "endsaldo")
    if before + amount != after:
        raise ValueError(f"start balance {before} + amount {amount} is not the end balance {after}")
    entry = Entry(
        booking_date=booking,
        value_date=_date(cells["5"], "valuedate") if cells.get("5") else None,
        amount=amount,
        currency=cells.get("1") or "EUR",
        counterparty_iban=details.get("counterparty_iban", ""),
        counterparty_name=details.get("counterparty_name", ""),
        counterparty_bic=details.get("counterparty_bic", ""),
        structured_reference=details.get("structured_reference", ""),
        remittance=details.get("remittance", ""),
        end_to_end_id=details.get("end_to_end_id", ""),
        is_return=bool(details.get("return_reason") or _ABN_RETURN.search(cells.get("7", ""))),
        return_reason=details.get("return_reason", ""),
    )
    return _Row(line, cells["0"].replace(" ", ""), entry.currency, entry, before, after)


# "/TRTP/SEPA Incasso Terugboeking/", "SEPA Terugboeking", "TERUGBOEKING BEA-TRANSACTIE".
_ABN_RETURN = re.compile(r"terugboeking|storno", re.IGNORECASE)


def _knab(cells: dict[str, str], line: int, name: str) -> _Row:
    sign = cells["creditdebet"].strip().upper()
    if sign not in ("C", "D"):
        raise ValueError(f'CreditDebet is "{cells["creditdebet"]}"; expected "C" or "D"')
    amount = _amount(cells["bedrag"], "Bedrag")
    if sign == "D":
        amount = -amount
    booking = _date(cells.get("boekdatum") or cells["transactiedatum"], "Boekdatum")
    remittance = " ".join(cells.get("omschrijving", "").split())
    entry = Entry(
        booking_date=booking,
        value_date=_date(cells["valutadatum"], "Valutadatum") if cells.get("valutadatum") else None,
        amount=amount,
        currency=cells.get("valutacode") or "EUR",
        counterparty_iban=_iban(cells.get("tegenrekeningnummer", "")),
        counterparty_name=cells.get("tegenrekeninghouder", ""),
        structured_reference=_structured_reference(remittance),
        remittance=remittance,
        bank_reference=cells.get("referentie", ""),
        transaction_code=cells.get("betaalwijze", ""),
        is_return=bool(_ABN_RETURN.search(cells.get("betaalwijze", ""))),
    )
    return _Row(line, cells["rekeningnummer"].replace(" ", ""), entry.currency, entry)


def _asn(cells: dict[str, str], line: int, name: str) -> _Row:
    if len(cells) < 18:
        raise ValueError("has fewer than the 19 columns of an ASN export")
    amount = _amount(cells["10"], "transactiebedrag")
    before = _amount(cells["8"], "saldo voor mutatie")
    remittance = " ".join(cells.get("17", "").strip("'").split())
    kenmerk = cells.get("16", "").strip("'")
    sequence = cells.get("15", "")
    entry = Entry(
        booking_date=_date(cells["0"], "boekingsdatum"),
        value_date=_date(cells["12"], "valutadatum") if cells.get("12") else None,
        amount=amount,
        currency=cells.get("9") or "EUR",
        counterparty_iban=_iban(cells.get("2", "")),
        counterparty_name=cells.get("3", ""),
        structured_reference=_structured_reference(kenmerk) or _structured_reference(remittance),
        remittance=remittance,
        bank_reference=sequence if sequence.strip("0") else "",
        transaction_code=cells.get("14", ""),
    )
    return _Row(line, cells["1"].replace(" ", ""), cells.get("7") or "EUR", entry, before=before)


_LAYOUTS = (
    _Layout(
        "csv-ing",
        ("datum", "naamomschrijving", "rekening", "tegenrekening", "afbij", "bedrageur"),
        _ing,
        balances=True,
    ),
    _Layout(
        "csv-rabobank",
        ("ibanbban", "munt", "datum", "bedrag", "saldonatrn", "tegenrekeningibanbban"),
        _rabobank,
        balances=True,
    ),
    _Layout("csv-abnamro", _ABN_HEADER, _abnamro, balances=True),
    _Layout(
        "csv-knab",
        ("rekeningnummer", "transactiedatum", "creditdebet", "bedrag", "tegenrekeningnummer"),
        _knab,
        balances=False,
    ),
)
_ASN = _Layout("csv-asn", (), _asn, balances=True)
_ABN_TAB = _LAYOUTS[2]


def _layout_for(normalised: Sequence[str]) -> _Layout | None:
    present = set(normalised)
    for layout in _LAYOUTS:
        if all(column in present for column in layout.required):
            return layout
    return None


def _headerless_layout(first: Sequence[str]) -> _Layout | None:
    cells = [cell.strip() for cell in first]
    date_like = re.compile(r"^(\d{2}-\d{2}-\d{4}|\d{8})$")
    if len(cells) >= 18 and date_like.match(cells[0]) and _IBAN.match(cells[1].replace(" ", "")):
        return _ASN
    if (
        len(cells) >= 7
        and re.fullmatch(r"[A-Z0-9 ]{7,34}", cells[0])
        and re.fullmatch(r"[A-Z]{3}", cells[1])
        and date_like.match(cells[2])
    ):
        return _ABN_TAB
    return None


def _structured_reference(text: str) -> str:
    """Return a betalingskenmerk (16 digits) or ISO 11649 RF reference, else ""."""
    compact = "".join(text.split()).upper()
    if len(compact) == 16 and compact.isdigit():
        return compact
    if re.fullmatch(r"RF\d{2}[A-Z0-9]{1,21}", compact):
        return compact
    return ""


# --- statements -------------------------------------------------------------------------------


def _statements(rows: list[_Row], balances: bool, name: str) -> tuple[Statement, ...]:
    accounts: dict[str, list[_Row]] = {}
    for row in rows:
        accounts.setdefault(row.account, []).append(row)
    statements = []
    for number, (account, own) in enumerate(accounts.items(), start=1):
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
            raise StatementError(f"{name}, account {account}", problem)
        statements.append(statement)
    return tuple(statements)


def _chronological(rows: list[_Row], balances: bool, name: str) -> list[_Row]:
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


def _chain_problem(rows: list[_Row]) -> tuple[int, str] | None:
    for previous, row in pairwise(rows):
        if previous.after != row.before:
            return row.line, (
                f"the balance before this entry ({row.before}) is not the balance after the "
                f"entry on line {previous.line} ({previous.after}): are lines missing or moved?"
            )
    return None


def _unique_references(entries: list[Entry]) -> list[Entry]:
    counts: dict[str, int] = {}
    for entry in entries:
        if entry.bank_reference:
            counts[entry.bank_reference] = counts.get(entry.bank_reference, 0) + 1
    return [
        replace(e, bank_reference="") if counts.get(e.bank_reference, 0) > 1 else e for e in entries
    ]
