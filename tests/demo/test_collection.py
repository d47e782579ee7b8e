"""The demo comes with six weeks of collection history, and today's run left to do."""

from datetime import date

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
