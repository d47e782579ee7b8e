"""Reading ISO 20022 CAMT bank statements (camt.053, and camt.052 where a bank offers only
that) into `StatementFile`.

Pure Python, no Django. Every version from .001.02 on is read the same way, by the elements'
local names, so the namespace only tells the version. A camt.053 `BkToCstmrStmt` holds
statements (`Stmt`); a camt.052 `BkToCstmrAcctRpt` (intraday account report) holds reports
(`Rpt`) with the same balances and entries, read as statements. A ZIP archive of such files
(what several Dutch banks hand out) gives the statements of all of them, in name order; the
XML beneath (several documents in a file, the business application header envelope, a
Latin-1 file declared UTF-8) is `innen.formats.camt_xml`'s, the entries `camt_entries`'.

Balances: the booked opening balance (`OPBD`, else `PRCD`) plus the entries booked by the
closing booked balance's day must make that balance (`CLBD`, else the last interim booked
balance `ITBD`, as a camt.052 gives). An entry the bank lists already but books after that
day (value-dated forward, in `FWAV`) is read and imported but is not in it. A statement with
only available balances (`OPAV`, `CLAV`, ...) or none is not checked, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

from innen.formats import messages as m
from innen.formats.camt_entries import read_entry
from innen.formats.camt_xml import (
    ISO_NAMESPACE,
    Parsed,
    child,
    children,
    day,
    documents,
    local,
    namespace,
    parse,
    signed_amount,
    text,
)
from innen.formats.messages import Text, comma, say
from innen.formats.statement import Entry, Notice, Statement, StatementError, StatementFile
from innen.formats.zip_upload import zip_files

__all__ = ["read_camt053"]

_KNOWN_MESSAGES = {
    "camt.054": say(m.N_("a camt.054 (debit/credit notification)")),
    "camt.060": say(m.N_("a camt.060 (account reporting request)")),
    "pain.001": say(m.N_("a pain.001 (credit transfer order)")),
    "pain.002": say(m.N_("a pain.002 (payment status report)")),
    "pain.008": say(m.N_("a pain.008 (direct debit order)")),
}
# Per message read: its message element and the element of one statement in it.
_READ = {"camt.053": ("BkToCstmrStmt", "Stmt"), "camt.052": ("BkToCstmrAcctRpt", "Rpt")}
_NOT_BOOKED = {"PDNG", "INFO"}
_BOOKED_CODES = {"OPBD", "PRCD", "CLBD", "ITBD"}


def read_camt053(data: bytes, name: str = "", *, check_balances: bool = True) -> StatementFile:
    """Read a CAMT.053 (or .052) XML document or a ZIP archive of them; raise StatementError if
    unreadable.

    `name` is the file name, used only in messages. Each statement's opening balance plus its
    entries must make its closing balance; `check_balances=False` skips that (for comparing
    with other parsers on sample files that do not add up, not for importing).
    """
    if data[:4] == b"PK\x03\x04":
        return _read_zip(data, name, check_balances)
    statements: list[Statement] = []
    versions = []
    notices: list[Notice] = []
    # Some exports put several XML documents one after the other in a single file.
    for part in documents(data):
        parsed = parse(part, name)
        versions.append(_check_message(parsed.root, name))
        notices += _notices(parsed, name)
        statements.extend(_read_document(parsed.root, len(statements) + 1, name, check_balances))
    return StatementFile(format=versions[0], statements=tuple(statements), notices=tuple(notices))


def _read_zip(data: bytes, name: str, check_balances: bool) -> StatementFile:
    statements: list[Statement] = []
    notices: list[Notice] = []
    for member, content in zip_files(data, name):
        parsed = parse(content, member)
        _check_message(parsed.root, member)
        notices += _notices(parsed, member)
        try:
            statements.extend(
                _read_document(parsed.root, len(statements) + 1, member, check_balances)
            )
        except StatementError as error:
            where = comma(member, error.where) if error.where != member else member
            raise StatementError(where, error.message) from None
    return StatementFile(
        format="camt.053 (zip)", statements=tuple(statements), notices=tuple(notices)
    )


def _notices(parsed: Parsed, name: str) -> list[Notice]:
    return [Notice(name, note) for note in parsed.notes]


def _check_message(root: ElementTree.Element, name: str) -> str:
    """The message name and version ("camt.053.001.02"), or a StatementError saying what it is."""
    found, tag = namespace(root.tag), local(root.tag)
    match = ISO_NAMESPACE.match(found)
    if match is None:
        shown = say(m.NAMESPACE, namespace=found) if found else say(m.NO_NAMESPACE)
        raise StatementError(name, say(m.NOT_CAMT053, local=tag, shown=shown))
    area, kind, variant, version = match.groups()
    message = f"{area}.{kind}"
    if message not in _READ:
        what = _KNOWN_MESSAGES.get(message) or say(m.A_MESSAGE, message=message)
        raise StatementError(name, say(m.OTHER_MESSAGE, what=what))
    if variant != "001" or int(version) < 2:
        says = m.CAMT_052_VERSION if kind == "052" else m.CAMT_VERSION
        raise StatementError(name, say(says, variant=f"{kind}.{variant}", version=version))
    if tag != "Document":
        raise StatementError(name, say(m.NOT_DOCUMENT, local=tag))
    return f"{message}.{variant}.{version}"


def _read_document(
    root: ElementTree.Element, first_number: int, name: str, check_balances: bool
) -> list[Statement]:
    message_name, statement_name = _READ[_message_of(root)]
    message = child(root, message_name)
    statements = children(message, statement_name) if message is not None else []
    if not statements:
        raise StatementError(name, say(m.NO_REPORT if statement_name == "Rpt" else m.NO_STATEMENT))
    return [
        _read_statement(element, first_number + offset, check_balances)
        for offset, element in enumerate(statements)
    ]


def _message_of(root: ElementTree.Element) -> str:
    match = ISO_NAMESPACE.match(namespace(root.tag))
    assert match is not None  # checked by _check_message
    return f"{match.group(1)}.{match.group(2)}"


# -- a statement ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Balance:
    code: str
    amount: Decimal
    currency: str
    on: date | None


def _read_statement(element: ElementTree.Element, number: int, check_balances: bool) -> Statement:
    statement_id = text(element, "Id")
    where = (
        say(m.CAMT_STATEMENT_ID, number=number, statement_id=statement_id)
        if statement_id
        else say(m.STATEMENT, number=number)
    )
    iban = text(element, "Acct", "Id", "IBAN") or text(element, "Acct", "Id", "Othr", "Id")
    iban = iban.replace(" ", "").upper()
    balances = [_read_balance(b, where) for b in children(element, "Bal")]
    currency = _currency(element, balances)
    # Balances in another currency (some banks add one per currency) do not count.
    own = [b for b in balances if b.currency in ("", currency)]
    opening, closing = _booked_balances(own)

    entries: list[Entry] = []
    for position, ntry in enumerate(children(element, "Ntry"), start=1):
        entry_where = comma(where, say(m.ENTRY_NUMBER, number=position))
        status = text(ntry, "Sts", "Cd") or text(ntry, "Sts")
        if status.upper() in _NOT_BOOKED:
            continue  # pending or informational: not in the balance, not (yet) money
        for entry in read_entry(ntry, entry_where, currency, iban):
            entries.append(replace(entry, number=len(entries) + 1))

    statement = Statement(
        account_iban=iban,
        currency=currency,
        entries=tuple(entries),
        statement_id=statement_id,
        sequence=text(element, "ElctrncSeqNb") or text(element, "LglSeqNb"),
        opening_balance=opening.amount if opening else None,
        opening_date=opening.on if opening else None,
        closing_balance=closing.amount if closing else None,
        closing_date=closing.on if closing else None,
        number=number,
        booked_by=closing.on if closing else None,
        notes=() if opening and closing else (_unchecked(own),),
    )
    problem = statement.balance_problem() if check_balances else None
    if problem:
        raise StatementError(where, say(m.NOT_ADDING_UP, problem=problem))
    return statement


def _currency(element: ElementTree.Element, balances: list[_Balance]) -> str:
    first_entry_currency = next(
        (
            amount.get("Ccy", "")
            for ntry in children(element, "Ntry")
            if (amount := child(ntry, "Amt")) is not None
        ),
        "",
    )
    return (
        text(element, "Acct", "Ccy")
        or next((b.currency for b in balances if b.code in _BOOKED_CODES), "")
        or first_entry_currency
        or "EUR"
    ).upper()


def _booked_balances(own: list[_Balance]) -> tuple[_Balance | None, _Balance | None]:
    """The opening and closing booked balance: OPBD (else PRCD) and CLBD (else the last ITBD,
    an intraday report's booked balance so far, when it is not the opening one)."""
    interim = [b for b in own if b.code == "ITBD"]
    opening = (
        next((b for b in own if b.code == "OPBD"), None)
        or next((b for b in own if b.code == "PRCD"), None)
        or (interim[0] if len(interim) > 1 else None)
    )
    closing = next((b for b in reversed(own) if b.code == "CLBD"), None)
    if closing is None and interim and interim[-1] is not opening:
        closing = interim[-1]
    return opening, closing


def _unchecked(balances: list[_Balance]) -> Text:
    """Why a statement's entries were not checked against its balances."""
    available = [b.code for b in balances if b.code not in _BOOKED_CODES]
    if available:
        return say(m.ONLY_AVAILABLE_BALANCES, codes=", ".join(dict.fromkeys(available)))
    return say(m.NO_BOOKED_BALANCES)


def _read_balance(element: ElementTree.Element, where: str) -> _Balance:
    code = text(element, "Tp", "CdOrPrtry", "Cd") or text(element, "Tp", "CdOrPrtry", "Prtry")
    code = code.upper()
    balance_where = comma(where, say(m.BALANCE, code=code or say(m.NO_BALANCE_TYPE)))
    amount, currency = signed_amount(element, balance_where)
    on = day(element, "Dt", where=balance_where)
    return _Balance(code=code, amount=amount, currency=currency, on=on)
