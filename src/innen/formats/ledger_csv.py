"""The three ledger files (customers, invoices and credit notes, payments) read into rows.

`read_customers`, `read_invoices` and `read_payments` take the file's bytes and return a
`Parsed`: the rows that are fine and an error for every problem, with line and column.
The caller imports only when `errors` is empty (all or nothing). Nothing here knows the
database: whether a customer number exists is `innen.ledger.importing`'s question.
"""

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Generic, TypeVar

from babel import Locale

from innen.formats import messages as m
from innen.formats.amounts import format_amount
from innen.formats.cells import AmountStyles, Cells
from innen.formats.csv_table import Column, Record, normalise_header, read_table
from innen.formats.errors import LineError
from innen.formats.ledger_columns import CUSTOMER_COLUMNS, INVOICE_COLUMNS, PAYMENT_COLUMNS
from innen.formats.messages import say
from innen.identifiers import clean_dutch_postcode, clean_iban, clean_kvk, clean_vat
from innen.money import ZERO

INVOICE = "invoice"
CREDIT_NOTE = "credit_note"
DOCUMENT_KINDS = {
    **dict.fromkeys(("invoice", "factuur", "f", "inv", "debet", "debit"), INVOICE),
    **dict.fromkeys(
        ("credit", "creditnota", "creditnote", "creditfactuur", "c", "cn", "credit memo"),
        CREDIT_NOTE,
    ),
}
CUSTOMER_KINDS = {
    **dict.fromkeys(("business", "zakelijk", "bedrijf", "b2b", "company"), "business"),
    **dict.fromkeys(("consumer", "consument", "particulier", "b2c", "private"), "consumer"),
}
# What an invoice was for (`innen.law.limitation.SUPPLIES`): a consumer's goods are barred
# after 2 years, services after 5. The empty cell is "not given".
SUPPLIES = {
    **dict.fromkeys(("goods", "goederen", "goed", "product", "producten"), "goods"),
    **dict.fromkeys(("services", "service", "diensten", "dienst"), "services"),
    **dict.fromkeys(("unknown", "onbekend"), "unknown"),
}
LANGUAGES = {
    **dict.fromkeys(("nl", "nederlands", "dutch"), "nl"),
    **dict.fromkeys(("en", "engels", "english"), "en"),
}
# A cell may list several IBANs or invoice numbers; a delimiter inside a cell is quoted.
LIST_SEPARATORS = (";", ",", "|", "\n")

R = TypeVar("R")


@dataclass(frozen=True)
class Parsed(Generic[R]):
    rows: tuple[R, ...]
    errors: tuple[LineError, ...]
    lines: int  # data lines read (blank lines not counted)
    headers: Mapping[str, str]  # field -> header as written in the file
    ignored: tuple[str, ...]  # headers of columns that were not read
    # Lines that had a problem, as read: the database checks look at them too, so that a
    # line's unknown customer is reported along with its bad date.
    failed: tuple[Record, ...] = ()

    def column(self, field: str) -> str:
        return self.headers.get(field, "")


@dataclass(frozen=True)
class CustomerRow:
    """Empty strings mean "not given"; kind, country and language then take the defaults."""

    line: int
    number: str
    name: str
    kind: str
    contact_person: str
    emails: str
    phone: str
    street: str
    postcode: str
    city: str
    country: str
    kvk_number: str
    vat_number: str
    language: str
    segment: str
    notes: str
    external_reference: str
    ibans: tuple[str, ...]


@dataclass(frozen=True)
class InvoiceRow:
    """An invoice or (kind CREDIT_NOTE) a credit note; amounts are positive in both."""

    line: int
    kind: str
    number: str
    customer_number: str
    issue_date: date
    due_date: date | None  # always set for invoices; credit notes have none
    amount_excl_vat: Decimal
    vat_amount: Decimal
    total: Decimal
    payment_reference: str
    external_reference: str
    credited_invoice: str
    supply: str = ""  # goods, services or unknown; empty: the file did not say


@dataclass(frozen=True)
class PaymentRow:
    line: int
    date: date
    amount: Decimal
    customer_number: str
    invoice_numbers: tuple[str, ...]
    payer_name: str
    payer_iban: str
    description: str
    external_reference: str  # from the file, else a fingerprint (see `payment_fingerprint`)
    reference_given: bool


def read_customers(data: bytes, *, check_email: Callable[[str], None]) -> Parsed[CustomerRow]:
    """Read a customers file; `check_email` raises ValueError for a bad address."""
    return _read(data, CUSTOMER_COLUMNS, lambda c: _customer(c, check_email), _customer_key)


def read_invoices(data: bytes) -> Parsed[InvoiceRow]:
    return _read(data, INVOICE_COLUMNS, _invoice, _invoice_key)


