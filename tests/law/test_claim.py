from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from innen.law.claim import ClaimInputError, Demand, Invoice, Payment, compute_claim
from innen.law.collection_costs import CostsRule
from innen.law.interest import STATUTORY_INTEREST, agreed_interest
from innen.law.letter_term import letter_term
from innen.law.rates import PUBLISHED, RateRow, RateTables

D = Decimal
NO_COSTS = CostsRule("none")


def test_rentetool_testcase_3_claim_v3kwrs_payments_go_to_costs_then_interest_then_principal():
    # Matthi-code/rentetool docs/05_testcase3.md, claim V3kWRS: € 3,000 from 29-05-2014,
    # statutory interest, € 100 costs; € 1,500 paid 12-12-2014, € 2,500 paid 28-09-2015.
    # rentetool's dates are end-exclusive: its payment on day X is innen's payment on X - 1.
    claim = compute_claim(
        debtor="consumer",
        invoices=[Invoice(D("3000.00"), date(2014, 5, 28))],
        until=date(2015, 9, 27),
        payments=[
            Payment(D("1500.00"), date(2014, 12, 11)),
            Payment(D("2500.00"), date(2015, 9, 27)),
        ],
        interest=STATUTORY_INTEREST,
        costs=CostsRule("agreed_amount", D("100")),
        costs_from=date(2014, 5, 29),  # rentetool takes the costs as due from the start
    )
    first, second = claim.payments
    assert (first.to_costs, first.to_interest, first.to_principal) == (
        D("100.00"),
        D("48.58"),
        D("1351.42"),
    )
    # rentetool: 11.13 interest + 1,664.66 "hoofdsom", which includes the 16.08 interest
    # capitalised on 29-05-2015; innen keeps capitalised interest as interest (art. 6:44).
    assert second.to_interest + second.to_principal == D("11.13") + D("1664.66")
    assert second.to_interest == D("27.21")
    assert claim.invoices[0].interest == D("75.79")
    assert second.unallocated == D("824.21")  # went to V1kWR+1 in the testcase
    assert claim.total == 0


def test_total_is_principal_plus_interest_plus_costs_and_interest_is_the_sum_of_printed_lines():
    claim = compute_claim(
        debtor="business",
        invoices=[
            Invoice(D("1000.00"), date(2023, 12, 31)),
            Invoice(D("250.00"), date(2024, 5, 1)),
        ],
        until=date(2025, 6, 30),
        payments=[Payment(D("300.00"), date(2024, 9, 1))],
    )
    assert claim.total == claim.principal + claim.interest + claim.collection_costs
    for invoice in claim.invoices:
        assert invoice.interest == sum(p.interest for p in invoice.periods)
        assert invoice.interest_open == invoice.interest - invoice.interest_paid


def test_business_claim_defaults_to_commercial_interest_and_consumer_to_statutory():
    args = {"invoices": [Invoice(D("100.00"), date(2024, 1, 1))], "until": date(2024, 6, 1)}
    assert compute_claim(debtor="business", **args).interest_rule.kind == "commercial"
    assert compute_claim(debtor="consumer", **args).interest_rule.kind == "statutory"


def test_consumer_costs_in_one_letter_are_on_the_sum_of_the_principals():
    # art. 6:96 lid 7 BW: one 14-day letter for all claims in default, costs on their sum
    claim = compute_claim(
        debtor="consumer",
        invoices=[
            Invoice(D("100.00"), date(2026, 1, 31)),
            Invoice(D("150.00"), date(2026, 1, 31)),
            Invoice(D("200.00"), date(2026, 1, 31)),
        ],
        until=date(2026, 6, 30),
        demands=[Demand(date(2026, 3, 2), D("450.00"))],
    )
    assert claim.collection_costs == D("67.50")


