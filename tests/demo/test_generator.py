"""The demo generator: deterministic, believable, and by the ledger's rules (no database)."""

import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

import pytest
from django.core.validators import validate_email

from innen import identifiers
from innen.balances import AGING_BUCKETS, aging_bucket
from innen.demo import replay
from innen.demo.customers import PROFILE_MIX, quota
from innen.demo.facts import Demo, Profile
from innen.demo.generator import ORGANISATION, generate
from innen.demo.situations import HISTORY_DAYS
from innen.law.references import validate_payment_reference
from innen.money import round_cents

TODAY = date(2026, 11, 23)
BUCKETS = [key for key, _, _ in AGING_BUCKETS]


@cache
def small() -> Demo:
    return generate(TODAY, customers=30)


@cache
def full() -> Demo:
    return generate(TODAY)


def open_buckets(demo: Demo) -> dict[Profile, Counter]:
    """Return per profile how many invoices are open in each aging bucket on demo.today."""
    owed = replay.open_amounts(demo, replay.allocations(demo))
    profile = {c.number: c.profile for c in demo.customers}
    buckets: dict[Profile, Counter] = defaultdict(Counter)
    for invoice in demo.invoices:
        if owed[invoice.number] > 0:
            days = (demo.today - invoice.due_date).days
            buckets[profile[invoice.customer_number]][aging_bucket(days)] += 1
    return buckets


