"""The matching rules, one test per rule, in order of trust."""

from datetime import date
from decimal import Decimal

from innen.law.references import make_rf_reference
from innen.matching.book import Book, KnownCustomer
from innen.matching.match import match_entries, match_entry
from tests.matching.helpers import (
    ACME_IBAN,
    BAKKER_IBAN,
    CUSTOMERS,
    INVOICES,
    STRANGER_IBAN,
    book,
    entry,
    invoice,
)


def test_a_structured_payment_reference_is_applied_with_full_trust():
    ref = INVOICES[0].payment_reference
    decision = match_entry(entry("121.00", structured_reference=ref), book())
    assert decision.action == "apply"
    assert decision.chosen.invoice_ids == (1,)
    assert decision.chosen.score == 100
    assert decision.chosen.rule == "reference"
    assert "F2026-00042" in decision.chosen.reason and ref in decision.chosen.reason


def test_an_rf_creditor_reference_is_a_structured_reference_too():
    rf = make_rf_reference("F202600043")
    b = book([*INVOICES[:1], invoice(2, 1, "F2026-00043", "250.00", reference=rf)])
    decision = match_entry(entry("250.00", structured_reference=rf), b)
    assert decision.action == "apply" and decision.chosen.invoice_ids == (2,)


def test_a_payment_reference_typed_in_the_description_is_found():
    ref = INVOICES[3].payment_reference
    spaced = " ".join(ref[i : i + 4] for i in range(0, 16, 4))
    decision = match_entry(entry("999.99", remittance=f"betaling {spaced}"), book())
    assert decision.action == "apply" and decision.chosen.invoice_ids == (4,)
    assert decision.chosen.score == 98


def test_an_invoice_number_in_the_description_is_found_despite_prefixes_and_zeros():
    for text in (
        "factuur 2026/42",
        "fact nr. F2026-00042 dank u",
        "Factuurnummer: F2026-00042",
        "inv 2026-42",
        "betaling factuur 2026 - 0042",
        "FACTUUR 202600042",
    ):
        decision = match_entry(
            entry("121.00", remittance=text, counterparty_iban=ACME_IBAN), book()
        )
        assert decision.action == "apply", text
        assert decision.chosen.invoice_ids == (1,), text
        assert decision.chosen.score == 95, text


def test_several_numbers_in_one_description_make_one_candidate_over_all_of_them():
    decision = match_entry(entry("371.00", remittance="facturen F2026-00042, F2026-00043"), book())
    assert decision.action == "apply"
    assert decision.chosen.invoice_ids == (1, 2)
    assert decision.chosen.amounts == (Decimal("121.00"), Decimal("250.00"))


def test_a_number_alone_without_amount_account_or_name_to_confirm_it_goes_to_review():
    decision = match_entry(
        entry("10.00", remittance="2026-42", counterparty_iban=STRANGER_IBAN), book()
    )
    assert decision.action == "review"
    assert decision.candidates[0].invoice_ids == (1,)
    assert decision.candidates[0].score == 85


def test_a_number_paid_from_another_customers_account_goes_to_review():
    decision = match_entry(
        entry("999.99", remittance="factuur F2026-00042", counterparty_iban=BAKKER_IBAN),
        book(),
    )
    assert decision.action == "review"


def test_a_number_with_one_typo_is_offered_for_review_not_applied():
    decision = match_entry(
        entry("100.00", remittance="factuur F2026-00170", counterparty_iban=STRANGER_IBAN),
        book(),
    )
    assert decision.action == "review"
    (candidate,) = decision.candidates
    assert candidate.invoice_ids == (3,)  # F2026-00107, two digits swapped
    assert candidate.score == 80 and candidate.rule == "number-typo"
    assert "one typo" in candidate.reason


def test_a_number_with_one_typo_and_the_exact_open_amount_is_applied():
    decision = match_entry(
        entry("80.50", remittance="factuur F2026-00170", counterparty_iban=STRANGER_IBAN),
        book(),
    )
    assert decision.action == "apply"
    assert decision.chosen.invoice_ids == (3,) and decision.chosen.score == 92


def test_a_different_number_is_never_taken_for_a_typo():
    # F2026-00044 is one edit from both 00042 and 00043: it could be either, so neither.
    decision = match_entry(
        entry("121.00", remittance="factuur F2026-00044", counterparty_iban=STRANGER_IBAN),
        book(),
    )
    assert all(c.rule != "number-typo" for c in decision.candidates)
    assert decision.action == "review"


