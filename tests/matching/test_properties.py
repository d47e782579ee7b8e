"""Properties of the index: typos are read only when they can mean one number."""

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from innen.matching.book import (
    Book,
    KnownCustomer,
    name_similarity,
    name_tokens,
    number_keys,
    one_edit_neighbours,
)
from innen.matching.match import match_entry
from tests.matching.helpers import entry, invoice

digits = st.text("0123456789", min_size=1, max_size=6).filter(lambda d: d.lstrip("0"))


def _osa_distance(a: str, b: str) -> int:
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


@given(
    st.integers(2000, 2030),
    st.integers(1, 99999),
    st.sampled_from(["F{}-{:05d}", "{}-{:04d}", "INV {}/{}", "factuur {} - {:06d}"]),
)
def test_every_way_of_writing_a_number_has_the_same_key(year, seq, style):
    assert number_keys(style.format(year, seq))[0] == f"{year}-{seq}"


@given(digits)
def test_the_neighbours_of_a_key_are_exactly_one_edit_away(key):
    key = key.lstrip("0")
    for near in set(one_edit_neighbours(key)):
        assert near != key
        assert _osa_distance(key, near) == 1 or _osa_distance(key.zfill(7), near.zfill(7)) == 1


@settings(max_examples=60)
@given(st.lists(digits, min_size=1, max_size=8, unique_by=lambda d: d.lstrip("0")), digits)
def test_a_typo_is_read_only_as_the_one_open_number_one_edit_away(numbers, typed):
    keys = [n.lstrip("0") for n in numbers]
    typed = typed.lstrip("0")
    book = Book(
        [invoice(i, 1, f"F-{n}", "10.00") for i, n in enumerate(keys, start=1)],
        [KnownCustomer(1, "Klant", ())],
    )
    near = [k for k in keys if k in set(one_edit_neighbours(typed))]
    got = book.typo_of(typed)
    if typed in keys or len(near) != 1:
        assert got is None  # an existing number is never a typo; two readings, none
    else:
        assert got == near[0]


@settings(max_examples=60)
@given(st.lists(digits, min_size=2, max_size=8, unique_by=lambda d: d.lstrip("0")), st.data())
def test_an_exact_number_in_the_text_always_wins(numbers, data):
    keys = [n.lstrip("0") for n in numbers]
    pick = data.draw(st.sampled_from(keys))
    invoices = [invoice(i, 1, f"F-{n}", "10.00") for i, n in enumerate(keys, start=1)]
    book = Book(invoices, [KnownCustomer(1, "Klant", ())])
    decision = match_entry(entry("10.00", remittance=f"factuur F-{pick}"), book)
    (wanted,) = [inv.id for inv in invoices if inv.number == f"F-{pick}"]
    assert decision.candidates[0].invoice_ids == (wanted,)


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2))
def test_allocated_plus_unallocated_is_always_the_amount_paid(amount):
    assume(amount > 0)
    book = Book(
        [invoice(1, 1, "F-1", "100.00"), invoice(2, 1, "F-2", "250.00")],
        [KnownCustomer(1, "Klant", ())],
    )
    decision = match_entry(entry(str(amount), remittance="F-1 en F-2"), book)
    chosen = decision.candidates[0]
    assert sum(chosen.amounts) + chosen.unallocated == amount
    assert all(0 <= a <= Decimal("250.00") for a in chosen.amounts)


def test_legal_forms_and_punctuation_do_not_count_in_a_name():
    assert name_tokens("Bakkerij Jansen B.V.") == name_tokens("BAKKERIJ JANSEN BV")
    assert name_tokens("De Vries V.O.F.") == name_tokens("de vries")


words = st.sampled_from(["bakkerij", "jansen", "janssen", "de", "vries", "smit", "smid", "bv", "x"])


@given(st.lists(words, max_size=4), st.lists(words, max_size=4), st.floats(0, 1))
def test_a_minimum_to_reach_changes_no_similarity_that_reaches_it(a, b, minimum):
    a, b = tuple(a), tuple(b)
    exact = name_similarity(a, b)
    quick = name_similarity(a, b, minimum)

    assert (quick >= minimum) == (exact >= minimum)
    if exact >= minimum:
        assert quick == exact


def _indexes(book):
    return (
        book.invoice,
        book.by_reference,
        book.by_number,
        book.by_customer,
        book.by_amount,
        book.settled_invoice,
        book.settled_by_number,
        book.group_counts,
        book.allowed_groups,
        book.known_keys,
    )


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(st.integers(1, 3), digits, st.sampled_from(["10.00", "25.50", "99.99"])),
        min_size=1,
        max_size=12,
        unique_by=lambda t: t[1].lstrip("0"),
    ),
    st.data(),
)
def test_a_book_grown_in_steps_is_the_book_made_at_once(rows, data):
    invoices = [
        invoice(i, customer, f"F2026-{number}", amount)
        for i, (customer, number, amount) in enumerate(rows, start=1)
    ]
    order = data.draw(st.permutations(invoices))
    cut = data.draw(st.integers(0, len(order)))
    settled = order[:1]
    customers = [KnownCustomer(c, f"Klant {c}") for c in (1, 2, 3)]
    whole = Book(order[1:], customers, settled=settled)
    grown = Book(order[1:cut], customers)
    grown.add(order[max(cut, 1) :], settled=settled)
    assert _indexes(grown) == _indexes(whole)
