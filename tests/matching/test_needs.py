"""What a batch of lines needs from the ledger: typo readings and the account rule's customers."""

from dataclasses import replace
from decimal import Decimal

import pytest

from innen.matching.book import Book, KnownCustomer
from innen.matching.match import MAX_COMBINATION_POOL, match_entries
from innen.matching.needs import typo_targets, whole_customers
from tests.matching.helpers import ACME_IBAN, entry, invoice


def test_a_typo_needs_the_one_open_number_it_is_read_as():
    near = {"2026-44": {"2026-42", "2026-4", "2026-440"}}

    assert typo_targets(near, {"2026-42"}) == {"2026-42"}


def test_a_typo_of_several_open_numbers_needs_two_of_them_and_always_the_same_two():
    near = {"2026-44": {"2026-45", "2026-42", "2026-43", "2026-4"}}
    open_keys = {"2026-42", "2026-43", "2026-45"}

    assert typo_targets(near, open_keys) == {"2026-42", "2026-43"}
    book = Book([invoice(1, 1, "F2026-00042", "1.00"), invoice(2, 1, "F2026-00043", "1.00")], [])
    assert book.typo_of("2026-44") is None


def test_a_typo_of_no_open_number_needs_nothing():
    assert typo_targets({"2026-44": {"2026-42"}}, set()) == set()


AMOUNT = Decimal("200.00")


@pytest.mark.parametrize(
    ("amounts", "count", "hits", "found", "whole"),
    [
        ([AMOUNT], 3, [7], set(), False),  # one invoice of the amount: the rule stops there
        ([AMOUNT], 3, [], set(), True),  # none: it adds them up
        ([AMOUNT], 2, [7, 8], set(), True),  # all of them: it adds them up
        ([AMOUNT, AMOUNT], 3, [7], set(), True),  # two lines: the first may pay it
        ([AMOUNT], 3, [7], {7}, True),  # another line may pay it first
        ([AMOUNT], MAX_COMBINATION_POOL + 1, [], set(), False),  # too many to add up
        ([AMOUNT], 0, [], set(), False),  # nothing open
    ],
)
def test_a_customer_is_read_whole_only_when_the_account_rule_may_add_its_invoices_up(
    amounts, count, hits, found, whole
):
    of_amounts = [invoice(i, 1, f"F-{i}", str(AMOUNT)) for i in hits]

    assert whole_customers({1: amounts}, {1: count}, of_amounts, found) == ({1} if whole else set())


def test_a_book_of_some_of_a_customers_invoices_decides_as_one_of_all_of_them():
    amounts = ("1.00", "2.00", "3.00")
    invoices = [invoice(i, 1, f"F2026-{i:05d}", a) for i, a in enumerate(amounts, start=1)]
    customers = [KnownCustomer(1, "Acme B.V.", (ACME_IBAN,))]
    line = [entry("2.00", counterparty_iban=ACME_IBAN, number=1)]

    partly = Book([invoices[1]], customers, open_counts={1: 3})

    decisions = match_entries(line, partly)
    assert decisions == match_entries(line, Book(invoices, customers))
    assert decisions[0].chosen is not None and decisions[0].chosen.invoice_ids == (2,)
    with pytest.raises(LookupError):
        partly.open_of(1)


def test_a_book_finds_invoices_by_the_keys_they_come_with():
    stored = replace(invoice(1, 1, "F2026-00042", "10.00"), keys=("REF", "2026-7", "20267"))

    book = Book([stored], [])

    assert book.by_reference == {"REF": [1]}
    assert book.by_number == {"2026-7": [1], "20267": [1]}
    assert stored == invoice(1, 1, "F2026-00042", "10.00")  # keys are how, not what
