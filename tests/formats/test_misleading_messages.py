"""Messages that name the right line and say what happened (issue 24, item 6)."""

import logging

import pytest

from innen.formats.bank_csv import read_bank_csv
from innen.formats.mt940 import read_mt940
from innen.formats.statement import StatementError
from tests.formats.test_bank_csv import ABN_TAB_ROWS, ING_HEADER, ING_ROWS
from tests.formats.test_mt940 import RABOBANK


def test_line_ends_written_twice_are_one_line_end_in_a_csv():
    rows = [ING_HEADER, ING_ROWS[0], ING_ROWS[1].replace('"Af"', '"Afx"')]
    data = ("\r\r\n".join(rows) + "\r\r\n").encode()
    with pytest.raises(StatementError, match=r"^ing.csv, line 3: Af Bij is \"Afx\""):
        read_bank_csv(data, "ing.csv")


def test_line_ends_written_twice_are_one_line_end_in_an_mt940():
    data = RABOBANK.replace(b"\n", b"\r\r\n").replace(b":61:140102C", b":61:140230C")
    with pytest.raises(StatementError, match=r"^rabo.swi, line 6: the :61: field gives"):
        read_mt940(data, "rabo.swi")


def test_a_broken_quote_is_refused_naming_its_line_not_read_as_another_account():
    # The quote before "SEPA" is not closed: the csv module would read on into the next lines
    # and make a second account of what it finds there.
    rows = [
        ABN_TAB_ROWS[0],
        ABN_TAB_ROWS[1].replace("\tSEPA", '\t"SEPA'),
        ABN_TAB_ROWS[0].replace("517852257", "123456789"),
    ]
    with pytest.raises(StatementError) as caught:
        read_bank_csv(("\n".join(rows) + "\n").encode(), "abn.tab")
    assert caught.value.where == "abn.tab, line 2"
    assert 'a quote (") opened on this line is not closed on it' in caught.value.message


def test_an_unreadable_field_logs_and_prints_nothing_but_the_refusal(caplog, capsys):
    # The mt-940 package logs its regular expressions at ERROR; without logging set up,
    # Python printed them to stderr around innen's own message.
    data = RABOBANK.replace(b":62F:C140102EUR", b":62F:Cnullnull")
    with caplog.at_level(logging.DEBUG), pytest.raises(StatementError, match="'Cnullnull"):
        read_mt940(data, "rabo.swi")
    assert caplog.records == []
    assert capsys.readouterr().err == ""


def test_30_february_is_refused_naming_the_line_and_the_date():
    data = RABOBANK.replace(b":61:140102C", b":61:140230C")
    with pytest.raises(StatementError) as caught:
        read_mt940(data, "rabo.swi")
    assert caught.value.where == "rabo.swi, line 6"
    assert caught.value.message == (
        "the :61: field gives the date 140230 (30-02-2014), a day that does not exist"
    )


def test_a_booking_date_that_does_not_exist_is_refused():
    data = RABOBANK.replace(b":61:140102C", b":61:1401020231C")
    with pytest.raises(StatementError, match=r"line 6: the :61: field gives the booking date 0231"):
        read_mt940(data, "rabo.swi")


def test_a_balance_date_that_does_not_exist_is_refused():
    data = RABOBANK.replace(b":60F:C131231", b":60F:C131331")
    with pytest.raises(StatementError, match=r"line 5: the :60F: field gives the date 131331"):
        read_mt940(data, "rabo.swi")


def test_29_february_of_a_leap_year_is_a_day():
    data = RABOBANK.replace(b":61:140102C", b":61:160229C")
    assert read_mt940(data, "rabo.swi").statements[0].entries[0].value_date.day == 29
