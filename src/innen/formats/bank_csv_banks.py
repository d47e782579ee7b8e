"""The CSV layouts of bunq, Triodos, Revolut Business and Rabobank's pre-2018 export: how
each turns one line's cells into an entry. Which layout a file is, is decided in
`innen.formats.bank_csv_recognise`; the older layouts are in `innen.formats.bank_csv_layouts`.

* bunq: "Datum";"Rentedatum";"Bedrag";"Rekening";"Tegenrekening";"Naam";"Omschrijving" (or
  the English Date, Interest Date, Amount, Account, Counterparty, Name, Description); ISO
  dates, signed amounts (decimal comma when semicolon separated); older exports leave out
  the own account.
* Triodos: no header; date (dd-mm-yyyy), own account, amount (decimal comma), "Credit" or
  "Debet", counterparty name, counterparty account, transaction code, description and,
  in newer exports, the balance after the entry.
* Revolut Business: "Date started (UTC)", "Date completed (UTC)", "ID", "Type", "State",
  "Description", "Reference", "Payer", ..., "Payment currency", "Amount", "Total amount",
  "Fee", "Balance", "Account", "Beneficiary IBAN", ...; signed amounts with a decimal point;
  only completed transactions are booked.
* Rabobank before 2018: no header, 19 columns: own account, currency, interest date
  (yyyymmdd), "C" or "D", amount (decimal point), counter account, counter name, booking
  date (yyyymmdd), booking code, filler, six description fields, end-to-end id,
  counterparty id and mandate id (the pre-SEPA export stops after the descriptions).
"""

from __future__ import annotations

import re
from decimal import Decimal

from innen.formats import messages as m
from innen.formats.bank_csv_layouts import (
    IBAN,
    Layout,
    Row,
    _amount,
    _date,
    _iban,
    _structured_reference,
)
from innen.formats.bank_csv_layouts import own_account as account_at
from innen.formats.messages import say
from innen.formats.statement import Entry
from innen.identifiers import clean_iban

_RETURN = re.compile(r"\b(storno|terugboeking|retour)", re.IGNORECASE)
_IBAN_IN_TEXT = re.compile(r"(?<![A-Z0-9])([A-Z]{2}\d{2}[A-Z0-9]{11,30})(?![A-Z0-9])")


def own_account(column: str, name: str, bank: str, example: str) -> str:
    """The own IBAN from its column, else from the file name; ValueError when neither has it.

    bunq's older export and Revolut Business's leave the account out (Revolut names it
    "EUR Main"), so a file named after its IBAN is the way to say which account it is.
    """
    compact = column.replace(" ", "").upper()
    if IBAN.match(compact):
        return compact
    found: set[str] = {iban for iban in _IBAN_IN_TEXT.findall(name.upper()) if _valid(iban)}
    if len(found) == 1:
        return found.pop()
    shown = column or "-"
    raise ValueError(say(m.EXPORT_WITHOUT_ACCOUNT, bank=bank, account=shown, iban=example))


def _valid(iban: str) -> bool:
    try:
        clean_iban(iban)
    except ValueError:
        return False
    return True


# --- bunq ------------------------------------------------------------------------------------

# The English export's columns under the Dutch export's names.
BUNQ_ENGLISH = {
    "date": "datum",
    "interestdate": "rentedatum",
    "amount": "bedrag",
    "account": "rekening",
    "counterparty": "tegenrekening",
    "name": "naam",
    "description": "omschrijving",
}


def _bunq(cells: dict[str, str], line: int, name: str) -> Row:
    cells = {BUNQ_ENGLISH.get(key, key): value for key, value in cells.items()}
    booking = _date(cells["datum"], "Datum")
    remittance = " ".join(cells.get("omschrijving", "").split())
    entry = Entry(
        booking_date=booking,
        value_date=_date(cells["rentedatum"], "Rentedatum") if cells.get("rentedatum") else None,
        amount=_amount(cells["bedrag"], "Bedrag"),
        counterparty_iban=_iban(cells.get("tegenrekening", "")),
        counterparty_name=cells.get("naam", ""),
        structured_reference=_structured_reference(remittance),
        remittance=remittance,
        is_return=bool(_RETURN.search(remittance)),
    )
    account = own_account(cells.get("rekening", ""), name, "bunq", "NL23BUNQ2025123456")
    return Row(line, account, "EUR", entry)


BUNQ = Layout(
    "csv-bunq",
    ("datum", "rentedatum", "bedrag", "tegenrekening", "naam", "omschrijving"),
    _bunq,
    balances=False,
)
BUNQ_EN = Layout(
    "csv-bunq",
    ("date", "interestdate", "amount", "counterparty", "name", "description"),
    _bunq,
    balances=False,
)


# --- Triodos ---------------------------------------------------------------------------------

TRIODOS_SIGNS = {"credit": 1, "debet": -1}
# Triodos's transaction codes for a reversal: storno, SEPA transfer and direct debit reversed.
_TRIODOS_RETURNS = {"ST", "ETST", "EICO"}


