"""What the ledger keeps of a UBL document: whose it is, what kind, and its amounts.

Pure: the import (`innen.ledger.importing.ubl`) calls these with the organisation's identity
and writes what they return. Every refusal is a translatable `Text` naming the reason.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from innen.formats import ubl_messages as m
from innen.formats.ubl import UblError, due_date
from innen.formats.ubl_records import CREDIT_NOTE, INVOICE, Party, UblDocument
from innen.money import ZERO, round_cents
from innen.translatable import say

# When an invoice names no due date and no term, the statutory term applies: 30 days
# (art. 6:119a lid 2 and 6:96 BW, for a business; the same for a consumer in practice).
STATUTORY_TERM_DAYS = 30
_NOT_ID = re.compile(r"[^0-9A-Za-z]")


@dataclass(frozen=True)
class Identity:
    """Who the organisation is, as the seller of an invoice must be."""

    kvk_number: str = ""
    vat_number: str = ""
    iban: str = ""


@dataclass(frozen=True)
class LedgerEntry:
    """The invoice or credit note the ledger gets from a document."""

    kind: str
    number: str
    issue_date: date
    due_date: date | None  # None for a credit note
    amount_excl_vat: Decimal
    vat_amount: Decimal
    total: Decimal
    payment_reference: str
    credited_invoice: str


def compact(value: str) -> str:
    """An identifier without spaces, dots and dashes, in capitals: as they compare."""
    return _NOT_ID.sub("", value).upper()


def supplier_problem(doc: UblDocument, identity: Identity) -> str | None:
    """Why the document's seller is not the organisation (None: it is, by KvK, VAT or IBAN)."""
    ours = {compact(v) for v in (identity.kvk_number, identity.vat_number, identity.iban) if v}
    if not ours:
        return say(m.NO_OWN_IDENTITY)
    seller = doc.supplier or Party()
    theirs = {compact(v) for v in (seller.kvk_number, *seller.vat_numbers, *doc.payee_ibans) if v}
    if seller.endpoint_id.startswith(("0106:", "9944:")):
        theirs.add(compact(seller.endpoint_id.partition(":")[2]))
    if ours & theirs:
        return None
    shown = ", ".join(sorted(theirs)) or "-"
    return say(m.NOT_OUR_INVOICE, seller=seller.name or "-", identifiers=shown)


def customer_number(party: Party) -> str:
    """The number the customer has in the ledger, as the file says it (may be "")."""
    if party.account_id:
        return party.account_id
    if party.identifiers:
        return party.identifiers[0]
    return ""


def ledger_entry(doc: UblDocument) -> LedgerEntry:
    """The entry for `doc`, which passed the rules (`ubl_rules.check`); raise UblError when
    the ledger cannot hold it: not in euros, nothing to pay, or amounts beyond cents."""
    if doc.currency.upper() != "EUR":
        raise UblError(say(m.ONLY_EUR, currency=doc.currency))
    payable = doc.totals.payable
    assert payable is not None and doc.issue_date is not None  # BR-15 and BR-03 passed
    vat = doc.vat_in_currency or ZERO
    kind = doc.kind
    if payable < ZERO and kind == INVOICE:  # a negative invoice corrects an earlier one
        kind, payable, vat = CREDIT_NOTE, -payable, -vat
    if payable <= ZERO:
        raise UblError(say(m.NOTHING_DUE, amount=payable))
    for amount in (payable, vat):
        if amount != round_cents(amount):
            raise UblError(say(m.BEYOND_CENTS, amount=amount))
    return LedgerEntry(
        kind=kind,
        number=doc.number,
        issue_date=doc.issue_date,
        due_date=due_date(doc, STATUTORY_TERM_DAYS) if kind == INVOICE else None,
        amount_excl_vat=payable - vat,
        vat_amount=vat,
        total=payable,
        payment_reference=next((p for p in doc.payment_ids if len(p) <= 35), ""),
        credited_invoice=doc.credited_invoices[0]
        if kind == CREDIT_NOTE and doc.credited_invoices
        else "",
    )
