"""MT940 bank statements (SWIFT customer statement) as Dutch banks export them: pure reader.

The `mt-940` package splits the tags and reads `:25:`, `:60F:`/`:62F:` and `:61:`; this module
splits the file into its statements (one per `:20:`); `innen.formats.mt940_details` reads the
`:86:` details, because each bank writes them its own way.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import mt940  # the `mt-940` package (absolute import: not this module)

from innen.formats import messages as m
from innen.formats.csv_table import one_line_end
from innen.formats.messages import comma, say
from innen.formats.mt940_dates import refuse_impossible_dates
from innen.formats.mt940_details import NO_REFERENCE, iban, read_details
from innen.formats.statement import (
    Entry,
    Statement,
    StatementError,
    StatementFile,
    described,
    refuse_nul,
)
from innen.identifiers import dutch_account_digits, iban_from_dutch_account
from innen.money import round_cents

FORMAT = "mt940"
# The package logs every field it cannot match, with its regular expression, at ERROR; with no
# logging set up Python prints that to stderr. The reader says what is wrong in its own words.
_PACKAGE_LOG = logging.getLogger("mt940")
_PACKAGE_LOG.addHandler(logging.NullHandler())
_PACKAGE_LOG.propagate = False
_PACKAGE_LOG.setLevel(logging.CRITICAL)
# A `:20:` at the start of a line opens a statement (one MT940 message).
_STATEMENT_START = re.compile(r"^:20:", re.MULTILINE)
_TAG = re.compile(r"^:(?:20|25|28C?|60[FM]|61|62[FM]|64|65|86|NS|13D?|34F|90[DC]):", re.MULTILINE)
_LONG_REFERENCE = re.compile(
    r"^:61:\d{6}[\d ]{0,4}R?[DC][A-Z]?[\d,]+[A-Z][A-Z0-9 ]{3}[^/\n]{17,34}$", re.M
)
_ONE_LINE_TAG = re.compile(r"^:(?:25|28C?|60[FM]|62[FM]|64|65):")
_BIC = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_IBAN = re.compile(r"\b([A-Z]{2}\d{2}[A-Z0-9]{11,30})\b")


def read_mt940(data: bytes, name: str = "", *, check_balances: bool = True) -> StatementFile:
    """Return the statements in the MT940 `data`; raise StatementError naming what is wrong.

    Each statement's opening balance plus its entries must make its closing balance;
    `check_balances=False` skips that (for comparing with other parsers on sample files that
    do not add up, not for importing).
    """
    text = _decode(data)
    if text is None:
        raise StatementError(name, say(m.MT940_NOT_TEXT))
    refuse_nul(text, name)
    refuse_impossible_dates(text, name)
    blocks = _statement_blocks(text)
    bank = bank_of_file(text)
    if not blocks:
        raise StatementError(name, say(m.NO_MT940))
    statements = []
    for number, block in enumerate(blocks, start=1):
        statement = _read_statement(block, number, name, bank)
        problem = statement.balance_problem() if check_balances else None
        if problem:
            raise StatementError(_where(name, statement), say(m.NOT_ADDING_UP, problem=problem))
        statements.append(statement)
    return StatementFile(FORMAT, tuple(statements))


def _decode(data: bytes) -> str | None:
    if b"\x00" in data.strip(b"\x00")[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    # NUL bytes around the text are padding, as the check above lets through; inside, not.
    return one_line_end(text.strip("\x00"))


def _statement_blocks(text: str) -> list[str]:
    """Return the text of each statement: from a `:20:` line up to the next one."""
    starts = [m.start() for m in _STATEMENT_START.finditer(text)]
    if not starts:
        return []
    ends = [*starts[1:], len(text)]
    return [_without_envelope(text[s:e]) for s, e in zip(starts, ends, strict=True)]


def _without_envelope(block: str) -> str:
    """Drop the SWIFT envelope (`-}`, `{5:...}`, `{1:...}{2:...}{4:`) around a statement."""
    lines = []
    details = False  # in a `:86:`, whose lines keep their trailing spaces: they are text
    for line in block.split("\n"):
        stripped = line.strip()
        if stripped.startswith("{") or stripped in ("-", "-}", "}"):
            continue
        if stripped.startswith("-}"):
            continue
        details = line.startswith(":86:") or (details and not line.startswith(":"))
        lines.append(line if details and stripped else line.rstrip())
    return "\n".join(lines).strip("\n") + "\n"


def _where(name: str, statement: Statement | None, number: int = 0, reference: str = "") -> str:
    parts: list[str] = [name] if name else []
    if statement is not None:
        number, reference = statement.number, statement.statement_id
    if reference:
        parts.append(say(m.MT940_STATEMENT_ID, number=number, statement_id=reference))
    elif number:
        parts.append(say(m.STATEMENT, number=number))
    return comma(*parts)


def _read_statement(block: str, number: int, name: str, bank: str) -> Statement:
    reference = block[4:].split("\n", 1)[0].strip()
    where = _where(name, None, number, reference)
    # ASN, SNS and RegioBank put the counterparty IBAN (18+ characters) in the :61: customer
    # reference, where the standard allows 16; the package has a tag for that.
    asn = bool(_LONG_REFERENCE.search(block))
    try:
        transactions = _parse(block, asn=asn)
    except Exception as exc:  # the package raises RuntimeError, ValueError, KeyError, ...
        try:
            transactions = _parse(block, asn=not asn)
        except Exception:
            raise StatementError(where, say(m.NOT_MT940, reason=_reason(exc))) from exc
    info = transactions.data
    opening = _first(
        info, "final_opening_balance", "intermediate_opening_balance", "opening_balance"
    )
    closing = _first(
        info, "final_closing_balance", "intermediate_closing_balance", "closing_balance"
    )
    if opening is None or closing is None:
        raise StatementError(where, say(m.NO_OPENING if opening is None else m.NO_CLOSING))
    currency = str(opening.amount.currency or closing.amount.currency or "EUR")
    account = str(info.get("account_identification") or "").strip()
    if not account:
        raise StatementError(where, say(m.NO_ACCOUNT))
    sequence = str(info.get("statement_number") or "")
    if info.get("sequence_number"):
        sequence += f"/{info['sequence_number']}"
    entries = []
    for index, transaction in enumerate(transactions, start=1):
        try:
            entries.append(_entry(transaction.data, currency, index))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            at = comma(where, say(m.ENTRY_NUMBER, number=index))
            raise StatementError(at, say(m.ENTRY_UNREADABLE, error=exc)) from exc
    return Statement(
        account_iban=_account(account, currency, bank),
        currency=currency,
        entries=_unique_references(entries),
        statement_id=str(info.get("transaction_reference") or reference),
        sequence=sequence,
        opening_balance=_decimal(opening.amount.amount),
        opening_date=_date(opening.date),
        closing_balance=_decimal(closing.amount.amount),
        closing_date=_date(closing.date),
        number=number,
    )


class _Transactions(mt940.models.Transactions):
    """The package's statement, except that every `:61:` opens an entry of its own.

    The package adds a `:61:` to the entry before it when that one has no transaction type
    (`:61:2011301130CN220000,00//19239782213`, Zenith Bank): eight payments become one.
    """

    def _process_statement_tag(self, result: dict[str, Any]) -> None:
        self.transactions.append(mt940.models.Transaction(self, result))


def _parse(block: str, *, asn: bool) -> mt940.models.Transactions:
    tags: dict[int | str, mt940.tags.Tag] | None = {61: mt940.tags.StatementASNB()} if asn else None
    transactions = _Transactions(
        # No `pre_statement` processor: the package's would move 30 February to the 29th.
        processors={"pre_statement": [], "post_transaction_details": []},
        tags=tags,
        options=mt940.Options.all(),
    )
    transactions.parse(_single_line_tags(_normalised(block)))
    return transactions


# Dialects the package does not read, put the standard way before it sees them.
# `:60F:C030106EUR000000002145.00`: old Rabobank exports write amounts with a decimal point.
_POINT_BALANCE = re.compile(r"^(:6[02-5][FM]?:[CD]\d{6}[A-Z]{3}\d*)\.(\d*)$", re.M)
_POINT_AMOUNT = re.compile(r"^(:61:\d{6}(?:\d{4})?R?[CD][A-Z]?\d+)\.(\d{0,2}[A-Z])", re.M)
# `:62M:C020315105000,00`: a balance without its currency (the package would read "105").
_NO_CURRENCY = re.compile(r"^(:6[02-5][FM]?:[CD]\d{6})([\d,]+)$", re.M)
_CURRENCY = re.compile(r"^:6[02][FM]:[CD]\d{6}([A-Z]{3})", re.M)
# `:61:2006080608D12,35 NRTIKREF+`: a space between the amount and the transaction type.
_SPACED_TYPE = re.compile(r"^(:61:\d{6}(?:\d{4})?R?[CD][A-Z]?[\d,]+) (N[A-Z0-9]{3})", re.M)
# `:28C: /1`: a sequence number without statement number (Zenith Bank).
_NO_STATEMENT_NUMBER = re.compile(r"^(:28C?:)\s*/(\d+)$", re.M)


def _normalised(block: str) -> str:
    block = _POINT_BALANCE.sub(r"\1,\2", block)
    block = _POINT_AMOUNT.sub(r"\1,\2", block)
    currency = _CURRENCY.search(block)
    if currency:
        block = _NO_CURRENCY.sub(rf"\g<1>{currency.group(1)}\2", block)
    block = _SPACED_TYPE.sub(r"\1\2", block)
    return _NO_STATEMENT_NUMBER.sub(r"\g<1>0/\2", block)


def _single_line_tags(block: str) -> str:
    """Drop stray lines after one-line tags (`:28C:0000` followed by `0`, as ING once sent)."""
    lines: list[str] = []
    single = False
    statement_line = 0  # lines so far of the current :61:
    for line in block.split("\n"):
        if line.startswith(":"):
            single = bool(_ONE_LINE_TAG.match(line))
            statement_line = 1 if line.startswith(":61:") else 0
        elif single:
            continue
        elif statement_line == 1 and "//" in lines[-1] and re.fullmatch(r"\d+", line):
            # A bank reference wrapped onto the next line (`//00000000001` + `005`).
            lines[-1] += line
            continue
        elif statement_line > 1:
            lines[-1] += line  # supplementary details wrapped over several lines
            continue
        elif statement_line:
            statement_line += 1
        lines.append(line)
    return "\n".join(lines)


def _reason(exc: Exception) -> str:
    # The package raises RuntimeError("Unable to parse ...", tag, value): name the field.
    if len(exc.args) == 3 and isinstance(exc.args[1], mt940.tags.Tag):
        value = str(exc.args[2]).split("\n")[0][:80]
        return say(m.FIELD_INVALID, tag=exc.args[1].id, value=repr(value))
    text = str(exc).strip().split("\n")[0]
    return text[:200] or type(exc).__name__


def _first(info: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if info.get(key) is not None:
            return info[key]
    return None


def _decimal(value: Any) -> Decimal:
    return round_cents(Decimal(value))


def _date(value: Any) -> date | None:
    if value is None:
        return None
    return date(value.year, value.month, value.day)


def _account(account: str, currency: str, bank: str) -> str:
    """Return the IBAN of `:25:` without BIC prefix or currency suffix.

    A Dutch account number (ABN AMRO writes `500950253`, old ING `0001234567`, old Rabobank
    `1291.99.348`) becomes its IBAN when the file says which bank wrote it; any other account
    is returned as written, for the import to refuse by name.
    """
    text = account.replace(" ", "")
    if "/" in text:
        prefix, _, rest = text.partition("/")
        if _BIC.match(prefix) or not prefix.isdigit() or rest.startswith(prefix[:2]):
            text = rest
            bank = _DUTCH_BANK_PREFIXES.get(prefix, prefix[:4] if _dutch_bic(prefix) else bank)
    if text.endswith(currency) and len(text) > len(currency) + 8:
        text = text[: -len(currency)]
    if bank and dutch_account_digits(text) is not None:
        try:
            return iban_from_dutch_account(text, bank)
        except ValueError:
            return text
    return text


# Which bank wrote the file, by the BIC in its header: ABN AMRO and Moneyou open with their BIC
# on a line of its own and `940` under it; ING and Van Lanschot with `0000 01INGBNL2AXXXX00001`;
# SWIFT envelopes with `{1:F01KNABNL2HAXXX...`. Rabobank's old exports open with `:940:`; Triodos
# writes `:25:TRIODOSBANK/0390123456`. A BIC further down names a counterparty's bank, not this.
_HEADER_BIC = re.compile(
    r"\A[\s\x01]*(?:([A-Z]{6}[A-Z0-9]{2})[ \t]*\n\s*940\b"
    r"|\d{4} \d{2}([A-Z]{6}[A-Z0-9]{2})"
    r"|\{1:F01([A-Z]{6}[A-Z0-9]{2}))"
)
_RABOBANK_HEADER = re.compile(r"\A\s*:940:")
_DUTCH_BANK_PREFIXES = {"TRIODOSBANK": "TRIO"}


def bank_of_file(text: str) -> str:
    """The four-letter code of the Dutch bank that wrote the MT940 `text`, "" when not told."""
    header = _HEADER_BIC.match(text)
    if header:
        bic = next(group for group in header.groups() if group)
        return bic[:4] if _dutch_bic(bic) else ""
    if _RABOBANK_HEADER.match(text):
        return "RABO"
    return ""


def _dutch_bic(text: str) -> bool:
    return bool(_BIC.match(text)) and text[4:6] == "NL"


def _entry(data: dict[str, Any], currency: str, number: int) -> Entry:
    status = str(data.get("status") or "").upper()
    amount = _decimal(data["amount"].amount)
    booking = _date(data.get("entry_date")) or _date(data["date"])
    assert booking is not None
    details = read_details(str(data.get("transaction_details") or ""))
    bank_reference = str(data.get("bank_reference") or "").strip()
    customer_reference = str(data.get("customer_reference") or "").strip()
    if bank_reference.upper() in NO_REFERENCE:
        bank_reference = ""
    # Some banks put their own id in the customer reference, others the payer's account or the
    # end-to-end id: those are not the bank's and not unique, so they are left out.
    if (
        not bank_reference
        and customer_reference.upper() not in NO_REFERENCE
        and not _looks_like_account(customer_reference)
        and customer_reference != details.get("end_to_end_id")
    ):
        bank_reference = customer_reference
    extra = str(data.get("extra_details") or "").strip()
    if not details.get("counterparty_iban") and _looks_like_account(extra):
        # Rabobank and ASN/SNS write the counterparty account under the :61: line.
        details["counterparty_iban"] = iban(extra) or extra
    return_reason = details.get("return_reason", "")
    return Entry(
        booking_date=booking,
        value_date=_date(data.get("date")),
        amount=amount,
        currency=str(data["amount"].currency or currency),
        **described(details),
        bank_reference=bank_reference,
        transaction_code=str(data.get("id") or "").strip(),
        is_return=status.startswith("R") or bool(return_reason),
        return_reason=return_reason,
        number=number,
    )


def _looks_like_account(text: str) -> bool:
    compact = text.replace(" ", "")
    return bool(_IBAN.fullmatch(compact)) or (compact.isdigit() and 7 <= len(compact) <= 10)


def _unique_references(entries: list[Entry]) -> tuple[Entry, ...]:
    """Drop a bank reference that several entries share: it would merge them on import."""
    counts = Counter(e.bank_reference for e in entries if e.bank_reference)
    return tuple(
        replace(e, bank_reference="") if counts.get(e.bank_reference, 0) > 1 else e for e in entries
    )