def _triodos(cells: dict[str, str], line: int, name: str) -> Row:
    sign = cells["3"].strip().casefold()
    if sign not in TRIODOS_SIGNS:
        raise ValueError(say(m.TRIODOS_SIGN, value=cells["3"]))
    amount = _amount(cells["2"], "bedrag")
    if amount < 0:
        raise ValueError(say(m.TRIODOS_SIGNED_AMOUNT, value=cells["2"]))
    remittance = " ".join(cells.get("7", "").split())
    booking = _date(cells["0"], "datum")
    entry = Entry(
        booking_date=booking,
        value_date=booking,
        amount=amount * TRIODOS_SIGNS[sign],
        counterparty_iban=_iban(cells.get("5", "")),
        counterparty_name=cells.get("4", ""),
        structured_reference=_structured_reference(remittance),
        remittance=remittance,
        transaction_code=cells.get("6", ""),
        is_return=cells.get("6", "").upper() in _TRIODOS_RETURNS
        or bool(_RETURN.search(remittance)),
    )
    after = cells.get("8", "")
    return Row(
        line,
        cells["1"].replace(" ", ""),
        "EUR",
        entry,
        after=_amount(after, "saldo") if after else None,
    )


TRIODOS = Layout("csv-triodos", (), _triodos, balances=True)


# --- Rabobank before 2018 --------------------------------------------------------------------


def _rabobank_old(cells: dict[str, str], line: int, name: str) -> Row:
    sign = cells["3"].strip().upper()
    if sign not in ("C", "D"):
        raise ValueError(say(m.RABOBANK_OLD_SIGN, value=cells["3"]))
    amount = _amount(cells["4"], "bedrag")
    if amount < 0:
        raise ValueError(say(m.RABOBANK_OLD_SIGNED_AMOUNT, value=cells["4"]))
    descriptions = [" ".join(cells.get(str(i), "").split()) for i in range(10, 16)]
    remittance = " ".join(part for part in descriptions if part)
    counter = cells.get("5", "")
    end_to_end = cells.get("16", "")
    entry = Entry(
        booking_date=_date(cells["7"], "boekdatum"),
        value_date=_date(cells["2"], "rentedatum"),
        amount=amount if sign == "C" else -amount,
        currency=cells.get("1") or "EUR",
        counterparty_iban="" if not counter.strip("0 ") else _iban(counter),
        counterparty_name=cells.get("6", ""),
        structured_reference=_structured_reference(remittance)
        or next(filter(None, map(_structured_reference, descriptions)), ""),
        remittance=remittance,
        end_to_end_id="" if end_to_end.upper() == "NOTPROVIDED" else end_to_end,
        transaction_code=cells.get("8", ""),
        is_return=bool(_RETURN.search(remittance)),
    )
    # Before 2014 the own account was the bare account number (BBAN): its IBAN is derived.
    return Row(line, account_at(cells["0"], "RABO"), entry.currency, entry)


RABOBANK_OLD = Layout("csv-rabobank-2013", (), _rabobank_old, balances=False)


# --- Revolut Business ------------------------------------------------------------------------

# "To Jansen B.V.", "Payment from Jansen B.V.", "Money added from JANSEN B.V."
_REVOLUT_NAME = re.compile(r"^(?:to|from|payment from|transfer from|money added from)\s+", re.I)


def _revolut(cells: dict[str, str], line: int, name: str) -> Row | None:
    state = cells.get("state", "COMPLETED").upper()
    completed = cells.get("datecompletedutc", "")
    if state not in ("COMPLETED", "") or not completed:
        return None  # pending, declined or reverted: never on the account
    booking = _date(completed.split()[0].split("T")[0], "Date completed (UTC)")
    total = cells.get("totalamount", "")
    if total:
        amount = _amount(total, "Total amount")
    else:  # older exports: the fee is charged on top of the amount, whatever its sign
        fee = _amount(cells["fee"], "Fee") if cells.get("fee") else Decimal(0)
        amount = _amount(cells["amount"], "Amount") - abs(fee)
    description = " ".join(cells.get("description", "").split())
    reference = " ".join(cells.get("reference", "").split())
    counterparty = (
        cells.get("beneficiaryname")
        or cells.get("sendername")
        or _REVOLUT_NAME.sub("", description)
    )
    entry = Entry(
        booking_date=booking,
        value_date=booking,
        amount=amount,
        currency=cells.get("paymentcurrency") or "EUR",
        counterparty_iban=_iban(cells.get("beneficiaryiban") or cells.get("senderaccount", "")),
        counterparty_name=counterparty,
        counterparty_bic=cells.get("beneficiarybic", ""),
        structured_reference=_structured_reference(reference),
        remittance=reference or description,
        bank_reference=cells.get("id", ""),
        transaction_code=cells.get("type", ""),
    )
    balance = cells.get("balance", "")
    example = "LT353250012345678901"
    account = own_account(cells.get("account", ""), name, "Revolut Business", example)
    after = _amount(balance, "Balance") if balance else None
    return Row(line, account, entry.currency, entry, after=after)


REVOLUT = Layout(
    "csv-revolut-business",
    ("datestartedutc", "datecompletedutc", "id", "type", "description", "amount"),
    _revolut,
    balances=True,
)
