"""Reading ISO 20022 CAMT.053 bank statements (BankToCustomerStatement) into `StatementFile`.

Pure Python, no Django. Every version from camt.053.001.02 on is read the same way, by the
elements' local names, so the namespace only tells the version. A ZIP archive of such XML
files (what several Dutch banks hand out) gives the statements of all of them, in name order.

XML is parsed by defusedxml over the standard library's parser, which refuses any document
type declaration (and so every entity) as the parser meets it, whatever the file's encoding:
a bank statement never has one.

Per entry (`Ntry`): the amount signed by `CdtDbtInd`, booking and value date, the bank's
reference, the bank transaction code and the reversal flag; from the transaction details
(`NtryDtls/TxDtls`) the counterparty, remittance, creditor reference, end-to-end id and
return reason. An entry with several transaction details (a batch) becomes one `Entry` per
transaction when each carries its own amount and they add up to the entry's amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

from innen.formats import messages as m
from innen.formats.messages import comma, say
from innen.formats.statement import Entry, Statement, StatementError, StatementFile
from innen.formats.zip_upload import zip_files

__all__ = ["read_camt053"]

_NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:([a-z]{4})\.(\d{3})\.(\d{3})\.(\d{2})$")
_KNOWN_MESSAGES = {
    "camt.052": say(m.N_("a camt.052 (intraday account report)")),
    "camt.054": say(m.N_("a camt.054 (debit/credit notification)")),
    "camt.060": say(m.N_("a camt.060 (account reporting request)")),
    "pain.001": say(m.N_("a pain.001 (credit transfer order)")),
    "pain.002": say(m.N_("a pain.002 (payment status report)")),
    "pain.008": say(m.N_("a pain.008 (direct debit order)")),
}
# Bank transaction subfamilies that mean money coming back: a returned transfer, an unpaid
# (storno'd) direct debit, a payment cancellation.
_RETURN_SUBFAMILIES = {"RRTN", "UPDD", "RPCR"}
_NOT_PROVIDED = "NOTPROVIDED"
_NOT_BOOKED = {"PDNG", "INFO"}


def read_camt053(data: bytes, name: str = "", *, check_balances: bool = True) -> StatementFile:
    """Read a CAMT.053 XML document or a ZIP archive of them; raise StatementError if unreadable.

    `name` is the file name, used only in messages. Each statement's opening balance plus its
    entries must make its closing balance; `check_balances=False` skips that (for comparing
    with other parsers on sample files that do not add up, not for importing).
    """
    if data[:4] == b"PK\x03\x04":
        return _read_zip(data, name, check_balances)
    statements: list[Statement] = []
    versions = []
    # Some exports put several XML documents one after the other in a single file.
    for part in _documents(data):
        root = _parse(part, name)
        versions.append(_check_camt053(root, name))
        statements.extend(
            _read_document(root, len(statements) + 1, name=name, check_balances=check_balances)
        )
    return StatementFile(format=versions[0], statements=tuple(statements))


def _documents(data: bytes) -> list[bytes]:
    starts = [m.start() for m in re.finditer(rb"<\?xml[ \t\r\n]", data)]
    if len(starts) <= 1 or data[: starts[0]].strip(b"\xef\xbb\xbf \t\r\n"):
        return [data]
    return [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]


# -- containers -------------------------------------------------------------------------------


def _read_zip(data: bytes, name: str, check_balances: bool) -> StatementFile:
    statements: list[Statement] = []
    for member, content in zip_files(data, name):
        root = _parse(content, member)
        _check_camt053(root, member)
        try:
            statements.extend(_read_document(root, len(statements) + 1, member, check_balances))
        except StatementError as error:
            where = comma(member, error.where) if error.where != member else member
            raise StatementError(where, error.message) from None
    return StatementFile(format="camt.053 (zip)", statements=tuple(statements))


def _parse(data: bytes, name: str) -> ElementTree.Element:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    try:
        root: ElementTree.Element = fromstring(data.lstrip(b" \t\r\n"), forbid_dtd=True)
        return root
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise StatementError(name, say(m.XML_DOCTYPE)) from None
    except ElementTree.ParseError as error:
        raise StatementError(name, say(m.NOT_XML, guess=_guess(head), error=error)) from None


def _guess(head: bytes) -> str:
    """What a file that is not XML probably is, for the message."""
    text = head.lstrip()
    if text.startswith((b"{1:", b":20:", b"\r\n:20:", b"\n:20:")) or b"\n:20:" in text[:200]:
        return say(m.LOOKS_LIKE_MT940)
    if text.startswith(b"%PDF"):
        return say(m.IS_A_PDF)
    if text.startswith(b"<"):
        return say(m.MALFORMED)
    return say(m.NO_ANGLE_BRACKET)


def _check_camt053(root: ElementTree.Element, name: str) -> str:
    """The message name and version ("camt.053.001.02"), or a StatementError saying what it is."""
    namespace, _, local = (
        root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
    )
    match = _NAMESPACE.match(namespace)
    if match is None:
        shown = say(m.NAMESPACE, namespace=namespace) if namespace else say(m.NO_NAMESPACE)
        raise StatementError(name, say(m.NOT_CAMT053, local=local, shown=shown))
    area, kind, variant, version = match.groups()
    message = f"{area}.{kind}"
    if message != "camt.053":
        what = _KNOWN_MESSAGES.get(message) or say(m.A_MESSAGE, message=message)
        raise StatementError(name, say(m.OTHER_MESSAGE, what=what))
    if variant != "001" or int(version) < 2:
        raise StatementError(name, say(m.CAMT_VERSION, variant=f"053.{variant}", version=version))
    if local != "Document":
        raise StatementError(name, say(m.NOT_DOCUMENT, local=local))
    return f"camt.053.{variant}.{version}"


def _read_document(
    root: ElementTree.Element, first_number: int, name: str, check_balances: bool
) -> list[Statement]:
    message = _child(root, "BkToCstmrStmt")
    statements = _children(message, "Stmt") if message is not None else []
    if not statements:
        raise StatementError(name, say(m.NO_STATEMENT))
    return [
        _read_statement(element, first_number + offset, check_balances)
        for offset, element in enumerate(statements)
    ]


# -- a statement ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Balance:
    code: str
    amount: Decimal
    currency: str
    on: date | None


def _read_statement(element: ElementTree.Element, number: int, check_balances: bool) -> Statement:
    statement_id = _text(element, "Id")
    where = (
        say(m.CAMT_STATEMENT_ID, number=number, statement_id=statement_id)
        if statement_id
        else say(m.STATEMENT, number=number)
    )
    iban = _text(element, "Acct", "Id", "IBAN") or _text(element, "Acct", "Id", "Othr", "Id")
    iban = iban.replace(" ", "").upper()
    balances = [_read_balance(b, where) for b in _children(element, "Bal")]
    first_entry_currency = next(
        (
            amount.get("Ccy", "")
            for ntry in _children(element, "Ntry")
            if (amount := _child(ntry, "Amt")) is not None
        ),
        "",
    )
    currency = (
        _text(element, "Acct", "Ccy")
        or next((b.currency for b in balances if b.code in ("OPBD", "PRCD", "CLBD")), "")
        or first_entry_currency
        or "EUR"
    ).upper()
    # Balances in another currency (some banks add one per currency) do not count.
    own = [b for b in balances if b.currency in ("", currency)]
    opening = next((b for b in own if b.code == "OPBD"), None) or next(
        (b for b in own if b.code == "PRCD"), None
    )
    closing = next((b for b in reversed(own) if b.code == "CLBD"), None)

    entries: list[Entry] = []
    for position, ntry in enumerate(_children(element, "Ntry"), start=1):
        entry_where = comma(where, say(m.ENTRY_NUMBER, number=position))
        status = _text(ntry, "Sts", "Cd") or _text(ntry, "Sts")
        if status.upper() in _NOT_BOOKED:
            continue  # pending or informational: not in the balance, not (yet) money
        for entry in _read_entry(ntry, entry_where, currency, iban):
            entries.append(replace(entry, number=len(entries) + 1))

    statement = Statement(
        account_iban=iban,
        currency=currency,
        entries=tuple(entries),
        statement_id=statement_id,
        sequence=_text(element, "ElctrncSeqNb") or _text(element, "LglSeqNb"),
        opening_balance=opening.amount if opening else None,
        opening_date=opening.on if opening else None,
        closing_balance=closing.amount if closing else None,
        closing_date=closing.on if closing else None,
        number=number,
    )
    problem = statement.balance_problem() if check_balances else None
    if problem:
        raise StatementError(where, say(m.NOT_ADDING_UP, problem=problem))
    return statement


def _read_balance(element: ElementTree.Element, where: str) -> _Balance:
    code = _text(element, "Tp", "CdOrPrtry", "Cd") or _text(element, "Tp", "CdOrPrtry", "Prtry")
    code = code.upper()
    balance_where = comma(where, say(m.BALANCE, code=code or say(m.NO_BALANCE_TYPE)))
    amount, currency = _signed_amount(element, balance_where)
    on = _date(element, "Dt", where=balance_where)
    return _Balance(code=code, amount=amount, currency=currency, on=on)


# -- an entry ---------------------------------------------------------------------------------


def _read_entry(ntry: ElementTree.Element, where: str, currency: str, own_iban: str) -> list[Entry]:
    amount, entry_currency = _signed_amount(ntry, where)
    if entry_currency and entry_currency != currency:
        currencies = {"entry": entry_currency, "statement": currency}
        raise StatementError(where, say(m.OTHER_CURRENCY, **currencies))
    booking = _date(ntry, "BookgDt", where=where) or _date(ntry, "ValDt", where=where)
    if booking is None:
        raise StatementError(where, say(m.NO_BOOKING_DATE))
    value = _date(ntry, "ValDt", where=where)
    bank_reference = _text(ntry, "AcctSvcrRef") or _text(ntry, "NtryRef")
    reversal = _text(ntry, "RvslInd").lower() in ("true", "1")
    code = _transaction_code(ntry)
    details = [tx for d in _children(ntry, "NtryDtls") for tx in _children(d, "TxDtls")]
    entry_info = _text(ntry, "AddtlNtryInf")

    base = Entry(
        booking_date=booking,
        value_date=value,
        amount=amount,
        currency=currency,
        bank_reference=bank_reference,
        transaction_code=code,
        is_return=reversal or _is_return_code(code),
        remittance=_clean(entry_info),
    )
    if len(details) == 1:
        return [_with_details(base, details[0], own_iban)]
    if len(details) > 1:
        parts = _batch_amounts(details, amount, currency)
        if parts is not None:
            split = []
            for index, (tx, part) in enumerate(zip(details, parts, strict=True), start=1):
                reference = _text(tx, "Refs", "AcctSvcrRef")
                if not reference or reference == bank_reference:
                    reference = f"{bank_reference}/{index}" if bank_reference else ""
                split.append(
                    _with_details(
                        replace(base, amount=part, bank_reference=reference), tx, own_iban
                    )
                )
            return split
    return [base]


def _with_details(base: Entry, tx: ElementTree.Element, own_iban: str) -> Entry:
    code = base.transaction_code or _transaction_code(tx)
    credit = base.amount > 0
    name, iban, bic = _party(tx, "Dbtr" if credit else "Cdtr")
    if not (name or iban) or (iban and iban == own_iban):
        # A storno names the original parties: for a returned direct debit that is us as
        # creditor; the other side is then the counterparty.
        other = _party(tx, "Cdtr" if credit else "Dbtr")
        if (other[0] or other[1]) and other[1] != own_iban:
            name, iban, bic = other
    remittance_info = [r for r in _children(tx, "RmtInf")]
    lines = [_clean(u.text or "") for r in remittance_info for u in _children(r, "Ustrd")]
    remittance = " ".join(line for line in lines if line)
    remittance = remittance or _clean(_text(tx, "AddtlTxInf")) or base.remittance
    reference = ""
    for info in remittance_info:
        for structured in _children(info, "Strd"):
            reference = _text(structured, "CdtrRefInf", "Ref")
            if reference:
                break
        if reference:
            break
    end_to_end = _text(tx, "Refs", "EndToEndId")
    if end_to_end.upper() == _NOT_PROVIDED:
        end_to_end = ""
    return_info = _child(tx, "RtrInf")
    reason = ""
    if return_info is not None:
        reason = _text(return_info, "Rsn", "Cd") or _text(return_info, "Rsn", "Prtry")
    return replace(
        base,
        counterparty_name=name,
        counterparty_iban=iban,
        counterparty_bic=bic,
        structured_reference=re.sub(r"[^0-9A-Za-z]", "", reference).upper(),
        remittance=remittance,
        end_to_end_id=end_to_end,
        transaction_code=code,
        is_return=base.is_return or return_info is not None or _is_return_code(code),
        return_reason=reason,
    )


def _party(tx: ElementTree.Element, role: str) -> tuple[str, str, str]:
    """Name, IBAN and BIC of the debtor ("Dbtr") or creditor ("Cdtr") of a transaction."""
    parties = _child(tx, "RltdPties")
    name = iban = ""
    if parties is not None:
        name = _text(parties, role, "Nm") or _text(parties, role, "Pty", "Nm")
        iban = _text(parties, f"{role}Acct", "Id", "IBAN").replace(" ", "").upper()
    agent = _child(tx, "RltdAgts", f"{role}Agt", "FinInstnId")
    bic = ""
    if agent is not None:
        bic = (_text(agent, "BIC") or _text(agent, "BICFI")).upper()
    return _clean(name), iban, bic


def _batch_amounts(
    details: list[ElementTree.Element], total: Decimal, currency: str
) -> list[Decimal] | None:
    """The signed amount of each transaction in a batch, or None when they do not add up."""
    sign = 1 if total >= 0 else -1
    parts = []
    for tx in details:
        amount = _child(tx, "AmtDtls", "TxAmt", "Amt")
        if amount is None:
            amount = _child(tx, "Amt")
        if amount is None or amount.get("Ccy", currency).upper() != currency:
            return None
        value = _decimal(amount.text)
        if value is None or value < 0:
            return None
        indicator = _text(tx, "CdtDbtInd").upper()
        tx_sign = {"CRDT": 1, "DBIT": -1}.get(indicator, sign)
        parts.append(value * tx_sign)
    if sum(parts, Decimal(0)) != total:
        return None
    return parts


def _transaction_code(element: ElementTree.Element) -> str:
    domain = _child(element, "BkTxCd", "Domn")
    if domain is not None:
        codes = [
            _text(domain, "Cd"),
            _text(domain, "Fmly", "Cd"),
            _text(domain, "Fmly", "SubFmlyCd"),
        ]
        if all(codes):
            return "/".join(codes)
    return _text(element, "BkTxCd", "Prtry", "Cd")


def _is_return_code(code: str) -> bool:
    parts = code.split("/")
    return len(parts) == 3 and parts[2] in _RETURN_SUBFAMILIES


# -- values -----------------------------------------------------------------------------------


def _signed_amount(element: ElementTree.Element, where: str) -> tuple[Decimal, str]:
    amount = _child(element, "Amt")
    text = (amount.text or "").strip() if amount is not None else ""
    if amount is None or not text:
        raise StatementError(where, say(m.NO_AMOUNT))
    value = _decimal(text)
    if value is None or value < 0:
        raise StatementError(where, say(m.INVALID_AMOUNT, text=repr(text)))
    indicator = _text(element, "CdtDbtInd").upper()
    if indicator not in ("CRDT", "DBIT"):
        shown = f" {indicator!r}" if indicator else ""
        raise StatementError(where, say(m.NO_SIGN, shown=shown))
    return (value if indicator == "CRDT" else -value), amount.get("Ccy", "").upper()


def _decimal(text: str | None) -> Decimal | None:
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _date(element: ElementTree.Element, name: str, where: str) -> date | None:
    """The date in <name><Dt> or <name><DtTm> (its date part); also a bare <name>2024-…</name>."""
    holder = _child(element, name)
    if holder is None:
        return None
    text = _text(holder, "Dt") or _text(holder, "DtTm") or (holder.text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise StatementError(where, say(m.XML_DATE, name=name, text=repr(text))) from None


# -- elements by local name -------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(element: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: ElementTree.Element, *path: str) -> ElementTree.Element | None:
    current: ElementTree.Element | None = element
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if _local(c.tag) == name), None)
    return current


def _text(element: ElementTree.Element, *path: str) -> str:
    found = _child(element, *path)
    return (found.text or "").strip() if found is not None else ""


def _clean(text: str) -> str:
    return " ".join(text.split())