def test_part_paid_within_the_14_day_term_lowers_the_costs():
    term = letter_term(date(2026, 3, 6), "post")  # received Tue 10 March, term to 24 March
    assert term.costs_from == date(2026, 3, 25)
    claim = compute_claim(
        debtor="consumer",
        invoices=[Invoice(D("3500.00"), date(2026, 2, 28))],
        until=date(2026, 6, 30),
        payments=[Payment(D("1000.00"), date(2026, 3, 20))],
        costs_from=term.costs_from,
    )
    paid = claim.payments[0]
    assert paid.to_costs == 0  # costs were not due yet
    # art. 6:44: 7.67 interest (20 days at 4%) first, so 992.33 principal was paid
    assert (paid.to_interest, paid.to_principal) == (D("7.67"), D("992.33"))
    assert claim.costs.base == D("2507.67")
    assert claim.collection_costs == D("375.77")  # not the 475.00 on the full 3,500


def test_payment_in_full_within_the_term_leaves_no_costs():
    claim = compute_claim(
        debtor="consumer",
        invoices=[Invoice(D("500.00"), date(2026, 2, 28))],
        until=date(2026, 6, 30),
        payments=[Payment(D("510.00"), date(2026, 3, 20))],
        costs_from=date(2026, 3, 25),
    )
    assert claim.collection_costs == 0
    assert claim.payments[0].unallocated > 0


def test_no_costs_before_the_letter_term_has_run():
    claim = compute_claim(
        debtor="consumer",
        invoices=[Invoice(D("500.00"), date(2026, 2, 28))],
        until=date(2026, 3, 24),
        costs_from=date(2026, 3, 25),
    )
    assert claim.collection_costs == 0


def test_capitalised_interest_may_be_added_to_the_costs_base_after_a_year():
    args = {
        "debtor": "consumer",
        "invoices": [Invoice(D("10000.00"), date(2023, 6, 30))],
        "until": date(2025, 6, 30),
        "costs_from": date(2023, 7, 1),
    }
    plain = compute_claim(**args)
    recomputed = compute_claim(**args, costs_on_capitalised_interest=True)
    assert plain.costs.base == D("10000.00")
    assert recomputed.costs.base == D("10000.00") + recomputed.invoices[0].periods[0].interest + (
        recomputed.invoices[0].periods[1].interest
    )
    assert recomputed.collection_costs > plain.collection_costs


def test_vat_part_of_the_costs_is_reported():
    claim = compute_claim(
        debtor="consumer",
        invoices=[Invoice(D("100.00"), date(2026, 1, 31))],
        until=date(2026, 6, 30),
        costs=CostsRule("statutory", vat_uplift=True),
        costs_from=date(2026, 3, 1),
    )
    assert (claim.collection_costs, claim.collection_costs_vat) == (D("48.40"), D("8.40"))


def test_without_designation_a_payment_goes_to_the_oldest_due_invoice_first():
    claim = compute_claim(
        debtor="business",
        invoices=[Invoice(D("500.00"), date(2025, 3, 1)), Invoice(D("500.00"), date(2025, 1, 1))],
        until=date(2025, 6, 30),
        payments=[Payment(D("200.00"), date(2025, 4, 1))],
        costs=NO_COSTS,
    )
    assert [part.invoice for part in claim.payments[0].parts] == [1]


def test_the_debtors_designation_decides_which_invoice_is_paid():
    claim = compute_claim(
        debtor="business",
        invoices=[Invoice(D("500.00"), date(2025, 3, 1)), Invoice(D("500.00"), date(2025, 1, 1))],
        until=date(2025, 6, 30),
        payments=[Payment(D("200.00"), date(2025, 4, 1), invoice=0)],
        costs=NO_COSTS,
    )
    assert [part.invoice for part in claim.payments[0].parts] == [0]


def test_equally_old_invoices_share_a_payment_pro_rata():
    claim = compute_claim(
        debtor="business",
        invoices=[Invoice(D("100.00"), date(2025, 6, 1)), Invoice(D("300.00"), date(2025, 6, 1))],
        until=date(2025, 6, 30),
        payments=[Payment(D("100.00"), date(2025, 6, 1))],  # on the due date: no interest yet
        costs=NO_COSTS,
    )
    assert [part.to_principal for part in claim.payments[0].parts] == [D("25.00"), D("75.00")]


def test_interest_afterwards_runs_only_on_the_remaining_principal():
    claim = compute_claim(
        debtor="consumer",
        invoices=[Invoice(D("1000.00"), date(2024, 12, 31))],
        until=date(2025, 6, 30),
        payments=[Payment(D("600.00"), date(2025, 3, 31))],
        costs=NO_COSTS,
    )
    before, after = claim.invoices[0].periods
    assert (before.end, before.base) == (date(2025, 3, 31), D("1000.00"))
    assert after.base == D("1000.00") - claim.payments[0].to_principal


