"""The demo comes with six weeks of collection history, and today's run left to do."""

from datetime import date, timedelta

import pytest

from innen.collection.models import Action, Hold, Message, MessageStatus, Policy
from innen.daily import run_day
from innen.demo.loader import demo_load

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo():
    return demo_load(today=TODAY, customers=60).organisation


def test_the_demo_has_both_default_policies_and_some_holds(demo):
    kinds = set(
        Policy.objects.filter(organisation=demo, is_default=True).values_list(
            "customer_kind", flat=True
        )
    )
    assert kinds == {"business", "consumer"}
    assert Hold.objects.filter(organisation=demo).exists()


def test_the_past_weeks_messages_went_out_and_todays_run_is_left_to_do(demo):
    past = Message.objects.filter(organisation=demo)
    assert past.exists()
    assert not past.filter(decided_on__gte=TODAY).exists()
    assert not past.filter(status=MessageStatus.QUEUED, is_call_task=False).exists()
    first = run_day(demo, TODAY)
    again = run_day(demo, TODAY)
    assert again.actions_recorded == 0
    assert again.actions_already_recorded == first.actions_recorded


def test_no_invoice_of_the_demo_got_a_step_twice(demo):
    pairs = list(Action.objects.filter(organisation=demo).values_list("invoice_id", "step_id"))
    assert len(pairs) == len(set(pairs)) > 0


def test_the_replayed_history_leaves_no_delivery_work_behind(demo):
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.exists()


def test_the_history_s_events_are_recorded_in_working_hours_on_their_own_day(demo):
    from django.utils import timezone

    from innen.demo.clock import DAY_STARTS
    from innen.dossier.models import Event
    from innen.dossier.verify import verify_chain

    events = Event.objects.filter(organisation=demo, day__lt=TODAY).order_by("seq")
    moments = [(e.day, timezone.localtime(e.occurred_at)) for e in events]
    assert moments
    assert all(moment.date() == day and moment.time() >= DAY_STARTS for day, moment in moments)
    # A day's events follow one another, minutes apart: not all at the minute of the load.
    by_day: dict[date, list] = {}
    for day, moment in moments:
        by_day.setdefault(day, []).append(moment)
    assert all(times == sorted(set(times)) for times in by_day.values())
    busiest = max(by_day.values(), key=len)
    assert busiest[-1] - busiest[0] > timedelta(minutes=10)
    assert verify_chain(demo.pk).intact


def test_the_same_seed_records_the_history_at_the_same_times():
    from innen.dossier.models import Event

    def moments():
        organisation = demo_load(today=TODAY, customers=20, reset=True).organisation
        events = Event.objects.filter(organisation=organisation, day__lt=TODAY).order_by("seq")
        return [(e.kind, e.occurred_at) for e in events]

    assert moments() == moments()