def test_the_generator_imports_no_django():
    probe = (
        "import sys, innen.demo.generator, innen.demo.replay; "
        "print(','.join(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_same_seed_and_date_give_the_same_demo():
    assert generate(TODAY, seed=7, customers=30) == generate(TODAY, seed=7, customers=30)


def test_another_seed_gives_another_demo():
    assert generate(TODAY, seed=7, customers=30) != generate(TODAY, seed=8, customers=30)


def test_the_history_covers_the_eighteen_months_before_today():
    today = date(2025, 3, 14)
    demo = generate(today, customers=30)
    first = min(invoice.issue_date for invoice in demo.invoices)
    assert (
        today - timedelta(days=HISTORY_DAYS + 3)
        <= first
        <= today - timedelta(days=HISTORY_DAYS - 30)
    )
    assert max(invoice.issue_date for invoice in demo.invoices) <= today


def test_every_profile_is_present_even_in_a_small_demo():
    assert {customer.profile for customer in small().customers} == set(Profile)


def test_two_thirds_are_businesses_on_30_days_and_a_third_consumers_on_14():
    demo = full()
    kinds = Counter(customer.kind for customer in demo.customers)
    assert kinds == {"business": 200, "consumer": 100}
    for customer in demo.customers:
        business = customer.kind == "business"
        assert customer.payment_term_days == (30 if business else 14)
        assert (customer.segment == "particulier") != business
        assert bool(customer.kvk_number) == business == bool(customer.vat_number)
    assert {"horeca", "retail", "bouw"} <= {c.segment for c in demo.customers}
    assert Counter(c.language for c in demo.customers)["en"] >= 5


def test_the_full_demo_has_about_5000_invoices_over_the_last_18_months():
    demo = full()
    assert len(demo.customers) == 300
    assert 4900 <= len(demo.invoices) <= 5100
    assert len({invoice.number for invoice in demo.invoices}) == len(demo.invoices)
    assert len({customer.number for customer in demo.customers}) == 300


def test_every_total_is_the_amount_excl_vat_plus_the_vat_at_21_or_9_percent():
    demo = full()
    for invoice in demo.invoices:
        assert invoice.total == invoice.amount_excl_vat + invoice.vat_amount > 0
        assert invoice.vat_rate in {Decimal("0.21"), Decimal("0.09")}
        assert invoice.vat_amount == round_cents(invoice.amount_excl_vat * invoice.vat_rate)
        assert invoice.due_date >= invoice.issue_date
    assert Counter(invoice.vat_rate for invoice in demo.invoices)[Decimal("0.09")] > 100
    totals = {invoice.number: invoice.total for invoice in demo.invoices}
    for note in demo.credit_notes:
        assert note.total == note.amount_excl_vat + note.vat_amount > 0
        assert note.total <= totals[note.invoice_number]


def test_no_payment_or_credit_note_is_dated_after_today_or_before_its_invoice():
    demo = full()
    issued = {invoice.number: invoice.issue_date for invoice in demo.invoices}
    for payment in demo.payments:
        assert payment.date <= demo.today
        assert payment.amount > 0
        assert all(issued[number] <= payment.date for number in payment.designated)
    for note in demo.credit_notes:
        assert issued[note.invoice_number] <= note.issue_date <= demo.today


def test_the_ibans_vat_and_kvk_numbers_postcodes_and_emails_are_valid():
    organisation = ORGANISATION
    assert identifiers.clean_iban(organisation.iban) == organisation.iban
    assert identifiers.clean_bic(organisation.bic) == organisation.bic
    assert identifiers.clean_vat(organisation.vat_number) == organisation.vat_number
    assert identifiers.clean_kvk(organisation.kvk_number) == organisation.kvk_number
    for customer in full().customers:
        for iban in customer.ibans:
            assert identifiers.clean_iban(iban) == iban
        if customer.kind == "business":
            assert identifiers.clean_kvk(customer.kvk_number) == customer.kvk_number
            assert identifiers.clean_vat(customer.vat_number) == customer.vat_number
        assert identifiers.clean_dutch_postcode(customer.postcode) == customer.postcode
        for address in customer.emails.split(", "):
            validate_email(address)
            # Reserved for examples (RFC 2606): a demo reminder can never reach anyone.
            assert address.endswith(".example")


def test_every_invoice_carries_a_valid_betalingskenmerk():
    for invoice in small().invoices:
        assert validate_payment_reference(invoice.payment_reference) == invoice.payment_reference


def test_no_invoice_gets_more_than_it_owes():
    demo = full()
    owed = replay.open_amounts(demo, replay.allocations(demo))
    assert min(owed.values()) >= 0


def test_every_payment_is_spent_on_invoices():
    # The profiles never pay more than is open, so no demo payment is left as a credit.
    demo = full()
    spent: Counter = Counter()
    for allocation in replay.allocations(demo):
        if allocation.kind == "payment":
            spent[allocation.source] += allocation.amount
    assert all(spent[payment.reference] == payment.amount for payment in demo.payments)


def test_the_aging_has_open_invoices_in_every_bucket():
    for demo in (small(), full()):
        total: Counter = Counter()
        for counts in open_buckets(demo).values():
            total.update(counts)
        assert all(total[key] > 0 for key in BUCKETS), total


def test_each_profile_leaves_its_own_mark_on_the_aging():
    buckets = open_buckets(full())
    assert set(buckets[Profile.PUNCTUAL]) == {"not_due"}
    # Late and forgetful payers react to the letters (issue 22): most of what they owe is
    # recent, a few invoices wait for the formal letter or longer.
    late = buckets[Profile.LATE]
    assert late["not_due"] + late["1_30"] > sum(late.values()) / 2
    assert buckets[Profile.FORGETFUL]["31_60"] > 0
    forgetful = buckets[Profile.FORGETFUL]
    assert (
        forgetful["not_due"] + forgetful["1_30"] + forgetful["31_60"] > sum(forgetful.values()) / 2
    )
    assert all(buckets[Profile.IN_TROUBLE][key] > 0 for key in BUCKETS)
    assert buckets[Profile.DISPUTING]["over_90"] > 0
    assert buckets[Profile.GONE]["not_due"] == buckets[Profile.GONE]["1_30"] == 0
    assert buckets[Profile.GONE]["over_90"] > 0


def test_disputing_customers_get_partial_and_full_credit_notes():
    demo = full()
    disputing = {c.number for c in demo.customers if c.profile == Profile.DISPUTING}
    totals = {invoice.number: invoice.total for invoice in demo.invoices}
    notes = demo.credit_notes
    assert notes and all(note.customer_number in disputing for note in notes)
    full_credits = sum(note.total == totals[note.invoice_number] for note in notes)
    assert 0 < full_credits < len(notes)


def test_forgetful_customers_sometimes_pay_several_invoices_at_once():
    demo = full()
    forgetful = {c.number for c in demo.customers if c.profile == Profile.FORGETFUL}
    assert any(len(p.designated) > 1 for p in demo.payments if p.customer_number in forgetful)


def test_customers_in_trouble_pay_round_sums_on_account():
    demo = full()
    troubled = {c.number for c in demo.customers if c.profile == Profile.IN_TROUBLE}
    on_account = [
        p
        for p in demo.payments
        if p.customer_number in troubled
        and p.description in ("Betaling op rekening", "Payment on account")
    ]
    assert on_account
    assert all(payment.amount % 25 == 0 for payment in on_account)
    # On account of the invoices it cannot pay, never of one it pays in full later.
    paid_in_full = {
        number
        for p in demo.payments
        if p.customer_number in troubled and p not in on_account
        for number in p.designated
    }
    assert all(not set(p.designated) & paid_in_full for p in on_account)


def test_gone_customers_have_paid_nothing_for_months():
    demo = full()
    gone = {c.number for c in demo.customers if c.profile == Profile.GONE}
    last = max(p.date for p in demo.payments if p.customer_number in gone)
    assert last < demo.today - timedelta(days=100)


@pytest.mark.parametrize("count", [1, 5, 6, 20, 200])
def test_the_profile_quota_adds_up_and_gives_each_profile_one_when_it_can(count):
    profiles = quota(PROFILE_MIX["business"], count, minimum=True)
    assert len(profiles) == count
    if count >= len(Profile):
        assert set(profiles) == set(Profile)


def test_a_demo_needs_a_customer():
    with pytest.raises(ValueError):
        generate(TODAY, customers=0)