def test_agreed_interest_percentage_is_used_when_given():
    claim = compute_claim(
        debtor="business",
        invoices=[Invoice(D("1000.00"), date(2019, 12, 31))],
        until=date(2020, 12, 30),
        interest=agreed_interest(D("12")),
        costs=NO_COSTS,
    )
    assert claim.interest == D("120.00")


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"invoices": [Invoice(D("-5"), date(2025, 1, 1))]}, "invoice"),
        ({"payments": [Payment(D("-1"), date(2025, 2, 1))]}, "payment"),
        ({"payments": [Payment(D("1"), date(2025, 7, 1))]}, "payment"),
        (
            {
                "invoices": [Invoice(D("5"), date(2025, 1, 1), issued=date(2024, 12, 1))],
                "payments": [Payment(D("1"), date(2024, 11, 1))],
            },
            "payment",
        ),
        ({"invoices": [Invoice(D("5"), date(2002, 1, 1))]}, "invoice"),
        ({"payments": [Payment(D("1"), date(2024, 11, 1))]}, "payment"),  # 61 days before due
        ({"debtor": "government"}, "debtor"),
    ],
)
def test_bad_input_names_the_argument(kwargs, argument):
    args = {
        "debtor": "business",
        "invoices": [Invoice(D("100.00"), date(2025, 1, 1))],
        "until": date(2025, 6, 30),
        "costs": NO_COSTS,
    }
    with pytest.raises(ClaimInputError) as error:
        compute_claim(**{**args, **kwargs})
    assert error.value.argument == argument


def test_statutory_costs_do_not_apply_to_defaults_before_july_2012():
    with pytest.raises(ClaimInputError, match="Besluit BIK") as error:
        compute_claim(
            debtor="business",
            invoices=[Invoice(D("100.00"), date(2012, 1, 1))],
            until=date(2013, 1, 1),
        )
    assert error.value.argument == "costs"


# --- properties --------------------------------------------------------------------------

amounts = st.decimals(min_value=D("1.00"), max_value=D("50000"), places=2)
due_dates = st.dates(min_value=date(2013, 1, 1), max_value=date(2025, 12, 31))
UNTIL = date(2026, 6, 30)


@st.composite
def claims(draw):
    invoices = draw(st.lists(st.builds(Invoice, amounts, due_dates), min_size=1, max_size=3))
    earliest = min(i.issued_or_presumed for i in invoices)
    payments = []
    for _ in range(draw(st.integers(0, 3))):
        paid_on = draw(st.dates(min_value=earliest, max_value=UNTIL))
        designated = draw(st.one_of(st.none(), st.integers(0, len(invoices) - 1)))
        if designated is not None and paid_on < invoices[designated].issued_or_presumed:
            designated = None
        payments.append(Payment(draw(amounts), paid_on, designated))
    debtor = draw(st.sampled_from(["business", "consumer"]))
    return {"debtor": debtor, "invoices": invoices, "payments": payments, "until": UNTIL}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(claims())
def test_each_payment_allocation_sums_to_the_payment(args):
    claim = compute_claim(**args)
    for paid in claim.payments:
        assert (
            paid.to_costs + paid.to_interest + paid.to_principal + paid.unallocated == paid.amount
        )
        assert min(paid.to_costs, paid.to_interest, paid.to_principal, paid.unallocated) >= 0
        assert sum(p.to_interest + p.to_principal for p in paid.parts) == (
            paid.to_interest + paid.to_principal
        )


payment_amounts = st.decimals(min_value=D("0.01"), max_value=D("50000"), places=2)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    claims(),
    payment_amounts,
    st.dates(min_value=date(2013, 1, 1), max_value=UNTIL),
    st.booleans(),
)
def test_a_payment_never_makes_the_total_grow(args, amount, paid_on, capitalised_in_costs):
    assume(paid_on >= min(i.issued_or_presumed for i in args["invoices"]))
    args = {**args, "costs_on_capitalised_interest": capitalised_in_costs}
    without = compute_claim(**args)
    extra = Payment(amount, paid_on)
    with_payment = compute_claim(**{**args, "payments": [*args["payments"], extra]})
    assert with_payment.total <= without.total


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(claims())
def test_claim_total_is_the_sum_of_its_parts(args):
    claim = compute_claim(**args)
    assert claim.total == claim.principal + claim.interest + claim.collection_costs
    assert claim.principal == sum(i.principal_open for i in claim.invoices)


