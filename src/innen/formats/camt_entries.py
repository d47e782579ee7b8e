"""One CAMT entry (`Ntry`) into the `Entry`s it holds: camt.052 and camt.053 write them alike.

Per entry: the amount signed by `CdtDbtInd`, booking and value date, the bank's reference,
the bank transaction code and the reversal flag; from the transaction details
(`NtryDtls/TxDtls`) the counterparty, remittance, creditor reference, end-to-end id and
return reason. An entry with several transaction details (a batch) becomes one `Entry` per
transaction when each carries its own amount and they add up to the entry's amount.

The reference of a transaction of a batch is what tells it apart from the others when a
statement comes again (`entry_identities`): the entry's reference (`AcctSvcrRef`, unique per
entry) plus the transaction's place in it, "REF/2". Where every transaction carries its own
reference (`Refs/AcctSvcrRef`), distinct within the entry, that one is kept, as innen did
before: entries imported then keep their identity. Transactions that share a reference (a
bank may give the whole batch one) take the entry's reference and their place instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from xml.etree import ElementTree

from innen.formats import messages as m
from innen.formats.camt_xml import child, children, clean, day, decimal, signed_amount, text
from innen.formats.messages import say
from innen.formats.statement import Entry, StatementError

# Bank transaction subfamilies that mean money coming back: a returned transfer, an unpaid
# (storno'd) direct debit, a payment cancellation.
_RETURN_SUBFAMILIES = {"RRTN", "UPDD", "RPCR"}
_NOT_PROVIDED = "NOTPROVIDED"
# What some banks write where they have no reference: no reference at all.
_NO_REFERENCE = {"NONREF", "NOTPROVIDED", "NOREF", "NONE"}


def read_entry(ntry: ElementTree.Element, where: str, currency: str, own_iban: str) -> list[Entry]:
    """The `Entry`s of one `Ntry`: one, or one per transaction of a batch that adds up."""
    amount, entry_currency = signed_amount(ntry, where)
    if entry_currency and entry_currency != currency:
        currencies = {"entry": entry_currency, "statement": currency}
        raise StatementError(where, say(m.OTHER_CURRENCY, **currencies))
    booking = day(ntry, "BookgDt", where=where) or day(ntry, "ValDt", where=where)
    if booking is None:
        raise StatementError(where, say(m.NO_BOOKING_DATE))
    bank_reference = _reference(ntry, "AcctSvcrRef") or _reference(ntry, "NtryRef")
    reversal = text(ntry, "RvslInd").lower() in ("true", "1")
    code = _transaction_code(ntry)
    details = [tx for d in children(ntry, "NtryDtls") for tx in children(d, "TxDtls")]
    base = Entry(
        booking_date=booking,
        value_date=day(ntry, "ValDt", where=where),
        amount=amount,
        currency=currency,
        bank_reference=bank_reference,
        transaction_code=code,
        is_return=reversal or _is_return_code(code),
        remittance=clean(text(ntry, "AddtlNtryInf")),
    )
    if len(details) == 1:
        return [_with_details(base, details[0], own_iban)]
    parts = _batch_amounts(details, amount, currency) if details else None
    if parts is None:
        return [base]
    references = batch_references(
        bank_reference, [_reference(tx, "Refs", "AcctSvcrRef") for tx in details]
    )
    return [
        _with_details(replace(base, amount=part, bank_reference=reference), tx, own_iban)
        for tx, part, reference in zip(details, parts, references, strict=True)
    ]


def batch_references(entry_reference: str, own: list[str]) -> list[str]:
    """The reference of each transaction of a batch: its own where that is its alone in the
    entry (and not the entry's), else the entry's reference and its place ("" without one)."""
    counts = Counter(own)
    return [
        reference
        if reference and reference != entry_reference and counts[reference] == 1
        else (f"{entry_reference}/{place}" if entry_reference else "")
        for place, reference in enumerate(own, start=1)
    ]


def _reference(element: ElementTree.Element, *path: str) -> str:
    found = text(element, *path)
    return "" if found.upper() in _NO_REFERENCE else found


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
    remittance_info = children(tx, "RmtInf")
    lines = [clean(u.text or "") for r in remittance_info for u in children(r, "Ustrd")]
    remittance = " ".join(line for line in lines if line)
    remittance = remittance or clean(text(tx, "AddtlTxInf")) or base.remittance
    reference = next(
        (
            found
            for info in remittance_info
            for structured in children(info, "Strd")
            if (found := text(structured, "CdtrRefInf", "Ref"))
        ),
        "",
    )
    end_to_end = text(tx, "Refs", "EndToEndId")
    if end_to_end.upper() == _NOT_PROVIDED:
        end_to_end = ""
    return_info = child(tx, "RtrInf")
    reason = ""
    if return_info is not None:
        reason = text(return_info, "Rsn", "Cd") or text(return_info, "Rsn", "Prtry")
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
    parties = child(tx, "RltdPties")
    name = iban = ""
    if parties is not None:
        name = text(parties, role, "Nm") or text(parties, role, "Pty", "Nm")
        iban = text(parties, f"{role}Acct", "Id", "IBAN").replace(" ", "").upper()
    agent = child(tx, "RltdAgts", f"{role}Agt", "FinInstnId")
    bic = ""
    if agent is not None:
        bic = (text(agent, "BIC") or text(agent, "BICFI")).upper()
    return clean(name), iban, bic


def _batch_amounts(
    details: list[ElementTree.Element], total: Decimal, currency: str
) -> list[Decimal] | None:
    """The signed amount of each transaction in a batch, or None when they do not add up."""
    sign = 1 if total >= 0 else -1
    parts = []
    for tx in details:
        amount = child(tx, "AmtDtls", "TxAmt", "Amt")
        if amount is None:
            amount = child(tx, "Amt")
        if amount is None or amount.get("Ccy", currency).upper() != currency:
            return None
        value = decimal(amount.text)
        if value is None or value < 0:
            return None
        indicator = text(tx, "CdtDbtInd").upper()
        tx_sign = {"CRDT": 1, "DBIT": -1}.get(indicator, sign)
        parts.append(value * tx_sign)
    if sum(parts, Decimal(0)) != total:
        return None
    return parts


def _transaction_code(element: ElementTree.Element) -> str:
    domain = child(element, "BkTxCd", "Domn")
    if domain is not None:
        codes = [
            text(domain, "Cd"),
            text(domain, "Fmly", "Cd"),
            text(domain, "Fmly", "SubFmlyCd"),
        ]
        if all(codes):
            return "/".join(codes)
    return text(element, "BkTxCd", "Prtry", "Cd")


def _is_return_code(code: str) -> bool:
    parts = code.split("/")
    return len(parts) == 3 and parts[2] in _RETURN_SUBFAMILIES
