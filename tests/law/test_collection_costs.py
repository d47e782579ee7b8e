from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innen.law.collection_costs import (
    MAXIMUM,
    MINIMUM,
    CostsRule,
    collection_costs,
    statutory_costs,
)

D = Decimal
principals = st.decimals(min_value=0, max_value=5_000_000, places=2, allow_nan=False)


@pytest.mark.parametrize(
    ("principal", "costs", "source"),
    [
        ("3500.00", "475.00", "juridischloket.nl: bankstel of € 3,500"),
        ("10000.00", "875.00", "das.nl: Wat is de hoogte van de incassokosten"),
        ("2500.00", "375.00", "ciberjuristen.nl/veertiendagenbrief"),
        ("5000.00", "625.00", "Besluit BIK art. 2: breakpoint"),
        ("200000.00", "2775.00", "Besluit BIK art. 2: breakpoint"),
        ("1000000.00", "6775.00", "Besluit BIK art. 2: the maximum is reached"),
    ],
)
def test_statutory_scale_matches_the_worked_examples(principal, costs, source):
    assert statutory_costs(D(principal)) == D(costs), source


def test_consumer_costs_never_below_forty_euros():
    assert statutory_costs(D("100.00")) == D("40.00")
    assert statutory_costs(D("266.66")) == D("40.00")
    assert statutory_costs(D("266.67")) == D("40.00")  # 15% = 40.0005, rounded half-up
    assert statutory_costs(D("300.00")) == D("45.00")


def test_consumer_costs_on_several_invoices_are_computed_on_the_sum_of_the_principals():
    # juridischloket.nl: € 100 + € 150 + € 200 in one letter -> scale on € 450, not 3 × € 40
    costs = collection_costs(D("450.00"), consumer=True, invoices=3)
    assert costs.amount == D("67.50")


def test_vat_uplift_raises_minimum_and_maximum_by_21_percent():
    with_vat = CostsRule("statutory", vat_uplift=True)
    low = collection_costs(D("100.00"), consumer=True, rule=with_vat, on=date(2025, 1, 1))
    high = collection_costs(D("5000000"), consumer=True, rule=with_vat, on=date(2025, 1, 1))
    assert (low.amount, low.vat) == (D("48.40"), D("8.40"))
    assert (high.amount, high.vat) == (D("8197.75"), D("1422.75"))


def test_vat_uplift_uses_19_percent_before_october_2012():
    costs = collection_costs(
        D("1000.00"), consumer=True, rule=CostsRule(vat_uplift=True), on=date(2012, 9, 1)
    )
    assert costs.amount == D("178.50")


def test_a_consumer_cannot_be_charged_more_than_the_scale():
    with pytest.raises(ValueError, match=r"art\. 6:96 lid 5"):
        collection_costs(D("1000.00"), consumer=True, rule=CostsRule("agreed_amount", D("200")))


def test_a_consumer_may_be_charged_less_than_the_scale():
    costs = collection_costs(D("1000.00"), consumer=True, rule=CostsRule("agreed_amount", D("25")))
    assert costs.amount == D("25.00")


def test_business_agreed_percentage_replaces_the_scale():
    costs = collection_costs(
        D("10000.00"), consumer=False, rule=CostsRule("agreed_percentage", D("15"))
    )
    assert costs.amount == D("1500.00")


def test_business_agreed_amount_is_never_below_forty_euros_per_invoice():
    costs = collection_costs(
        D("300.00"), consumer=False, rule=CostsRule("agreed_amount", D("50")), invoices=3
    )
    assert costs.amount == D("120.00")


def test_business_statutory_costs_are_at_least_forty_euros_per_late_invoice():
    # CJEU C-585/20: € 40 per late invoice, even when claimed together
    costs = collection_costs(D("300.00"), consumer=False, invoices=3)
    assert costs.amount == D("120.00")


def test_no_costs_rule_gives_nothing():
    assert collection_costs(D("1000"), consumer=True, rule=CostsRule("none")).amount == 0


@given(principals)
def test_costs_are_never_below_the_minimum_nor_above_the_maximum(principal):
    costs = statutory_costs(principal)
    assert MINIMUM <= costs <= MAXIMUM


@given(principals, principals)
def test_costs_never_decrease_when_the_principal_grows(a, b):
    low, high = sorted((a, b))
    assert statutory_costs(low) <= statutory_costs(high)


@given(principals)
def test_vat_uplift_costs_stay_within_the_raised_bounds(principal):
    costs = collection_costs(principal + D("0.01"), consumer=True, rule=CostsRule(vat_uplift=True))
    assert D("48.40") <= costs.amount <= D("8197.75")
