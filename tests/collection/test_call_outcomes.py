"""What a call's outcome does: the call list, the holds it places and the dossier's record."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import translation

from innen.collection import calls, services
from innen.collection.calls import MAX_ATTEMPTS, PROMISE_MAX_DAYS, call_outcome
from innen.collection.models import CollectionSettings, Hold, HoldReason, Message, MessageStatus
from innen.collection.policies import policy_install_defaults
from innen.daily import run_day
from innen.dossier.models import Event, EventKind
from innen.ledger.services import payment_register
from tests import factories

pytestmark = pytest.mark.django_db

FRIDAY = date(2026, 3, 6)
MONDAY = date(2026, 3, 9)
TUESDAY = date(2026, 3, 10)


@pytest.fixture
def org():
    organisation = factories.organisation("Alice B.V.")
    policy_install_defaults(organisation=organisation)
    CollectionSettings.objects.create(organisation=organisation, starts_on=date(2025, 1, 1))
    return organisation


@pytest.fixture
def user(org):
    return User.objects.create_user("carla", password="x-long-password")


@pytest.fixture
def invoice(org):
    customer = factories.customer(org, phone="020 123 4567")
    return factories.invoice(
        org, customer, due=FRIDAY - timedelta(days=14), issue_date=FRIDAY - timedelta(days=44)
    )


@pytest.fixture
def call(org, invoice):
    """The default policy's call, 14 days after the due date."""
    run_day(org, FRIDAY)
    return Message.objects.get(customer=invoice.customer, kind="call_task")


def call_events(call):
    return list(
        Event.objects.filter(kind=EventKind.CALL, customer_id=call.customer_id).order_by("seq")
    )


def test_reached_finishes_the_call_with_its_note_in_the_dossier(call, user):
    call_outcome(call, "reached", today=FRIDAY, user=user, note="betaalt volgende week")
    call.refresh_from_db()
    assert call.status == MessageStatus.DONE
    assert call.status_reason == "reached: betaalt volgende week"
    [event] = call_events(call)
    assert event.payload["outcome"] == "reached"
    assert event.payload["note"] == "betaalt volgende week"
    assert (event.actor, event.day) == ("carla", FRIDAY)
    assert not Hold.objects.exists()


def test_not_reached_keeps_the_call_for_the_next_business_day(call, user):
    recorded = call_outcome(call, "not_reached", today=FRIDAY, user=user)
    call.refresh_from_db()
    assert call.status in (MessageStatus.QUEUED, MessageStatus.READY)
    assert recorded.attempts.retry_on == MONDAY
    [event] = call_events(call)
    assert (event.payload["outcome"], event.payload["attempt"]) == ("not_reached", 1)
    assert event.payload["retry_on"] == MONDAY.isoformat()
    assert calls.call_attempts([call])[call.pk].retry_on == MONDAY


def test_not_reached_twice_on_one_day_is_refused_and_counts_once(call, user):
    call_outcome(call, "not_reached", today=FRIDAY, user=user)
    with pytest.raises(ValidationError) as error:
        call_outcome(call, "not_reached", today=FRIDAY, user=user)
    assert "outcome" in error.value.message_dict
    assert len(call_events(call)) == 1


def test_after_the_last_try_not_reached_finishes_the_call(call, user):
    days = [FRIDAY, MONDAY, TUESDAY]
    assert len(days) == MAX_ATTEMPTS
    for day in days:
        call_outcome(call, "not_reached", today=day, user=user)
    call.refresh_from_db()
    assert call.status == MessageStatus.DONE
    assert call.status_reason == f"not reached ({MAX_ATTEMPTS} of {MAX_ATTEMPTS})"
    assert "retry_on" not in call_events(call)[-1].payload


def test_a_promise_pauses_the_calls_invoices_until_the_promised_day(call, invoice, user):
    promised = FRIDAY + timedelta(days=10)
    call_outcome(call, "promised", today=FRIDAY, user=user, promised_date=promised, note="")
    call.refresh_from_db()
    assert call.status == MessageStatus.DONE
    hold = Hold.objects.get()
    assert (hold.invoice, hold.reason) == (invoice, HoldReason.PROMISE)
    assert (hold.starts_on, hold.ends_on) == (FRIDAY, promised)
    [event] = call_events(call)
    assert event.payload["promised_on"] == promised.isoformat()
    placed = Event.objects.get(kind=EventKind.HOLD_PLACED)
    assert placed.invoice_id == invoice.pk


def test_when_a_promise_lapses_collection_resumes_the_next_day(org, call, invoice, user):
    promised = FRIDAY + timedelta(days=10)
    call_outcome(call, "promised", today=FRIDAY, user=user, promised_date=promised)
    decided = Message.objects.filter(customer=invoice.customer)
    run_day(org, promised)
    assert not decided.filter(decided_on=promised).exists()
    run_day(org, promised + timedelta(days=1))
    # The reminder queued with the call had not gone out: the promise held it back until now.
    assert list(decided.filter(decided_on=promised + timedelta(days=1)).values_list("kind")) == [
        ("reminder",)
    ]