def read_payments(data: bytes) -> Parsed[PaymentRow]:
    return _read(data, PAYMENT_COLUMNS, _payment, _payment_key)


def _read(
    data: bytes,
    columns: Sequence[Column],
    read_row: Callable[[Cells], R | None],
    duplicate_key: Callable[[Record, R | None], tuple[str, str, str] | None],
) -> Parsed[R]:
    table = read_table(data, columns)
    errors = list(table.errors)
    styles = AmountStyles()
    rows = []
    failed = []
    keys = []
    for record in table.records:
        row = read_row(Cells(record, table.headers, errors, styles))
        if row is None:
            failed.append(record)
        else:
            rows.append(row)
        keys.append((record.line, duplicate_key(record, row)))
    errors += _duplicates(keys, table.headers)
    return Parsed(
        tuple(rows),
        tuple(sorted(errors)),
        len(table.records),
        table.headers,
        table.ignored,
        tuple(failed),
    )


def _duplicates(
    keys: Iterable[tuple[int, tuple[str, str, str] | None]], headers: Mapping[str, str]
) -> list[LineError]:
    """Return an error for every line whose key an earlier line already had, naming that line.

    Keys come from the cells as written, so a line with other problems is checked too.
    """
    seen: dict[tuple[str, str], int] = {}
    errors = []
    for line, found in keys:
        if found is None:
            continue
        field, value, what = found
        first = seen.setdefault((field, value), line)
        if first != line:
            errors.append(
                LineError(
                    line, headers.get(field, ""), say(m.ALREADY_ON_LINE, what=what, first=first)
                )
            )
    return errors


def _customer_key(record: Record, row: CustomerRow | None) -> tuple[str, str, str] | None:
    number = record.cells.get("number", "")
    return ("number", number, say(m.CUSTOMER_NUMBER, number=number)) if number else None


def _invoice_key(record: Record, row: InvoiceRow | None) -> tuple[str, str, str] | None:
    number = record.cells.get("number", "")
    kind = DOCUMENT_KINDS.get(normalise_header(record.cells.get("kind", "")), INVOICE)
    what = say(m.INVOICE_NUMBER if kind == INVOICE else m.CREDIT_NOTE_NUMBER, number=number)
    return ("number", f"{kind}:{number}", what) if number else None


def _payment_key(record: Record, row: PaymentRow | None) -> tuple[str, str, str] | None:
    reference = record.cells.get("external_reference", "")
    if reference:
        return "external_reference", reference, say(m.PAYMENT_REFERENCE, reference=reference)
    if row is None:
        return None  # a fingerprint needs a good date and amount
    return "", row.external_reference, say(m.SAME_PAYMENT)


def _customer(cells: Cells, check_email: Callable[[str], None]) -> CustomerRow | None:
    country = cells.cleaned("country", _clean_country)
    dutch = country in ("", "NL")
    row = CustomerRow(
        line=cells.line,
        number=cells.required("number"),
        name=cells.required("name"),
        kind=cells.choice("kind", CUSTOMER_KINDS, ""),
        contact_person=cells.text("contact_person"),
        emails=cells.cleaned("emails", lambda text: _clean_emails(text, check_email)),
        phone=cells.text("phone"),
        street=cells.text("street"),
        postcode=cells.cleaned("postcode", clean_dutch_postcode)
        if dutch
        else cells.text("postcode"),
        city=cells.text("city"),
        country=country,
        kvk_number=cells.cleaned("kvk_number", clean_kvk),
        vat_number=cells.cleaned("vat_number", clean_vat),
        language=cells.choice("language", LANGUAGES, ""),
        segment=cells.text("segment"),
        notes=cells.text("notes"),
        external_reference=cells.text("external_reference"),
        ibans=_split_list(cells.cleaned("ibans", _clean_ibans)),
    )
    return row if cells.ok else None


def _clean_emails(text: str, check_email: Callable[[str], None]) -> str:
    addresses = _split_list(text.replace(" ", ","))
    for address in addresses:
        check_email(address)
    return ", ".join(addresses)


def _clean_ibans(text: str) -> str:
    # IBANs are often written in groups of four ("NL91 ABNA ..."), so spaces do not separate.
    return ";".join(clean_iban(part) for part in _split_list(text))


def _split_list(text: str) -> tuple[str, ...]:
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return tuple(part.strip() for part in text.split(LIST_SEPARATORS[0]) if part.strip())


@cache
def _country_codes() -> dict[str, str]:
    """Return two-letter country codes by code and by Dutch and English name (from CLDR)."""
    codes: dict[str, str] = {}
    for locale in ("nl", "en"):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                codes[normalise_header(code)] = code
                codes[normalise_header(name)] = code
    return codes


def _clean_country(text: str) -> str:
    code = _country_codes().get(normalise_header(text))
    if code is None:
        raise ValueError(say(m.NOT_A_COUNTRY))
    return code


