"""The layouts of ING, Rabobank, ABN AMRO, Knab and de Volksbank (ASN, SNS, RegioBank): how
each turns one line's cells into an entry. `innen.formats.bank_csv` reads the file and
builds the statements, `innen.formats.bank_csv_recognise` tells which layout a file is, and
`innen.formats.bank_csv_banks` holds the layouts of bunq, Triodos, Revolut Business and
Rabobank before 2018.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from innen.formats import messages as m
from innen.formats.amounts import parse_amount
from innen.formats.dates import parse_date
from innen.formats.messages import reason, say
from innen.formats.mt940_details import read_details
from innen.formats.statement import Entry, described
from innen.identifiers import dutch_account_digits, iban_from_dutch_account

IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")


@dataclass
class Row:
    line: int
    account: str
    currency: str
    entry: Entry
    before: Decimal | None = None  # the balance before this entry, where the file says
    after: Decimal | None = None  # the balance after it


@dataclass(frozen=True)
class Layout:
    format: str
    # normalised header names that must all be present
    required: tuple[str, ...]
    # the entry of one line, or None for a line that never reached the account (pending)
    read: Callable[[dict[str, str], int, str], Row | None]
    balances: bool


def _date(text: str, column: str) -> date:
    value = text.strip()
    if len(value) == 8 and value.isdigit():  # YYYYMMDD
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError as exc:
            raise ValueError(say(m.NO_SUCH_DAY, column=column, value=value)) from exc
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValueError(say(m.NAMED_CELL, column=column, reason=reason(exc))) from exc


def _amount(text: str, column: str) -> Decimal:
    try:
        return parse_amount(text.strip()).value
    except ValueError as exc:
        raise ValueError(say(m.NAMED_CELL, column=column, reason=reason(exc))) from exc


def _iban(text: str) -> str:
    compact = text.replace(" ", "").upper()
    return compact if IBAN.match(compact) else text.strip()


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
ING_ENGLISH = {
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


def _ing(cells: dict[str, str], line: int, name: str) -> Row:
    sign = cells["afbij"].strip().casefold()
    if sign not in ("af", "bij", "debit", "credit"):
        raise ValueError(say(m.ING_SIGN, value=cells["afbij"]))
    amount = _amount(cells.get("bedrageur", ""), "Bedrag (EUR)")
    if amount < 0:
        raise ValueError(say(m.ING_SIGNED_AMOUNT, value=cells["bedrageur"]))
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
    return Row(
        line,
        cells["rekening"].replace(" ", ""),
        "EUR",
        entry,
        after=_amount(after, "Saldo na mutatie") if after else None,
    )


def _rabobank(cells: dict[str, str], line: int, name: str) -> Row:
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
    return Row(
        line,
        own_account(cells["ibanbban"], "RABO"),
        entry.currency,
        entry,
        after=_amount(after, "Saldo na trn") if after else None,
    )


# The ABN AMRO TAB export has no header; its Excel export names the same columns so.
ABN_HEADER = (
    "accountnumber",
    "mutationcode",
    "transactiondate",
    "startsaldo",
    "endsaldo",
    "valuedate",
    "amount",
    "description",
)


def _abnamro(cells: dict[str, str], line: int, name: str) -> Row:
    amount = _amount(cells["6"], "amount")
    booking = _date(cells["2"], "transactiondate")
    details = read_details(cells.get("7", ""))
    before = _amount(cells["3"], "startsaldo")
    after = _amount(cells["4"], "endsaldo")
    if before + amount != after:
        raise ValueError(say(m.ABN_BALANCES, before=before, amount=amount, after=after))
    entry = Entry(
        booking_date=booking,
        value_date=_date(cells["5"], "valuedate") if cells.get("5") else None,
        amount=amount,
        currency=cells.get("1") or "EUR",
        **described(details),
        is_return=bool(details.get("return_reason") or _ABN_RETURN.search(cells.get("7", ""))),
        return_reason=details.get("return_reason", ""),
    )
    return Row(line, own_account(cells["0"], "ABNA"), entry.currency, entry, before, after)


def own_account(text: str, bank: str) -> str:
    """The IBAN of the export's own account at `bank` (ABNA, RABO, ...), as written if not one.

    ABN AMRO writes its account number bare (`500950253`: NLkk ABNA 0500950253); Rabobank's
    "IBAN/BBAN" column held the BBAN before the IBAN.
    """
    account = text.replace(" ", "")
    if dutch_account_digits(account) is None:
        return account
    try:
        return iban_from_dutch_account(account, bank)
    except ValueError:
        return account


# "/TRTP/SEPA Incasso Terugboeking/", "SEPA Terugboeking", "TERUGBOEKING BEA-TRANSACTIE".
_ABN_RETURN = re.compile(r"terugboeking|storno", re.IGNORECASE)


def _knab(cells: dict[str, str], line: int, name: str) -> Row:
    sign = cells["creditdebet"].strip().upper()
    if sign not in ("C", "D"):
        raise ValueError(say(m.KNAB_SIGN, value=cells["creditdebet"]))
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
    return Row(line, cells["rekeningnummer"].replace(" ", ""), entry.currency, entry)


def _volksbank(cells: dict[str, str], line: int, name: str) -> Row:
    """ASN Bank, SNS and RegioBank (all de Volksbank) write the same header-less export."""
    if len(cells) < 18:
        raise ValueError(say(m.VOLKSBANK_COLUMNS))
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
    return Row(line, cells["1"].replace(" ", ""), cells.get("7") or "EUR", entry, before=before)


LAYOUTS = (
    Layout(
        "csv-ing",
        ("datum", "naamomschrijving", "rekening", "tegenrekening", "afbij", "bedrageur"),
        _ing,
        balances=True,
    ),
    Layout(
        "csv-rabobank",
        ("ibanbban", "munt", "datum", "bedrag", "saldonatrn", "tegenrekeningibanbban"),
        _rabobank,
        balances=True,
    ),
    Layout("csv-abnamro", ABN_HEADER, _abnamro, balances=True),
    Layout(
        "csv-knab",
        ("rekeningnummer", "transactiedatum", "creditdebet", "bedrag", "tegenrekeningnummer"),
        _knab,
        balances=False,
    ),
)
# The bank of a de Volksbank export is told by the own IBAN's bank code.
VOLKSBANK = {
    code: Layout(kind, (), _volksbank, balances=True)
    for code, kind in (("ASNB", "csv-asn"), ("SNSB", "csv-sns"), ("RBRB", "csv-regiobank"))
}
ING, RABOBANK, ABN_TAB, KNAB = LAYOUTS


def _structured_reference(text: str) -> str:
    """Return a betalingskenmerk (16 digits) or ISO 11649 RF reference, else ""."""
    compact = "".join(text.split()).upper()
    if len(compact) == 16 and compact.isdigit():
        return compact
    if re.fullmatch(r"RF\d{2}[A-Z0-9]{1,21}", compact):
        return compact
    return ""
