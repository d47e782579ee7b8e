from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from innen.law.allocation import (
    OpenDebt,
    allocate_groups,
    payment_order,
    split_pro_rata,
    split_within_debt,
)

D = Decimal


def test_within_a_debt_a_payment_goes_to_costs_then_interest_then_principal():
    # art. 6:44 lid 1 BW; the worked example of allocation.py
    split = split_within_debt(
        D("150.00"), costs=D("67.50"), interest=D("10.00"), principal=D("100.00")
    )
    assert (split.to_costs, split.to_interest, split.to_principal, split.rest) == (
        D("67.50"),
        D("10.00"),
        D("72.50"),
        D("0.00"),
    )


def test_a_designated_invoice_comes_first():
    debts = [OpenDebt(0, date(2025, 1, 1)), OpenDebt(1, date(2025, 2, 1))]
    assert payment_order(debts, date(2025, 6, 1), designated=1) == [[1], [0]]


def test_due_invoices_come_before_invoices_not_yet_due():
    debts = [OpenDebt(0, date(2025, 9, 1)), OpenDebt(1, date(2025, 5, 1))]
    assert payment_order(debts, date(2025, 6, 1)) == [[1], [0]]


def test_of_due_invoices_the_oldest_comes_first_and_equally_old_ones_share():
    debts = [
        OpenDebt(0, date(2025, 3, 1)),
        OpenDebt(1, date(2025, 1, 1)),
        OpenDebt(2, date(2025, 3, 1)),
    ]
    assert payment_order(debts, date(2025, 6, 1)) == [[1], [0, 2]]


def test_pro_rata_shares_add_up_to_the_amount_in_cents():
    assert split_pro_rata(D("100.00"), [D("1"), D("1"), D("1")]) == [
        D("33.34"),
        D("33.33"),
        D("33.33"),
    ]


def test_groups_are_paid_in_order_and_never_beyond_what_is_open():
    opens = {0: D("50.00"), 1: D("30.00"), 2: D("30.00")}
    shares = allocate_groups(D("65.00"), [[0], [1, 2]], opens.__getitem__)
    assert shares == [(0, D("50.00")), (1, D("7.50")), (2, D("7.50"))]


money = st.decimals(min_value=D("0.00"), max_value=D("100000"), places=2)


@given(money, st.lists(money, min_size=1, max_size=5))
def test_allocation_over_groups_sums_to_the_payment_or_to_everything_open(amount, opens):
    shares = allocate_groups(amount, [list(range(len(opens)))], opens.__getitem__)
    assert sum((s for _, s in shares), D(0)) == min(amount, sum(opens, D(0)))
    assert all(share <= opens[index] for index, share in shares)


@given(money, money, money, money)
def test_split_within_a_debt_sums_to_the_amount(amount, costs, interest, principal):
    split = split_within_debt(amount, costs=costs, interest=interest, principal=principal)
    assert split.to_costs + split.to_interest + split.to_principal + split.rest == amount
    assert split.rest == max(D(0), amount - costs - interest - principal)