def test_a_number_that_exists_exactly_wins_over_a_typo_reading():
    # "F2026-00043" is one edit from 00042 but is itself an open invoice.
    decision = match_entry(entry("250.00", remittance="factuur F2026-00043"), book())
    assert decision.chosen.invoice_ids == (2,) and decision.chosen.rule == "number"


def test_a_typo_landing_on_a_closed_invoice_number_is_that_invoice_not_a_typo():
    # F2026-00108 was paid long ago; it is one edit from the open F2026-00107.
    b = book(closed_numbers=["F2026-00108"])
    decision = match_entry(
        entry("80.50", remittance="factuur F2026-00108", counterparty_iban=STRANGER_IBAN), b
    )
    assert decision.action == "review" and decision.candidates == ()


def test_a_known_account_and_the_amount_of_one_open_invoice_is_applied():
    decision = match_entry(entry("250.00", counterparty_iban=ACME_IBAN), book())
    assert decision.action == "apply"
    assert decision.chosen.invoice_ids == (2,)
    assert (decision.chosen.score, decision.chosen.rule) == (93, "iban-amount")


def test_a_known_account_and_the_customers_total_open_pays_everything():
    decision = match_entry(entry("451.50", counterparty_iban=ACME_IBAN), book())
    assert decision.action == "apply"
    assert decision.chosen.invoice_ids == (1, 2, 3)
    assert decision.chosen.score == 94


def test_a_known_account_and_a_unique_combination_of_invoices_is_applied():
    decision = match_entry(entry("201.50", counterparty_iban=ACME_IBAN), book())
    assert decision.action == "apply"
    assert decision.chosen.invoice_ids == (1, 3)
    assert decision.chosen.score == 91 and decision.chosen.rule == "iban-combination"


def test_a_combination_that_is_not_unique_goes_to_review():
    invoices = [
        invoice(1, 1, "F1", "10.00"),
        invoice(2, 1, "F2", "20.00"),
        invoice(3, 1, "F3", "15.00"),
        invoice(4, 1, "F4", "15.00"),
        invoice(5, 1, "F5", "99.00"),
    ]
    decision = match_entry(entry("30.00", counterparty_iban=ACME_IBAN), book(invoices))
    assert decision.action == "review"


def test_two_invoices_of_the_same_amount_are_ambiguous_and_go_to_review():
    invoices = [*INVOICES, invoice(9, 1, "F2026-00900", "250.00")]
    decision = match_entry(entry("250.00", counterparty_iban=ACME_IBAN), book(invoices))
    assert decision.action == "review"
    assert {c.invoice_ids for c in decision.candidates} == {(2,), (9,)}
    assert "2 candidates" in decision.why


def test_a_similar_name_and_an_exact_amount_is_offered_for_review():
    decision = match_entry(
        entry("999.99", counterparty_iban=STRANGER_IBAN, counterparty_name="BAKKERIJ JANSEN"),
        book(),
    )
    assert decision.action == "review"
    (candidate,) = decision.candidates
    assert candidate.invoice_ids == (4,) and candidate.score == 75


def test_incoming_money_that_matches_nothing_goes_to_review_without_candidates():
    decision = match_entry(
        entry("2500.00", remittance="Salaris november 2026", counterparty_iban=STRANGER_IBAN),
        book(),
    )
    assert decision.action == "review" and decision.candidates == ()


def test_a_partial_payment_is_applied_as_far_as_it_goes():
    ref = INVOICES[1].payment_reference
    decision = match_entry(entry("100.00", structured_reference=ref), book())
    assert decision.action == "apply"
    assert decision.chosen.amounts == (Decimal("100.00"),)
    assert decision.unallocated == 0
    assert "partial" in decision.chosen.reason


def test_a_partial_payment_of_several_invoices_pays_the_oldest_first():
    decision = match_entry(
        entry("200.00", remittance="F2026-00042 F2026-00043", counterparty_iban=ACME_IBAN),
        book(),
    )
    assert decision.chosen.invoice_ids == (1, 2)
    assert decision.chosen.amounts == (Decimal("121.00"), Decimal("79.00"))


def test_an_over_payment_pays_the_invoice_and_leaves_a_credit():
    ref = INVOICES[0].payment_reference
    decision = match_entry(entry("150.00", structured_reference=ref), book())
    assert decision.action == "apply"
    assert decision.chosen.amounts == (Decimal("121.00"),)
    assert decision.unallocated == decision.chosen.unallocated == Decimal("29.00")
    assert "credit" in decision.chosen.reason


