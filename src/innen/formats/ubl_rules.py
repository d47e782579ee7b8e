"""The EN 16931 business rules innen checks on a UBL document before it imports it.

These are the rules a collection tool depends on: that the document has what an invoice in
the ledger needs (BR-02 to BR-16), that its totals add up (BR-CO-10 to BR-CO-16: sum of
lines, allowances and charges, VAT, payable) and so does its VAT breakdown (BR-CO-17 and the
categories' -08 rules, `innen.formats.ubl_vat_rules`). Each is checked as the official UBL
schematron (CEN/TC 434) states it, including its rounding: XPath `round(x * 100) div 100`,
which rounds half up towards positive infinity. Rules about code lists, line details and
other fields innen does not keep are not checked (docs/ubl.md lists them).

A rule whose operand is missing passes here; the presence rule (BR-12 to BR-15) says so.
"""

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import NamedTuple

from innen.formats import ubl_messages as m
from innen.formats.ubl_records import UblDocument
from innen.formats.ubl_vat_rules import VAT_RULES
from innen.formats.ubl_xpath import shown as _shown
from innen.formats.ubl_xpath import xpath_round
from innen.translatable import Text, say

ZERO = Decimal(0)


class RuleFailure(NamedTuple):
    rule: str
    message: Text


def _sum(amounts: Sequence[Decimal | None]) -> Decimal:
    return sum((a for a in amounts if a is not None), ZERO)


def _differs(rule_msg: str, stated: Decimal, computed: Decimal) -> Text | None:
    if stated == computed:
        return None
    return say(rule_msg, stated=_shown(stated), computed=_shown(computed))


# Presence ------------------------------------------------------------------------------------


def br_02(doc: UblDocument) -> Text | None:
    return None if doc.number else say(m.BR_02)


def br_03(doc: UblDocument) -> Text | None:
    return None if doc.issue_date else say(m.BR_03)


def br_05(doc: UblDocument) -> Text | None:
    return None if doc.currency else say(m.BR_05)


def br_06(doc: UblDocument) -> Text | None:
    return None if doc.supplier and doc.supplier.name else say(m.BR_06)


def br_07(doc: UblDocument) -> Text | None:
    return None if doc.customer and doc.customer.name else say(m.BR_07)


def br_12(doc: UblDocument) -> Text | None:
    return None if doc.totals.line_extension is not None else say(m.BR_12)


def br_13(doc: UblDocument) -> Text | None:
    return None if doc.totals.tax_exclusive is not None else say(m.BR_13)


def br_14(doc: UblDocument) -> Text | None:
    return None if doc.totals.tax_inclusive is not None else say(m.BR_14)


def br_15(doc: UblDocument) -> Text | None:
    return None if doc.totals.payable is not None else say(m.BR_15)


def br_16(doc: UblDocument) -> Text | None:
    return None if doc.line_amounts else say(m.BR_16)


# Totals --------------------------------------------------------------------------------------


def br_co_10(doc: UblDocument) -> Text | None:
    """Sum of Invoice line net amount = Σ Invoice line net amount."""
    stated = doc.totals.line_extension
    if stated is None:
        return None
    return _differs(m.BR_CO_10, stated, xpath_round(_sum(doc.line_amounts)))


def br_co_11(doc: UblDocument) -> Text | None:
    """Sum of allowances on document level = Σ document level allowance amount."""
    return _document_level(m.BR_CO_11, doc.totals.allowances, doc.document_allowances)


def br_co_12(doc: UblDocument) -> Text | None:
    """Sum of charges on document level = Σ document level charge amount."""
    return _document_level(m.BR_CO_12, doc.totals.charges, doc.document_charges)


def _document_level(
    rule_msg: str, stated: Decimal | None, amounts: Sequence[Decimal | None]
) -> Text | None:
    computed = xpath_round(_sum(amounts))
    if stated is None:
        return say(rule_msg, stated="-", computed=_shown(computed)) if amounts else None
    return _differs(rule_msg, stated, computed)


def br_co_13(doc: UblDocument) -> Text | None:
    """Total without VAT = Σ line net amount - allowances + charges on document level."""
    totals = doc.totals
    if totals.tax_exclusive is None or totals.line_extension is None:
        return None
    computed = totals.line_extension + (totals.charges or ZERO) - (totals.allowances or ZERO)
    return _differs(m.BR_CO_13, totals.tax_exclusive, xpath_round(computed))


def br_co_14(doc: UblDocument) -> Text | None:
    """Invoice total VAT amount = Σ VAT category tax amount (per TaxTotal with a breakdown)."""
    for total in doc.vat_totals:
        if not total.breakdown or total.amount is None:
            continue
        computed = xpath_round(_sum([part.amount for part in total.breakdown]))
        failed = _differs(m.BR_CO_14, total.amount, computed)
        if failed:
            return failed
    return None


def br_co_15(doc: UblDocument) -> Text | None:
    """Total with VAT = total without VAT + the VAT total in the document currency, which
    the document states exactly once."""
    totals = doc.totals
    if totals.tax_inclusive is None or totals.tax_exclusive is None:
        return None
    vat = [t.amount for t in doc.vat_totals if t.currency == doc.currency and t.amount is not None]
    computed = xpath_round(totals.tax_exclusive + (vat[0] if len(vat) == 1 else ZERO))
    if len(vat) != 1:
        return say(m.BR_CO_15, stated=_shown(totals.tax_inclusive), computed="-")
    return _differs(m.BR_CO_15, totals.tax_inclusive, computed)


def br_co_16(doc: UblDocument) -> Text | None:
    """Amount due = total with VAT - paid amount + rounding amount."""
    totals = doc.totals
    if totals.payable is None or totals.tax_inclusive is None:
        return None
    computed = totals.tax_inclusive - (totals.prepaid or ZERO) + (totals.rounding or ZERO)
    if totals.prepaid is not None or totals.rounding is not None:
        computed = xpath_round(computed)
    return _differs(m.BR_CO_16, totals.payable, computed)


RULES: dict[str, Callable[[UblDocument], Text | None]] = {
    "BR-02": br_02,
    "BR-03": br_03,
    "BR-05": br_05,
    "BR-06": br_06,
    "BR-07": br_07,
    "BR-12": br_12,
    "BR-13": br_13,
    "BR-14": br_14,
    "BR-15": br_15,
    "BR-16": br_16,
    "BR-CO-10": br_co_10,
    "BR-CO-11": br_co_11,
    "BR-CO-12": br_co_12,
    "BR-CO-13": br_co_13,
    "BR-CO-14": br_co_14,
    "BR-CO-15": br_co_15,
    "BR-CO-16": br_co_16,
    **VAT_RULES,
}


def check(doc: UblDocument) -> list[RuleFailure]:
    """Every rule `doc` fails, in the order of RULES."""
    return [RuleFailure(rule, text) for rule, fn in RULES.items() if (text := fn(doc))]
