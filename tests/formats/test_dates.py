from datetime import date

import pytest

from innen.formats.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-23", date(2026, 11, 23)),
        ("23-11-2026", date(2026, 11, 23)),
        ("3-1-2026", date(2026, 1, 3)),
        (" 03-01-2026 ", date(2026, 1, 3)),
    ],
)
def test_iso_and_dutch_dates_are_read(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["23/11/2026", "11/23/2026", "23-11-26", "20261123", "23 nov"])
def test_other_date_formats_are_refused_with_the_formats_that_work(text):
    with pytest.raises(ValueError, match=r"YYYY-MM-DD.*DD-MM-YYYY"):
        parse_date(text)


def test_a_date_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="not a date that exists"):
        parse_date("31-02-2026")


def test_an_unlikely_year_is_refused():
    with pytest.raises(ValueError, match="unlikely year"):
        parse_date("01-01-0226")