def test_a_second_payment_of_the_same_invoice_in_one_batch_is_a_credit():
    ref = INVOICES[0].payment_reference
    first, second = match_entries(
        [entry("121.00", structured_reference=ref), entry("121.00", structured_reference=ref)],
        book(),
    )
    assert first.chosen.amounts == (Decimal("121.00"),)
    assert second.chosen.amounts == (Decimal("0.00"),)
    assert second.unallocated == Decimal("121.00")


def test_a_paid_invoice_is_no_longer_matched_by_amount_in_the_same_batch():
    b = book()
    first, second = match_entries(
        [
            entry("250.00", counterparty_iban=ACME_IBAN),
            entry("250.00", counterparty_iban=ACME_IBAN),
        ],
        b,
    )
    assert first.action == "apply" and first.chosen.invoice_ids == (2,)
    assert second.action == "review"


def test_a_storno_reopens_the_invoice_it_reverses_by_end_to_end_id():
    paid = invoice(7, 1, "F2026-00007", "60.00")
    b = book(settled=[paid], end_to_end_ids={"DD-7": (7,)})
    decision = match_entry(
        entry("-60.00", end_to_end_id="DD-7", is_return=True, return_reason="MD06"), b
    )
    assert decision.action == "storno"
    assert decision.chosen.invoice_ids == (7,)
    assert decision.chosen.amounts == (Decimal("60.00"),)
    assert "MD06" in decision.chosen.reason


def test_a_storno_is_found_by_reference_or_number_too():
    paid = invoice(7, 1, "F2026-00007", "60.00")
    b = book(settled=[paid])
    by_ref = match_entry(
        entry("-60.00", structured_reference=paid.payment_reference, is_return=True), b
    )
    by_number = match_entry(entry("-60.00", remittance="retour F2026-00007", is_return=True), b)
    assert by_ref.action == by_number.action == "storno"
    assert by_ref.chosen.invoice_ids == by_number.chosen.invoice_ids == (7,)


def test_a_storno_that_names_nothing_goes_to_review():
    decision = match_entry(entry("-60.00", is_return=True), book())
    assert decision.action == "review"


def test_money_out_to_a_customer_is_a_refund_and_other_money_out_is_ignored():
    refund = match_entry(entry("-29.00", counterparty_iban=ACME_IBAN), book())
    assert refund.action == "refund" and refund.chosen.customer_id == 1
    rent = match_entry(
        entry("-1200.00", counterparty_iban=STRANGER_IBAN, remittance="Huur"), book()
    )
    assert rent.action == "ignore" and rent.chosen is None


def test_a_refund_that_names_an_invoice_says_which():
    refund = match_entry(entry("-29.00", remittance="creditnota F2026-00317"), book())
    assert refund.action == "refund"
    assert refund.chosen.customer_id == 2 and refund.chosen.invoice_ids == (5,)


def test_money_never_goes_to_another_organisations_invoice():
    mine = book()
    theirs = Book(
        [invoice(100, 50, "F2026-00999", "77.00", reference="7000000000000999")],
        [KnownCustomer(50, "Other Org Client", ("NL69INGB0123456789",))],
    )
    for line in (
        entry("77.00", structured_reference="7000000000000999"),
        entry("77.00", remittance="factuur F2026-00999"),
        entry("77.00", counterparty_iban="NL69INGB0123456789"),
    ):
        decision = match_entry(line, mine)
        assert decision.action == "review"
        assert all(
            i in {inv.id for inv in INVOICES} for c in decision.candidates for i in c.invoice_ids
        )
        assert match_entry(line, theirs).chosen.invoice_ids == (100,)


def test_a_threshold_can_be_raised_so_only_references_apply():
    decision = match_entry(entry("250.00", counterparty_iban=ACME_IBAN), book(), threshold=99)
    assert decision.action == "review"


def test_a_zero_amount_is_ignored():
    assert match_entry(entry("0.00"), book()).action == "ignore"


def test_a_legal_form_does_not_make_a_name_different():
    b = Book(INVOICES, [*CUSTOMERS, KnownCustomer(3, "Jansen Transport BV", ())])
    decision = match_entry(
        entry("999.99", counterparty_name="Bakkerij Jansen", counterparty_iban=STRANGER_IBAN), b
    )
    assert decision.candidates[0].customer_id == 2


def test_two_customers_of_one_name_are_not_guessed_between():
    customers = [*CUSTOMERS, KnownCustomer(3, "Bakkerij Jansen", ())]
    invoices = [*INVOICES, invoice(10, 3, "F2026-01000", "999.99", date(2026, 5, 1))]
    decision = match_entry(
        entry("999.99", counterparty_name="Bakkerij Jansen", counterparty_iban=STRANGER_IBAN),
        Book(invoices, customers),
    )
    assert decision.action == "review" and decision.candidates == ()
