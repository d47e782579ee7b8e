"""The VAT breakdown rules (BR-CO-17, the -08 rules), with the schematron's tolerances, on
documents made here as records."""

from decimal import Decimal as D

from innen.formats.ubl_records import Taxed, UblDocument, VatBreakdown, VatTotal
from innen.formats.ubl_vat_rules import VAT_RULES


def a_document(*parts: VatBreakdown, lines=(), allowances=(), charges=()) -> UblDocument:
    return UblDocument(
        root="Invoice",
        vat_totals=(VatTotal(None, "EUR", parts),),
        lines=tuple(lines),
        allowances=tuple(allowances),
        charges=tuple(charges),
    )


def fails(rule: str, document: UblDocument) -> bool:
    return VAT_RULES[rule](document) is not None


def test_the_vat_of_a_category_is_its_taxable_amount_times_its_rate_within_one():
    def vat(amount: str) -> UblDocument:
        return a_document(VatBreakdown("S", D("21"), D("100.00"), D(amount)))

    assert not fails("BR-CO-17", vat("21.00"))
    assert not fails("BR-CO-17", vat("21.99"))
    assert not fails("BR-CO-17", vat("-21.00"))  # the schematron compares absolute values
    assert fails("BR-CO-17", vat("22.00"))
    assert fails("BR-CO-17", vat("20.00"))


def test_a_rate_that_rounds_to_zero_wants_vat_that_rounds_to_zero():
    assert not fails("BR-CO-17", a_document(VatBreakdown("Z", D("0"), D("100"), D("0.49"))))
    assert fails("BR-CO-17", a_document(VatBreakdown("Z", D("0"), D("100"), D("0.50"))))
    assert fails("BR-CO-17", a_document(VatBreakdown("E", None, D("100"), D("5.00"))))


def test_the_vat_message_names_the_rule_and_both_amounts():
    message = VAT_RULES["BR-CO-17"](a_document(VatBreakdown("S", D("21"), D("100"), D("25"))))
    assert message == (
        "BR-CO-17: the VAT of category S at 21% on 100.00 is 25.00, but the rate gives 21.00"
    )


def test_a_standard_rate_is_what_its_lines_and_charges_less_allowances_add_up_to():
    at_21 = [Taxed(D("80"), "S", D("21")), Taxed(D("30"), "S", D("21.00"))]
    other = [Taxed(D("50"), "S", D("9")), Taxed(D("7"), "Z", D("0"))]
    allowance = [Taxed(D("20"), "S", D("21"))]
    charge = [Taxed(D("10.50"), "S", D("21"))]

    def taxable(amount: str) -> UblDocument:
        part = VatBreakdown("S", D("21"), D(amount), None)
        return a_document(part, lines=at_21 + other, allowances=allowance, charges=charge)

    assert not fails("BR-S-08", taxable("100.50"))
    assert not fails("BR-S-08", taxable("101.49"))  # within 1 either way
    assert fails("BR-S-08", taxable("101.50"))
    assert fails("BR-S-08", taxable("150.50"))  # the 9% line is not at this rate


def test_a_standard_rate_nothing_is_at_fails():
    part = VatBreakdown("S", D("6"), D("0"), None)
    assert fails("BR-S-08", a_document(part, lines=[Taxed(D("10"), "S", D("21"))]))


def test_the_other_categories_want_the_exact_sum_of_their_lines_and_adjustments():
    lines = [Taxed(D("100"), "E"), Taxed(D("40"), "S", D("21"))]
    allowances = [Taxed(D("10"), "E")]

    def taxable(amount: str) -> UblDocument:
        return a_document(
            VatBreakdown("E", D("0"), D(amount), None), lines=lines, allowances=allowances
        )

    assert not fails("BR-E-08", taxable("90.00"))
    assert fails("BR-E-08", taxable("90.01"))
    assert fails("BR-E-08", taxable("100"))


def test_intra_community_supply_is_category_k():
    lines = [Taxed(D("100"), "K", D("0"))]
    assert not fails("BR-IC-08", a_document(VatBreakdown("K", D("0"), D("100"), None), lines=lines))
    assert fails("BR-IC-08", a_document(VatBreakdown("K", D("0"), D("99"), None), lines=lines))
    message = VAT_RULES["BR-IC-08"](
        a_document(VatBreakdown("K", D("0"), D("99"), None), lines=lines)
    )
    assert message is not None and message.startswith("BR-IC-08: ")
