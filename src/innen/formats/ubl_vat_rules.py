"""The EN 16931 rules on the VAT breakdown (BG-23) innen checks: each category's VAT is its
taxable amount times its rate (BR-CO-17), and each category's taxable amount is what its
lines, charges and allowances add up to (BR-S-08, BR-Z-08, BR-E-08, BR-AE-08, BR-IC-08,
BR-G-08, BR-O-08).

Each as the official UBL schematron (CEN/TC 434, `EN16931-UBL-model.sch`) states it, its
tolerance included: BR-CO-17 and BR-S-08 allow a difference below 1 either way (so rounding
per line or per category passes), the other -08 rules none. Where the schematron does
`cbc:TaxableAmount - 1` in floating point, innen stays exact. The schematron also checks
BR-CO-17 on the VAT breakdown of a line (old UBL has one); innen reads the document's only.

A breakdown whose amount the rule compares is missing passes here (BR-45, BR-46 ask for them;
innen keeps neither amount, so does not check those).
"""

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal

from innen.formats import ubl_messages as m
from innen.formats.ubl_records import Taxed, UblDocument, VatBreakdown
from innen.formats.ubl_xpath import shown, xpath_round, xpath_round_whole
from innen.translatable import Text, say

ZERO = Decimal(0)
ONE = Decimal(1)

# The categories whose -08 rule asks for an exact sum, by rule (K is intra-community supply).
EXACT_CATEGORIES = {
    "BR-Z-08": "Z",
    "BR-E-08": "E",
    "BR-AE-08": "AE",
    "BR-IC-08": "K",
    "BR-G-08": "G",
    "BR-O-08": "O",
}


def _breakdowns(doc: UblDocument) -> Iterator[VatBreakdown]:
    for total in doc.vat_totals:
        yield from total.breakdown


def _within_one(stated: Decimal, computed: Decimal) -> bool:
    return stated - ONE < computed < stated + ONE


def br_co_17(doc: UblDocument) -> Text | None:
    """VAT category tax amount = taxable amount × rate / 100, rounded to cents, within 1; a
    rate that rounds to 0 (or none) wants a tax amount that rounds to 0."""
    for part in _breakdowns(doc):
        if part.amount is None:
            continue
        if part.percent is None or xpath_round_whole(part.percent) == 0:
            if xpath_round_whole(part.amount) != 0:
                return _co_17_failure(part, part.amount, ZERO)
            continue
        if part.taxable is None:
            continue
        computed = xpath_round(abs(part.taxable) * (part.percent / 100))
        if not _within_one(abs(part.amount), computed):
            return _co_17_failure(part, part.amount, computed)
    return None


def _co_17_failure(part: VatBreakdown, stated: Decimal, computed: Decimal) -> Text:
    return say(
        m.BR_CO_17,
        category=part.category or "-",
        percent=str(part.percent) if part.percent is not None else "-",
        taxable=shown(part.taxable) if part.taxable is not None else "-",
        stated=shown(stated),
        computed=shown(computed),
    )


def _sum(items: Sequence[Taxed], category: str, percent: Decimal | None = None) -> Decimal:
    """Σ the amounts of `items` in `category` (and at `percent`, when given)."""
    return sum(
        (
            item.amount
            for item in items
            if item.amount is not None
            and item.category == category
            and (percent is None or item.percent == percent)
        ),
        ZERO,
    )


def _in(items: Sequence[Taxed], category: str, percent: Decimal) -> bool:
    return any(item.category == category and item.percent == percent for item in items)


def br_s_08(doc: UblDocument) -> Text | None:
    """For each standard rate: taxable amount = Σ its lines + its charges − its allowances,
    within 1; something must be at that rate."""
    for part in _breakdowns(doc):
        if part.category != "S" or part.percent is None or part.taxable is None:
            continue
        rate = part.percent
        adjustments = _sum(doc.charges, "S", rate) - _sum(doc.allowances, "S", rate)
        computed = _sum(doc.lines, "S", rate) + adjustments
        adjusted = _in(doc.allowances, "S", rate) or _in(doc.charges, "S", rate)
        holds = (
            (_in(doc.lines, "S", rate) or adjusted) and _within_one(part.taxable, computed)
        ) or (
            # The schematron's branch for the other document kind's lines, which sums none
            # of this document's lines: it passes when the allowances and charges alone do.
            adjusted and _within_one(part.taxable, adjustments)
        )
        if not holds:
            return say(
                m.BR_S_08, percent=str(rate), stated=shown(part.taxable), computed=shown(computed)
            )
    return None


def _exact(rule: str, category: str) -> Callable[[UblDocument], Text | None]:
    def check(doc: UblDocument) -> Text | None:
        computed = (
            _sum(doc.lines, category) + _sum(doc.charges, category) - _sum(doc.allowances, category)
        )
        for part in _breakdowns(doc):
            if part.category != category or part.taxable is None:
                continue
            if not doc.lines or part.taxable != computed:
                return say(
                    m.BR_CATEGORY_08,
                    rule=rule,
                    category=category,
                    stated=shown(part.taxable),
                    computed=shown(computed),
                )
        return None

    check.__doc__ = f"Category {category}: taxable amount = Σ lines + charges − allowances."
    return check


VAT_RULES: dict[str, Callable[[UblDocument], Text | None]] = {
    "BR-CO-17": br_co_17,
    "BR-S-08": br_s_08,
    **{rule: _exact(rule, category) for rule, category in EXACT_CATEGORIES.items()},
}