def _invoice(cells: Cells) -> InvoiceRow | None:
    kind = cells.choice("kind", DOCUMENT_KINDS, INVOICE)
    number = cells.required("number")
    customer_number = cells.required("customer_number")
    issue_date = cells.date("issue_date", required=True)
    due_date = cells.date("due_date", required=kind == INVOICE)
    cells.currency("currency")
    amounts = _invoice_amounts(cells, kind)
    credited = cells.text("credited_invoice")
    supply = cells.choice("supply", SUPPLIES, "")
    if credited and kind == INVOICE:
        cells.error("credited_invoice", say(m.ONLY_CREDIT_NOTES_CREDIT))
    if kind == INVOICE and issue_date and due_date and due_date < issue_date:
        cells.error("due_date", say(m.DUE_BEFORE_ISSUE, due=f"{due_date:%d-%m-%Y}"))
    if not cells.ok or amounts is None or issue_date is None:
        return None
    excl, vat, total = amounts
    return InvoiceRow(
        line=cells.line,
        kind=kind,
        number=number,
        customer_number=customer_number,
        issue_date=issue_date,
        due_date=due_date if kind == INVOICE else None,
        amount_excl_vat=excl,
        vat_amount=vat,
        total=total,
        payment_reference=cells.text("payment_reference"),
        external_reference=cells.text("external_reference"),
        credited_invoice=credited,
        supply=supply,
    )


def _invoice_amounts(cells: Cells, kind: str) -> tuple[Decimal, Decimal, Decimal] | None:
    """Return (excl. VAT, VAT, total), filling in the one left out; None after an error."""
    excl, vat, total = (cells.amount(f) for f in ("amount_excl_vat", "vat_amount", "total"))
    if not cells.ok:
        return None
    if excl is None and total is None:
        cells.error("total", say(m.GIVE_AN_AMOUNT))
        return None
    given = [amount for amount in (excl, vat, total) if amount]
    if kind == CREDIT_NOTE and given and all(amount < ZERO for amount in given):
        # Accounting packages often export credit notes as negative amounts.
        excl, vat, total = (-a if a is not None else None for a in (excl, vat, total))
    vat = vat if vat is not None else ZERO
    total = total if total is not None else excl + vat  # type: ignore[operator]
    excl = excl if excl is not None else total - vat
    return _checked_amounts(cells, kind, excl, vat, total)


def _checked_amounts(
    cells: Cells, kind: str, excl: Decimal, vat: Decimal, total: Decimal
) -> tuple[Decimal, Decimal, Decimal] | None:
    if total <= ZERO:
        problem = m.INVOICE_NOT_POSITIVE if kind == INVOICE else m.TOTAL_NOT_POSITIVE
        cells.error("total", say(problem, total=format_amount(total)))
    elif vat < ZERO:
        cells.error("vat_amount", say(m.VAT_NEGATIVE, vat=format_amount(vat)))
    elif excl + vat != total:
        amounts = {"total": total, "excl": excl, "vat": vat, "sum": excl + vat}
        cells.error("total", say(m.TOTAL_DOES_NOT_ADD_UP, **_formatted(amounts)))
    return (excl, vat, total) if cells.ok else None


def _formatted(amounts: Mapping[str, Decimal]) -> dict[str, str]:
    return {name: format_amount(amount) for name, amount in amounts.items()}


def _payment(cells: Cells) -> PaymentRow | None:
    day = cells.date("date", required=True)
    amount = cells.amount("amount")
    if not cells.text("amount"):
        cells.required("amount")
    elif amount is not None and amount <= ZERO:
        cells.error("amount", say(m.PAYMENT_NOT_POSITIVE, amount=format_amount(amount)))
    cells.currency("currency")
    payer_iban = cells.cleaned("payer_iban", clean_iban)
    if not cells.ok or day is None or amount is None:
        return None
    row = PaymentRow(
        line=cells.line,
        date=day,
        amount=amount,
        customer_number=cells.text("customer_number"),
        invoice_numbers=_split_list(cells.text("invoice_numbers").replace(" ", ",")),
        payer_name=cells.text("payer_name"),
        payer_iban=payer_iban,
        description=" ".join(cells.text("description").split()),
        external_reference=cells.text("external_reference"),
        reference_given=bool(cells.text("external_reference")),
    )
    if row.reference_given:
        return row
    return replace(row, external_reference=payment_fingerprint(row))


def payment_fingerprint(row: PaymentRow) -> str:
    """Return a stable reference for a payment line without one, so a re-import finds it."""
    text = "|".join((row.date.isoformat(), str(row.amount), row.payer_iban, row.description))
    return "csv:" + hashlib.sha256(text.encode()).hexdigest()[:32]
