from datetime import date
from decimal import Decimal

import pytest

from innen.letters.formatting import join_words, long_date, money, short_date


def test_money_is_written_the_dutch_or_english_way():
    assert money(Decimal("1234.56"), "nl") == "€\xa01.234,56"
    assert money(Decimal("1234.56"), "en") == "€1,234.56"


def test_money_is_rounded_half_up_to_cents():
    assert money(Decimal("0.125"), "en") == "€0.13"


def test_dates_are_written_out_in_the_letters_language():
    day = date(2026, 11, 23)
    assert long_date(day, "nl") == "23 november 2026"
    assert long_date(day, "en") == "23 November 2026"
    assert short_date(day, "nl") == "23-11-2026"


def test_lists_of_words_end_with_and():
    assert join_words(["F1", "F2", "F3"], "nl") == "F1, F2 en F3"
    assert join_words(["F1", "F2"], "en") == "F1 and F2"
    assert join_words(["F1"], "en") == "F1"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="nl or en"):
        money(Decimal(1), "de")