def test_business_agreed_term_over_60_days_is_flagged_in_the_claim():
    claim = compute_claim(
        debtor="business",
        invoices=[Invoice(D("1000.00"), date(2025, 3, 15), issued=date(2025, 1, 1))],
        until=date(2025, 6, 30),
    )
    assert len(claim.warnings) == 1 and "6:119a lid 5" in claim.warnings[0]


def test_large_company_paying_an_sme_is_flagged_over_30_days():
    claim = compute_claim(
        debtor="business",
        invoices=[Invoice(D("1000.00"), date(2025, 2, 15), issued=date(2025, 1, 1))],
        until=date(2025, 6, 30),
        large_debtor_paying_sme=True,
    )
    assert len(claim.warnings) == 1 and "30 dagen" in claim.warnings[0]


def test_a_consumer_claim_without_the_letters_costs_date_warns_about_the_14_day_rule():
    invoice = Invoice(D("450"), date(2026, 5, 1))
    without = compute_claim(debtor="consumer", invoices=[invoice], until=date(2026, 11, 23))
    assert any("veertiendagenbrief" in warning for warning in without.warnings)
    with_date = compute_claim(
        debtor="consumer",
        invoices=[invoice],
        until=date(2026, 11, 23),
        costs_from=date(2026, 6, 1),
    )
    assert with_date.warnings == ()


def test_a_claim_past_the_known_rates_uses_the_last_rate_and_says_it_is_provisional():
    known_until = PUBLISHED.commercial.known_until
    claim = compute_claim(
        debtor="business",
        invoices=[Invoice(D("1000.00"), date(2026, 10, 31))],
        until=date(2027, 9, 1),
        costs=NO_COSTS,
    )
    assert claim.rates_provisional
    assert claim.rates_known_until == known_until
    (period,) = claim.provisional_periods
    assert (period.start, period.end) == (known_until + timedelta(days=1), date(2027, 9, 1))
    assert period.rate == PUBLISHED.commercial.rows[-1].rate
    assert claim.invoices[0].periods[-2].end == known_until  # split at the table's end


def test_a_claim_within_the_known_rates_is_not_provisional_and_names_its_rows():
    claim = compute_claim(
        debtor="business",
        invoices=[Invoice(D("1000.00"), date(2024, 12, 31))],
        until=date(2025, 9, 1),
        costs=NO_COSTS,
    )
    assert not claim.rates_provisional and claim.rates_known_until is None
    assert [(r.effective, r.rate) for r in claim.rates_used] == [
        (date(2025, 1, 1), D("11.15")),
        (date(2025, 7, 1), D("10.15")),
    ]


def test_a_claim_computes_with_the_tables_it_is_given():
    added = RateRow("commercial", date(2027, 1, 1), D("12"), "Stcrt. 2027, 1", row_id=99)
    tables = RateTables.from_rows([*PUBLISHED.rows, added])
    args = {
        "debtor": "business",
        "invoices": [Invoice(D("1000.00"), date(2026, 12, 31))],
        "until": date(2027, 3, 31),
        "costs": NO_COSTS,
    }
    with_added = compute_claim(**args, rates=tables)
    assert not with_added.rates_provisional
    assert with_added.rates_used == (added,)
    assert with_added.interest == D("29.59")  # 1000 × 12% × 90 / 365
    assert compute_claim(**args).interest != with_added.interest


def test_agreed_interest_is_never_provisional():
    claim = compute_claim(
        debtor="business",
        invoices=[Invoice(D("1000.00"), date(2026, 12, 31))],
        until=date(2028, 1, 1),
        interest=agreed_interest(D("5")),
        costs=NO_COSTS,
    )
    assert not claim.rates_provisional and claim.rates_used == ()
