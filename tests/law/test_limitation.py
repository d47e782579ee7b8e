from datetime import date

import pytest

from innen.law.limitation import (
    ACKNOWLEDGEMENT,
    DEMAND,
    DUE,
    GOODS,
    SERVICES,
    UNKNOWN,
    LimitationFacts,
    consumer_kind,
    limitation,
    limitation_of,
)


def test_general_claim_is_barred_five_years_after_the_day_after_it_fell_due():
    result = limitation(date(2024, 3, 15), "general")
    assert (result.last_day, result.barred_from) == (date(2029, 3, 15), date(2029, 3, 16))


def test_consumer_sale_is_barred_after_two_years():
    result = limitation(date(2024, 3, 15), "consumer-sale")
    assert result.last_day == date(2026, 3, 15)


def test_written_reminder_starts_a_new_term_of_the_same_length_the_next_day():
    result = limitation(date(2024, 3, 15), "consumer-sale", [date(2025, 6, 1)])
    assert result.last_day == date(2027, 6, 1)


def test_new_term_never_ends_before_the_original_would_have():
    result = limitation(date(2024, 3, 15), "general", [date(2024, 3, 20)])
    assert result.last_day == date(2029, 3, 20)


def test_reminder_after_the_claim_is_barred_revives_nothing():
    result = limitation(date(2020, 1, 1), "consumer-sale", [date(2022, 1, 2), date(2022, 6, 1)])
    assert result.last_day == date(2022, 1, 1)
    assert result.ignored == (date(2022, 1, 2), date(2022, 6, 1))


def test_terms_in_years_are_not_extended_for_weekends():
    result = limitation(date(2021, 3, 14), "general")  # 14 March 2026 is a Saturday
    assert result.last_day == date(2026, 3, 14)


def test_a_warning_comes_before_the_last_day():
    result = limitation(date(2024, 3, 15), "general")
    assert result.warning_from < result.last_day


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        limitation(date(2024, 3, 15), "tax")


def test_art_3_307_without_interruption_the_due_date_sets_the_last_day():
    result = limitation_of(LimitationFacts(date(2024, 3, 15)))
    assert (result.last_day, result.set_by, result.set_on) == (
        date(2029, 3, 15),
        DUE,
        date(2024, 3, 15),
    )


def test_art_7_28_consumer_sale_is_barred_after_two_years():
    result = limitation_of(LimitationFacts(date(2024, 3, 15), consumer_sale=True))
    assert (result.years, result.last_day) == (2, date(2026, 3, 15))


def test_art_3_317_a_written_demand_starts_a_new_term_and_says_so():
    facts = LimitationFacts(date(2024, 3, 15), consumer_sale=True, demands=(date(2025, 6, 1),))
    result = limitation_of(facts)
    assert (result.last_day, result.set_by, result.set_on) == (
        date(2027, 6, 1),
        DEMAND,
        date(2025, 6, 1),
    )


def test_art_3_318_an_acknowledgement_interrupts_like_a_demand():
    facts = LimitationFacts(
        date(2024, 3, 15),
        demands=(date(2025, 1, 10),),
        acknowledgements=(date(2026, 2, 1),),
    )
    result = limitation_of(facts)
    assert (result.last_day, result.set_by) == (date(2031, 2, 1), ACKNOWLEDGEMENT)
    assert result.interruptions == (date(2025, 1, 10), date(2026, 2, 1))


def test_art_3_319_lid_2_the_new_term_is_never_longer_than_the_original():
    facts = LimitationFacts(date(2024, 1, 31), consumer_sale=True, demands=(date(2024, 2, 10),))
    result = limitation_of(facts)
    # two years from 11 February 2024, not five: the original term was two
    assert result.last_day == date(2026, 2, 10)


def test_art_3_319_lid_2_an_earlier_interruption_never_shortens_the_running_term():
    facts = LimitationFacts(
        date(2020, 1, 1),
        demands=(date(2024, 6, 1), date(2020, 1, 5)),
    )
    result = limitation_of(facts)
    assert (result.last_day, result.set_on) == (date(2029, 6, 1), date(2024, 6, 1))


def test_art_3_319_a_demand_after_the_claim_is_barred_revives_nothing():
    facts = LimitationFacts(
        date(2020, 1, 1), consumer_sale=True, acknowledgements=(date(2023, 1, 1),)
    )
    result = limitation_of(facts)
    assert result.last_day == date(2022, 1, 1)
    assert result.ignored == (date(2023, 1, 1),)
    assert result.set_by == DUE


def test_a_notice_before_the_due_date_interrupts_nothing():
    facts = LimitationFacts(date(2024, 3, 15), demands=(date(2024, 3, 1),))
    result = limitation_of(facts)
    assert (result.last_day, result.interruptions) == (date(2029, 3, 15), ())


def test_barred_on_and_within_count_from_the_first_barred_day():
    result = limitation_of(LimitationFacts(date(2024, 3, 15), consumer_sale=True))
    assert not result.barred_on(date(2026, 3, 15))
    assert result.barred_on(date(2026, 3, 16))
    assert result.barred_within(date(2026, 1, 15), 60)
    assert not result.barred_within(date(2026, 1, 14), 60)


def test_art_7_28_a_consumers_goods_are_a_consumer_sale():
    assert consumer_kind(consumer=True, supply=GOODS) == ("consumer-sale", False)


def test_art_3_307_a_consumers_services_are_a_general_claim_of_five_years():
    assert consumer_kind(consumer=True, supply=SERVICES) == ("general", False)


def test_art_7_28_a_consumers_unknown_supply_assumes_the_shorter_term_and_says_so():
    kind, assumed = consumer_kind(consumer=True, supply=UNKNOWN)
    result = limitation_of(
        LimitationFacts(date(2024, 3, 15), consumer_sale=kind == "consumer-sale", assumed=assumed)
    )
    assert (result.years, result.last_day, result.assumed) == (2, date(2026, 3, 15), True)


@pytest.mark.parametrize("supply", [GOODS, SERVICES, UNKNOWN])
def test_art_3_307_a_business_claim_is_five_years_whatever_was_supplied(supply):
    assert consumer_kind(consumer=False, supply=supply) == ("general", False)


def test_a_general_claim_is_never_assumed():
    result = limitation_of(LimitationFacts(date(2024, 3, 15), assumed=True))
    assert (result.years, result.assumed) == (5, False)


def test_an_unknown_supply_value_is_refused():
    with pytest.raises(ValueError, match="supply"):
        consumer_kind(consumer=True, supply="energy")
