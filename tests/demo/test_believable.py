"""The demo shows a working product: letters that yield payments, varied disputes and
promises, and no work on weekends or Dutch public holidays."""

from datetime import date

import pytest

from innen.arrangements.models import Dispute
from innen.collection.models import Hold, HoldReason, Message
from innen.demo.loader import demo_load
from innen.dunning.days import is_business_day
from innen.insights.figures import funnel_counts

pytestmark = pytest.mark.django_db

# The demo's six weeks of history then span Christmas and Boxing Day.
AFTER_CHRISTMAS = date(2027, 1, 6)
TODAY = date(2026, 11, 23)


def share(counts, *kinds):
    reached = sum(counts[kind][0] for kind in kinds if kind in counts)
    paid = sum(counts[kind][1] for kind in kinds if kind in counts)
    assert reached >= 20, f"too few {kinds} to judge: {reached}"
    return 100 * paid / reached


def test_a_believable_share_pays_after_a_reminder_and_more_after_the_formal_letter():
    demo = demo_load(today=TODAY).organisation
    counts = funnel_counts(demo, TODAY)
    after_reminder = share(counts, "reminder")
    after_letter = share(counts, "ingebrekestelling", "fourteen_day_letter")
    assert 15 <= after_reminder <= 60
    assert 25 <= after_letter <= 80
    assert after_letter > after_reminder


def test_disputes_and_promises_vary_in_reason_text_and_date():
    demo = demo_load(today=TODAY, customers=120).organisation
    disputes = list(Dispute.objects.filter(organisation=demo))
    assert len(disputes) >= 4
    assert len({d.reason for d in disputes}) >= 3
    assert len({d.message for d in disputes}) >= 3
    assert len({d.opened_on for d in disputes}) >= 3
    promises = list(Hold.objects.filter(organisation=demo, reason=HoldReason.PROMISE))
    assert len({p.note for p in promises}) >= 2
    assert len({(p.starts_on, p.ends_on) for p in promises}) >= 2


def test_no_demo_work_falls_on_a_weekend_or_a_dutch_holiday():
    demo = demo_load(today=AFTER_CHRISTMAS, customers=120).organisation
    days = set(Message.objects.filter(organisation=demo).values_list("decided_on", flat=True))
    days |= set(Dispute.objects.filter(organisation=demo).values_list("opened_on", flat=True))
    holds = Hold.objects.filter(organisation=demo, reason__in=[HoldReason.PROMISE])
    days |= set(holds.values_list("starts_on", flat=True))
    days |= set(holds.values_list("ends_on", flat=True))
    assert days
    assert [day for day in sorted(days) if not is_business_day(day)] == []


def test_the_demo_s_invoices_were_known_from_their_invoice_date_so_today_s_run_skips_none():
    from innen.daily import run_day
    from innen.ledger.models import Invoice

    demo = demo_load(today=TODAY).organisation
    invoices = Invoice.objects.filter(organisation=demo)
    assert all(i.created_at.date() == i.issue_date for i in invoices)
    summary = run_day(demo, TODAY)
    assert summary.skipped.get("before_known", 0) == 0
