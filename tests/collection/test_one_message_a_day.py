"""The run sends a customer one message a day: every invoice with its own step, the strictest
step's letter, and no second message within the policy's spacing (legal letters excepted)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.collection.explain import explain_invoice
from innen.collection.forecast import forecast
from innen.collection.models import Action, Message, MessageStatus, Policy
from innen.collection.run_text import summary_line
from innen.daily import run_day
from innen.dunning.named import NAMED_IN_LETTER
from innen.ledger.models import CustomerKind
from innen.outbox.compose import compose_letter
from innen.outbox.consumer_costs import sent_demands
from tests import factories
from tests.collection.ladders import collecting_organisation

pytestmark = pytest.mark.django_db

# The consumer ladder counts every step from the due date: reminder +7, second reminder +21,
# 14-day letter +30. On Monday 2 November 2026 three invoices reach three different steps.
LETTER_DAY = date(2026, 11, 5)  # a Thursday: no step of the three ladders meets a weekend
AT_REMINDER = LETTER_DAY - timedelta(days=7)
AT_SECOND = LETTER_DAY - timedelta(days=21)
AT_LETTER = LETTER_DAY - timedelta(days=30)


@pytest.fixture
def org():
    return collecting_organisation()


@pytest.fixture
def consumer(org):
    return factories.customer(org, kind=CustomerKind.CONSUMER, name="J. de Vries")


def run_daily(org, first: date, last: date) -> None:
    day = first
    while day <= last:
        run_day(org, day)
        day += timedelta(days=1)


def test_invoices_at_three_steps_make_one_message_with_three_actions(org, consumer):
    # One day between messages, so the earlier steps each go out on their own day.
    Policy.objects.filter(organisation=org).update(min_days_between_messages=1)
    invoices = {
        step: factories.invoice(org, consumer, total=total, due=due, number=number)
        for step, total, due, number in [
            ("reminder", "121.00", AT_REMINDER, "F-1"),
            ("second_reminder", "242.00", AT_SECOND, "F-2"),
            ("fourteen_day_letter", "60.50", AT_LETTER, "F-3"),
        ]
    }
    run_daily(org, LETTER_DAY - timedelta(days=40), LETTER_DAY - timedelta(days=1))
    run_day(org, LETTER_DAY)
    (message,) = Message.objects.filter(customer=consumer, decided_on=LETTER_DAY)
    assert message.kind == "fourteen_day_letter"
    actions = Action.objects.filter(message=message)
    # The letter names every claim in default, and for each it is its 14-day letter.
    assert {(a.invoice_id, a.kind) for a in actions} == {
        (invoice.pk, "fourteen_day_letter") for invoice in invoices.values()
    }
    letter = compose_letter(message, on=LETTER_DAY, channel="letter")
    assert [line.number for line in letter.invoices] == ["F-3", "F-2", "F-1"]
    # The costs the 14-day letter announces: the scale on the sum (15% of 423.50), not
    # EUR 40 per invoice.
    assert letter.fourteen_day is not None
    assert letter.fourteen_day.collection_costs == Decimal("63.53")


def test_a_consumer_s_14_day_letter_names_every_claim_in_default(org, consumer):
    factories.invoice(org, consumer, due=AT_LETTER, number="F-1")
    # Overdue, but its own reminder is days away: the letter names it all the same.
    factories.invoice(org, consumer, due=LETTER_DAY - timedelta(days=2), number="F-2")
    # Not yet due: not in default, not in the letter.
    factories.invoice(org, consumer, due=LETTER_DAY + timedelta(days=10), number="F-3")
    run_day(org, LETTER_DAY)
    message = Message.objects.get(customer=consumer, kind="fourteen_day_letter")
    letter = compose_letter(message, on=LETTER_DAY, channel="letter")
    assert [line.number for line in letter.invoices] == ["F-1", "F-2"]
    assert letter.fourteen_day is not None
    assert letter.fourteen_day.collection_costs == Decimal("40.00")  # the minimum, on 242.00


def test_an_invoice_a_14_day_letter_named_had_its_letter_and_gets_no_reminder_after(org, consumer):
    factories.invoice(org, consumer, due=AT_LETTER, number="F-1")
    named = factories.invoice(org, consumer, due=LETTER_DAY - timedelta(days=2), number="F-2")
    run_day(org, LETTER_DAY)

    # Its own 14-day letter step is this letter; the steps before it are passed over.
    letter = Action.objects.get(invoice=named, kind="fourteen_day_letter")
    assert letter.message is not None and letter.message.kind == "fourteen_day_letter"
    passed = Action.objects.filter(invoice=named, status="skipped")
    assert {a.kind for a in passed} >= {"reminder", "second_reminder"}
    assert {a.reason for a in passed} == {NAMED_IN_LETTER}
    # No reminder, and no second 14-day letter, in the weeks after.
    run_daily(org, LETTER_DAY + timedelta(days=1), LETTER_DAY + timedelta(days=20))
    later = Message.objects.filter(customer=consumer, decided_on__gt=LETTER_DAY)
    assert not later.filter(kind__in=["reminder", "second_reminder", "fourteen_day_letter"])
    # Once sent, the claim counts the letter as this invoice's demand: costs after its term.
    Message.objects.filter(pk=letter.message_id).update(status=MessageStatus.SENT)
    demands = sent_demands([named.pk], consumer=True)
    assert [d.demanded for d in demands] == [{named.pk: named.total}]


def test_no_second_message_within_the_spacing_and_the_held_step_goes_out_when_it_allows(
    org, consumer
):
    first = factories.invoice(org, consumer, due=date(2026, 10, 1))
    second = factories.invoice(org, consumer, due=date(2026, 10, 4))
    run_day(org, date(2026, 10, 8))  # the first invoice's reminder (and the notices)
    run_daily(org, date(2026, 10, 9), date(2026, 10, 14))
    # The second invoice's reminder was due on 11 October: held by the week's spacing.
    assert not Action.objects.filter(invoice=second, kind="reminder").exists()
    run_day(org, date(2026, 10, 15))
    reminder = Action.objects.get(invoice=second, kind="reminder")
    assert reminder.scheduled_on == date(2026, 10, 15)  # counted as sent the day it went out
    sent_on = Message.objects.filter(customer=consumer, is_call_task=False).values_list(
        "decided_on", flat=True
    )
    assert sorted(sent_on) == [date(2026, 10, 8), date(2026, 10, 15)]
    assert Action.objects.filter(invoice=first, kind="call_task").exists()


def test_the_forecast_counts_a_step_the_spacing_holds_on_the_day_it_goes_out(org, consumer):
    factories.invoice(org, consumer, due=date(2026, 10, 1))
    second = factories.invoice(org, consumer, due=date(2026, 10, 4))
    run_day(org, date(2026, 10, 8))  # the first invoice's reminder

    days = {day.day: day for day in forecast(org, date(2026, 10, 9), 10)}

    # The second invoice's reminder (due 11 October) waits for the week's spacing.
    assert days[date(2026, 10, 11)].by_kind["reminder"] == 0
    assert days[date(2026, 10, 15)].by_kind["reminder"] == 1
    assert days[date(2026, 10, 15)].spaced_here == 1
    assert days[date(2026, 10, 15)].as_json()["spaced_here"] == 1
    assert not Action.objects.filter(invoice=second).exclude(kind="pre_due_notice").exists()
    story = "\n".join(explain_invoice(second, date(2026, 10, 11)))
    assert "last got a message on 2026-10-08" in story
    assert "waits until 2026-10-15" in story


def test_a_14_day_letter_is_not_held_back_by_the_spacing(org, consumer):
    factories.invoice(org, consumer, due=date(2026, 10, 1))
    run_daily(org, date(2026, 10, 25), date(2026, 10, 30))  # the second reminder, 25 October
    run_day(org, date(2026, 10, 31))  # the 14-day letter, six days later
    assert Message.objects.filter(customer=consumer, kind="fourteen_day_letter").exists()


def test_a_run_on_a_sunday_says_that_what_is_due_goes_out_on_monday(org, consumer):
    factories.invoice(org, consumer, due=date(2026, 11, 29))  # reminder due Sunday 6 December

    summary = run_day(org, date(2026, 12, 6))

    assert summary.actions_recorded == 0
    assert "what is due goes out on Monday 2026-12-07" in summary_line(summary)
    assert run_day(org, date(2026, 12, 7)).messages_queued == 1
