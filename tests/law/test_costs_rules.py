"""When collection costs are due and on what (art. 6:96 BW, Besluit BIK): the rules of issue 23."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from innen.law.claim import Demand, Invoice, Payment, compute_claim
from innen.law.collection_costs import CostsRule
from innen.law.letter_term import letter_costs_from, letter_term

D = Decimal
CONSUMER_450 = Invoice(D("450.00"), date(2026, 5, 1))
LETTER = Demand(date(2026, 6, 1), D("450.00"))  # posted Mon 1 June: costs from 18 June


def test_letter_posted_on_1_june_opens_costs_on_18_june():
    assert letter_term(date(2026, 6, 1), "post").costs_from == date(2026, 6, 18)


def test_paying_what_the_14_day_letter_demanded_within_its_term_owes_no_costs_art_6_96_lid_6():
    # HR 25-11-2016, ECLI:NL:HR:2016:2704: the letter said "pay EUR 450 without extra costs";
    # that the payment went to interest first (art. 6:44) must not bring EUR 40 after all.
    claim = compute_claim(
        debtor="consumer",
        invoices=[CONSUMER_450],
        until=date(2026, 8, 1),
        payments=[Payment(D("450.00"), date(2026, 6, 10))],
        demands=[LETTER],
    )
    assert claim.payments[0].to_interest > 0
    assert claim.collection_costs == 0
    assert claim.costs is None


def test_costs_are_only_on_what_stayed_unpaid_after_the_term_hr_2016_2704():
    claim = compute_claim(
        debtor="consumer",
        invoices=[CONSUMER_450],
        until=date(2026, 8, 1),
        payments=[Payment(D("300.00"), date(2026, 6, 10))],
        demands=[LETTER],
    )
    assert claim.costs is not None and claim.costs.base == D("150.00")
    assert claim.collection_costs == D("40.00")


def test_a_payment_after_the_term_does_not_undo_the_costs():
    claim = compute_claim(
        debtor="consumer",
        invoices=[CONSUMER_450],
        until=date(2026, 8, 1),
        payments=[Payment(D("450.00"), date(2026, 6, 18))],
        demands=[LETTER],
    )
    assert claim.payments[0].to_costs == D("67.50")


def test_a_consumer_without_a_14_day_letter_owes_no_costs_hr_13_06_2014_2014_1405():
    claim = compute_claim(debtor="consumer", invoices=[CONSUMER_450], until=date(2027, 1, 1))
    assert claim.collection_costs == 0
    assert any("veertiendagenbrief" in warning for warning in claim.warnings)


def test_consumer_costs_wait_for_the_longer_term_the_letter_stated_hr_2014_1405():
    starts = letter_costs_from(date(2026, 6, 1), "post", stated=date(2026, 7, 1))
    assert starts == date(2026, 7, 2)
    letter = Demand(date(2026, 6, 1), D("450.00"), costs_from=starts)
    args = {"debtor": "consumer", "invoices": [CONSUMER_450], "demands": [letter]}
    assert compute_claim(**args, until=date(2026, 7, 1)).collection_costs == 0
    assert compute_claim(**args, until=date(2026, 7, 2)).collection_costs == D("67.50")


def test_a_stated_term_shorter_than_the_law_does_not_start_costs_early():
    assert letter_costs_from(date(2026, 6, 1), "post", stated=date(2026, 6, 5)) == date(2026, 6, 18)


def test_consumer_costs_only_on_the_claims_the_letter_named_art_6_96_lid_6():
    # The second invoice fell due after the letter: it is not in its base.
    claim = compute_claim(
        debtor="consumer",
        invoices=[
            Invoice(D("300.00"), date(2026, 1, 31)),
            Invoice(D("1000.00"), date(2026, 4, 30)),
        ],
        until=date(2026, 6, 30),
        demands=[Demand(date(2026, 3, 2), D("300.00"))],
    )
    assert claim.costs is not None and claim.costs.base == D("300.00")
    assert claim.collection_costs == D("45.00")


def test_consumer_costs_never_exceed_what_the_letter_stated_art_6_96_lid_6():
    claim = compute_claim(
        debtor="consumer",
        invoices=[CONSUMER_450],
        until=date(2026, 8, 1),
        demands=[Demand(date(2026, 6, 1), D("450.00"), costs_stated=D("40.00"))],
    )
    assert claim.collection_costs == D("40.00")


def test_six_monthly_consumer_invoices_of_25_with_six_letters_give_costs_on_their_sum():
    # art. 6:96 lid 7 BW and the cumulation of small claims from 1 October 2024 (Stb. 2024,
    # 44): not six letters of EUR 40 each, but the scale on EUR 150 (the EUR 40 minimum).
    invoices = [Invoice(D("25.00"), date(2026, month, 1)) for month in range(1, 7)]
    letters = [
        Demand(date(2026, month, 10), D("25.00"), invoices=(month - 1,)) for month in range(1, 7)
    ]
    claim = compute_claim(
        debtor="consumer", invoices=invoices, until=date(2026, 9, 1), demands=letters
    )
    assert claim.costs is not None and claim.costs.base == D("150.00")
    assert claim.collection_costs == D("40.00")


def test_one_demand_for_all_claims_in_default_costs_on_their_sum_art_6_96_lid_7():
    claim = compute_claim(
        debtor="consumer",
        invoices=[Invoice(D(amount), date(2026, 1, 31)) for amount in ("100", "150", "200")],
        until=date(2026, 6, 30),
        demands=[Demand(date(2026, 3, 2), D("450.00"))],
    )
    assert claim.collection_costs == D("67.50")


def test_a_business_owes_only_the_fixed_40_per_invoice_without_a_demand_art_6_96_lid_4():
    claim = compute_claim(
        debtor="business",
        invoices=[Invoice(D("3500.00"), date(2024, 12, 31)), Invoice(D("100"), date(2025, 1, 31))],
        until=date(2025, 6, 30),
    )
    assert claim.collection_costs == D("80.00")
    assert "6:96 lid 4" in claim.costs.explanation


def test_a_business_owes_the_scale_once_a_written_demand_went_out():
    args = {
        "debtor": "business",
        "invoices": [Invoice(D("3500.00"), date(2024, 12, 31))],
        "demands": [Demand(date(2025, 2, 1), D("3500.00"))],
    }
    assert compute_claim(**args, until=date(2025, 1, 31)).collection_costs == D("40.00")
    assert compute_claim(**args, until=date(2025, 2, 1)).collection_costs == D("475.00")


def test_a_business_invoice_no_demand_reached_keeps_its_fixed_40():
    claim = compute_claim(
        debtor="business",
        invoices=[Invoice(D("3500.00"), date(2024, 12, 31)), Invoice(D("100"), date(2025, 3, 31))],
        until=date(2025, 6, 30),
        demands=[Demand(date(2025, 2, 1))],
    )
    assert claim.collection_costs == D("515.00")  # 475 on the first + 40 on the second


def test_a_business_agreed_amount_also_waits_for_the_demand():
    args = {
        "debtor": "business",
        "invoices": [Invoice(D("1000.00"), date(2025, 1, 31))],
        "costs": CostsRule("agreed_amount", D("150")),
        "until": date(2025, 6, 30),
    }
    assert compute_claim(**args).collection_costs == D("40.00")
    demanded = compute_claim(**args, demands=[Demand(date(2025, 3, 1))])
    assert demanded.collection_costs == D("150.00")


small = st.decimals(min_value=D("1.00"), max_value=D("3000"), places=2)


@settings(max_examples=60, deadline=None)
@given(st.lists(small, min_size=1, max_size=6))
def test_costs_on_the_sum_of_the_demands_never_exceed_separate_letters_stb_2024_44(amounts):
    # Why innen's cumulation is within the Besluit BIK as amended from 1 October 2024: the
    # scale is subadditive, so one computation on the sum is never more than one per letter.
    invoices = [Invoice(amount, date(2026, 1, n + 1)) for n, amount in enumerate(amounts)]
    letters = [
        Demand(date(2026, 2, n + 1), amount, invoices=(n,)) for n, amount in enumerate(amounts)
    ]
    together = compute_claim(
        debtor="consumer", invoices=invoices, until=date(2026, 6, 30), demands=letters
    ).collection_costs
    apart = sum(
        compute_claim(
            debtor="consumer", invoices=[invoice], until=date(2026, 6, 30), demands=[letter]
        ).collection_costs
        for invoice, letter in zip(
            invoices, [Demand(d.sent, d.amount) for d in letters], strict=True
        )
    )
    assert together <= apart


@settings(max_examples=60, deadline=None)
@given(small, st.integers(0, 16), st.sampled_from([D("0"), D("0.01"), D("25")]))
def test_paying_the_demanded_amount_in_the_term_never_brings_costs_art_6_96_lid_6(
    amount, day, more
):
    paid_on = date(2026, 6, 1) + timedelta(days=day)  # from posting to the term's last day
    claim = compute_claim(
        debtor="consumer",
        invoices=[Invoice(amount, date(2026, 5, 1))],
        until=date(2026, 12, 31),
        payments=[Payment(amount + more, paid_on)],
        demands=[Demand(date(2026, 6, 1), amount)],
    )
    assert claim.collection_costs == 0