@pytest.mark.parametrize(
    "promised",
    [None, FRIDAY, FRIDAY - timedelta(days=1), FRIDAY + timedelta(days=PROMISE_MAX_DAYS + 1)],
    ids=["no date", "today", "in the past", "too far ahead"],
)
def test_a_promise_without_a_good_date_names_the_field_and_changes_nothing(call, user, promised):
    with pytest.raises(ValidationError) as error:
        call_outcome(call, "promised", today=FRIDAY, user=user, promised_date=promised)
    assert list(error.value.message_dict) == ["promised_date"]
    call.refresh_from_db()
    assert call.status in (MessageStatus.QUEUED, MessageStatus.READY)
    assert not Hold.objects.exists()
    assert call_events(call) == []


def test_a_promise_on_the_last_day_allowed_is_taken(call, user):
    last = FRIDAY + timedelta(days=PROMISE_MAX_DAYS)
    call_outcome(call, "promised", today=FRIDAY, user=user, promised_date=last)
    assert Hold.objects.get().ends_on == last


def _earlier_promise(invoice, ends_on):
    """A promise-to-pay hold on another invoice of the call's customer, as the portal makes."""
    other = factories.invoice(invoice.organisation, invoice.customer, due=FRIDAY - timedelta(30))
    return Hold.objects.create(
        organisation=invoice.organisation,
        customer=invoice.customer,
        invoice=other,
        reason=HoldReason.PROMISE,
        starts_on=FRIDAY - timedelta(days=20),
        ends_on=ends_on,
    )


@pytest.mark.parametrize(
    ("ends_on", "says"),
    [
        (FRIDAY + timedelta(days=3), "running until 9 March 2026"),
        (FRIDAY - timedelta(days=3), "broke a promise to pay (its last day was 3 March 2026)"),
    ],
    ids=["one runs", "one was broken"],
)
def test_a_chained_promise_is_refused_at_the_desk(call, invoice, user, ends_on, says):
    _earlier_promise(invoice, ends_on)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        call_outcome(call, "promised", today=FRIDAY, user=user, promised_date=TUESDAY)
    assert says in error.value.message_dict["promised_date"][0]
    call.refresh_from_db()
    assert call.status in (MessageStatus.QUEUED, MessageStatus.READY)
    assert Hold.objects.count() == 1 and call_events(call) == []


def test_a_kept_promise_lets_the_desk_note_a_new_one(org, call, invoice, user):
    earlier = _earlier_promise(invoice, FRIDAY - timedelta(days=3))
    payment_register(
        organisation=org,
        customer=invoice.customer,
        date=FRIDAY - timedelta(days=4),
        amount=earlier.invoice.total,
        designated=[earlier.invoice],
    )
    call_outcome(call, "promised", today=FRIDAY, user=user, promised_date=TUESDAY)
    assert Hold.objects.filter(invoice=invoice, reason=HoldReason.PROMISE).exists()


def test_a_dispute_pauses_the_calls_invoices_until_lifted_with_the_reason(call, invoice, user):
    call_outcome(call, "dispute", today=FRIDAY, user=user, note="levering onvolledig")
    hold = Hold.objects.get()
    assert (hold.invoice, hold.reason, hold.ends_on) == (invoice, HoldReason.DISPUTE, None)
    assert hold.note == "levering onvolledig"
    assert call_events(call)[0].payload["outcome"] == "dispute"


def test_a_dispute_needs_a_note_saying_what_is_disputed(call, user):
    with pytest.raises(ValidationError) as error:
        call_outcome(call, "dispute", today=FRIDAY, user=user, note="  ")
    assert list(error.value.message_dict) == ["note"]
    assert not Hold.objects.exists()


def test_a_payment_plan_request_pauses_until_the_controller_decides(call, invoice, user):
    call_outcome(call, "payment_plan_requested", today=FRIDAY, user=user, note="3 termijnen")
    call.refresh_from_db()
    assert call.status == MessageStatus.DONE
    hold = Hold.objects.get()
    assert (hold.invoice, hold.reason, hold.ends_on) == (invoice, HoldReason.PAYMENT_PLAN, None)
    assert call_events(call)[0].payload["outcome"] == "payment_plan_requested"


def test_an_unknown_outcome_is_refused(call, user):
    with pytest.raises(ValidationError) as error:
        call_outcome(call, "hung_up", today=FRIDAY, user=user)
    assert list(error.value.message_dict) == ["outcome"]


def test_a_finished_call_takes_no_second_outcome(call, user):
    call_outcome(call, "reached", today=FRIDAY, user=user)
    with pytest.raises(ValidationError):
        call_outcome(call, "dispute", today=FRIDAY, user=user, note="toch niet")
    assert not Hold.objects.exists()


def test_an_outcome_is_all_or_nothing(call, user, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "hold_place", broken)
    with pytest.raises(RuntimeError):
        call_outcome(call, "dispute", today=FRIDAY, user=user, note="te duur")
    call.refresh_from_db()
    assert call.status in (MessageStatus.QUEUED, MessageStatus.READY)
    assert call_events(call) == []
