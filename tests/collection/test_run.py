"""The daily run against a real database: exactly once, catch-up, holds, payments, approval."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import translation

from innen.cli.main import main
from innen.collection import services
from innen.collection.explain import explain_invoice
from innen.collection.forecast import forecast
from innen.collection.models import (
    Action,
    ActionStatus,
    CollectionSettings,
    CustomerCollection,
    InvoiceExclusion,
    Message,
    MessageStatus,
    Policy,
    Run,
    SegmentPolicy,
)
from innen.collection.policies import PolicyResolver, policy_create, policy_install_defaults
from innen.daily import run_day
from innen.dunning.policy import (
    Anchor,
    CustomerKind,
    Step,
    StepKind,
)
from innen.dunning.policy import (
    Policy as DomainPolicy,
)
from innen.insights.models import Snapshot
from innen.ledger import services as ledger
from innen.ledger import settling
from innen.ledger.models import CustomerKind as LedgerKind
from innen.outbox.delivery import deliver
from tests import factories
from tests.collection.ladders import collecting_organisation

pytestmark = pytest.mark.django_db

DUE = date(2026, 10, 1)
# Default ladder for an invoice due 1 October 2026: pre-due 28 Sep, reminder 8 Oct, call
# 15 Oct, second reminder 22 Oct, ingebrekestelling 31 Oct (term to 14 Nov), hand-over 28 Nov.
REMINDER_DAY = date(2026, 10, 8)


@pytest.fixture
def org():
    return collecting_organisation()


def steps_of(invoice):
    return sorted(
        (a.step.position, a.scheduled_on, a.status)
        for a in Action.objects.filter(invoice=invoice).select_related("step")
    )


def test_a_second_run_on_the_same_day_records_nothing_new(org):
    customer = factories.customer(org)
    factories.invoice(org, customer, due=DUE)
    first = run_day(org, REMINDER_DAY)
    second = run_day(org, REMINDER_DAY)
    assert first.actions_recorded == 2  # the pre-due notice and the reminder
    assert second.actions_recorded == 0
    assert second.actions_already_recorded == 2
    assert second.actions_planned == first.actions_planned
    assert Action.objects.count() == 2
    assert Run.objects.filter(organisation=org).count() == 2


def test_the_database_refuses_a_second_action_for_the_same_invoice_and_step(org):
    from django.db import IntegrityError, transaction

    customer = factories.customer(org)
    factories.invoice(org, customer, due=DUE)
    run_day(org, REMINDER_DAY)
    action = Action.objects.first()
    action.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        action.save()


def test_a_customer_gets_one_message_a_day_listing_every_invoice_with_its_step(org):
    customer = factories.customer(org)
    other = factories.customer(org)
    for _ in range(3):
        factories.invoice(org, customer, due=DUE)
    factories.invoice(org, other, due=DUE)
    run_day(org, REMINDER_DAY)
    reminders = Message.objects.filter(kind="reminder")
    assert reminders.count() == 2
    assert Message.objects.filter(customer=customer).count() == 1
    mine = reminders.get(customer=customer)
    # The pre-due notices the run catches up on share the day's message with the reminders.
    kinds = sorted(mine.actions.values_list("kind", flat=True))
    assert kinds == ["pre_due_notice"] * 3 + ["reminder"] * 3
    assert mine.pay_before == REMINDER_DAY + timedelta(days=7)


def test_a_run_after_days_off_does_what_was_due_once_like_daily_runs(org):
    daily_org = factories.organisation("Daily B.V.")
    policy_install_defaults(organisation=daily_org)
    CollectionSettings.objects.create(organisation=daily_org, starts_on=date(2026, 1, 1))
    dues = [DUE, DUE + timedelta(days=5), DUE + timedelta(days=12)]
    for organisation in (org, daily_org):
        customer = factories.customer(organisation)
        for due in dues:
            factories.invoice(organisation, customer, due=due)
    # Spacing between messages is the one thing a run after days off cannot replay (the
    # missed days' messages become one): with one day between messages both ladders agree.
    Policy.objects.filter(organisation__in=[org, daily_org]).update(min_days_between_messages=1)
    end = date(2026, 11, 10)
    day = date(2026, 9, 20)
    while day <= end:
        run_day(daily_org, day)
        day += timedelta(days=1)
    run_day(org, date(2026, 9, 20))
    caught_up = run_day(org, end)
    assert caught_up.actions_recorded > 3

    def history(organisation):
        return sorted(
            (a.invoice.due_date, a.step.position, a.scheduled_on)
            for a in Action.objects.filter(organisation=organisation).select_related(
                "invoice", "step"
            )
        )

    assert history(org) == history(daily_org)
    assert len(history(org)) == len(set(history(org)))


def test_a_full_payment_cancels_what_is_queued_and_a_paid_invoice_gets_nothing(org, monkeypatch):
    customer = factories.customer(org)
    invoice = factories.invoice(org, customer, total="100.00", due=DUE)
    run_day(org, REMINDER_DAY)
    reminder = Message.objects.get(kind="reminder")
    assert reminder.status == MessageStatus.QUEUED
    # As if paid while the run was deciding: nothing was queued yet for it to withdraw.
    monkeypatch.setattr(settling, "_settled", None)
    ledger.payment_register(
        organisation=org, customer=customer, date=REMINDER_DAY, amount=Decimal("100.00")
    )
    later = run_day(org, date(2026, 11, 30))
    reminder.refresh_from_db()
    assert reminder.status == MessageStatus.CANCELLED
    assert later.actions_recorded == 0
    # Nothing had gone out yet: the pre-due notice and the reminder are both withdrawn.
    assert later.withdrawn == 2
    assert set(Action.objects.filter(invoice=invoice).values_list("status", flat=True)) == {
        ActionStatus.CANCELLED
    }


def test_a_partial_payment_re_anchors_the_open_amount_of_the_next_step(org):
    customer = factories.customer(org)
    invoice = factories.invoice(org, customer, total="100.00", due=DUE)
    run_day(org, REMINDER_DAY)
    ledger.payment_register(
        organisation=org, customer=customer, date=date(2026, 10, 10), amount=Decimal("40.00")
    )
    run_day(org, date(2026, 10, 15))
    call = Action.objects.get(invoice=invoice, kind="call_task")
    assert call.open_amount == Decimal("60.00")
    assert Action.objects.get(invoice=invoice, kind="reminder").open_amount == Decimal("100.00")


def test_a_hold_postpones_what_is_queued_and_collection_resumes_where_it_left_off(org):
    customer = factories.customer(org)
    invoice = factories.invoice(org, customer, due=DUE)
    run_day(org, REMINDER_DAY)
    hold = services.hold_place(
        customer=customer,
        invoice=invoice,
        reason="dispute",
        starts_on=REMINDER_DAY,
        today=REMINDER_DAY,
    )
    # The pre-due notice, decided before the hold, is not sent after the due date instead.
    assert Action.objects.get(invoice=invoice, kind="pre_due_notice").status == "postponed"
    reminder = Action.objects.get(invoice=invoice, kind="reminder")
    assert reminder.status == ActionStatus.POSTPONED
    paused = run_day(org, date(2026, 10, 20))
    assert paused.actions_recorded == 0
    assert paused.skipped["hold"] == 1

    services.hold_lift(hold, on=date(2026, 10, 21))
    resumed = run_day(org, date(2026, 10, 21))
    reminder.refresh_from_db()
    assert resumed.actions_recorded == 1
    assert reminder.status == ActionStatus.ACTIVE
    assert reminder.scheduled_on == date(2026, 10, 21)
    # The ladder keeps its spacing: the call follows the reminder by a week, as planned.
    run_day(org, date(2026, 10, 28))
    assert Action.objects.get(invoice=invoice, kind="call_task").scheduled_on == date(2026, 10, 28)
    assert len(steps_of(invoice)) == len({s[0] for s in steps_of(invoice)})


def test_a_dry_run_shows_what_would_happen_and_changes_nothing(org):
    customer = factories.customer(org)
    factories.invoice(org, customer, due=DUE)
    summary = run_day(org, REMINDER_DAY, dry_run=True)
    assert summary.actions_recorded == 2
    assert Action.objects.count() == Message.objects.count() == Run.objects.count() == 0


def test_innen_run_json_prints_one_object_with_the_counts(org, capsys):
    customer = factories.customer(org)
    factories.invoice(org, customer, due=DUE)
    held = factories.customer(org)
    factories.invoice(org, held, due=DUE)
    services.hold_place(customer=held, reason="promise", starts_on=date(2026, 9, 1))
    assert main(["run", "--date", "2026-10-08", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result == {
        "date": "2026-10-08",
        "dry_run": False,
        "actions_planned": 2,
        "actions_recorded": 2,
        "actions_already_recorded": 0,
        "messages_queued": 1,  # the pre-due notice and the reminder, in one message
        "call_tasks": 0,
        "awaiting_approval": 0,
        "withdrawn": 0,
        "skipped": {"hold": 1},
    }


def test_a_step_that_needs_approval_waits_and_a_rejected_one_is_not_decided_again(org):
    customer = factories.customer(org)
    invoice = factories.invoice(org, customer, due=DUE)
    run_day(org, date(2026, 11, 30))
    handover = Message.objects.get(kind="handover")
    assert handover.status == MessageStatus.AWAITING_APPROVAL
    user = User.objects.create_user("controller", password="x-long-password")
    services.message_reject(handover, user=user, reason="klant belde: betaalt vrijdag")
    assert run_day(org, date(2026, 12, 1)).actions_recorded == 0
    assert Action.objects.get(invoice=invoice, kind="handover").status == ActionStatus.CANCELLED


def test_an_approved_message_is_queued_for_delivery(org):
    from django_tasks_db.models import DBTaskResult

    customer = factories.customer(org)
    factories.invoice(org, customer, due=DUE)
    run_day(org, date(2026, 11, 30))
    handover = Message.objects.get(kind="handover")
    before = DBTaskResult.objects.count()
    services.message_approve(handover, user=User.objects.create_user("c", password="x-pw-long"))
    handover.refresh_from_db()
    assert handover.status == MessageStatus.QUEUED
    assert DBTaskResult.objects.count() == before + 1


def test_call_steps_become_call_tasks_and_are_not_delivered(org):
    customer = factories.customer(org)
    factories.invoice(org, customer, due=DUE)
    summary = run_day(org, date(2026, 10, 15))
    assert summary.call_tasks == 1
    call = Message.objects.get(kind="call_task")
    assert call.is_call_task
    deliver([call.pk], date(2026, 10, 15))
    call.refresh_from_db()
    assert call.status == MessageStatus.QUEUED
    services.call_done(call, note="voicemail ingesproken")
    call.refresh_from_db()
    assert call.status == MessageStatus.DONE


def test_delivery_withdraws_an_invoice_paid_after_the_run(org, monkeypatch):
    customer = factories.customer(org)
    paid = factories.invoice(org, customer, total="50.00", due=DUE)
    still_open = factories.invoice(org, customer, total="80.00", due=DUE)
    run_day(org, REMINDER_DAY)
    reminder = Message.objects.get(kind="reminder")
    # As if paid while the run was deciding: nothing was queued yet for it to withdraw.
    monkeypatch.setattr(settling, "_settled", None)
    ledger.payment_register(
        organisation=org,
        customer=customer,
        date=REMINDER_DAY,
        amount=Decimal("50.00"),
        designated=[paid],
    )
    # The paid invoice's pre-due notice and reminder (the day's one message) are withdrawn.
    assert deliver([reminder.pk], REMINDER_DAY) == {"ready": 1, "withdrawn": 2}
    reminder.refresh_from_db()
    assert reminder.status == MessageStatus.READY
    assert set(reminder.actions.filter(status="active").values_list("invoice", flat=True)) == {
        still_open.pk
    }


# The worker closes its database connection when done: outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_what_the_run_queued(org, mailoutbox):
    customer = factories.customer(org)
    factories.invoice(org, customer, due=DUE)
    run_day(org, REMINDER_DAY)
    assert main(["worker", "--batch"]) == 0
    statuses = set(Message.objects.exclude(is_call_task=True).values_list("status", flat=True))
    # Delivery checks against the real today, when this invoice is long due and still open.
    assert statuses == {MessageStatus.SENT}
    assert len(mailoutbox) == 1  # the pre-due notice and the reminder, in one e-mail


def test_excluded_customers_and_invoices_are_skipped_with_their_reason(org):
    customer = factories.customer(org)
    factories.invoice(org, customer, due=DUE)
    CustomerCollection.objects.create(organisation=org, customer=customer, excluded=True)
    other = factories.customer(org)
    invoice = factories.invoice(org, other, due=DUE)
    InvoiceExclusion.objects.create(
        organisation=org, invoice=invoice, reason="afspraak met directeur"
    )
    summary = run_day(org, REMINDER_DAY)
    assert summary.actions_recorded == 0
    assert summary.skipped["excluded"] == 2


def test_a_step_below_its_minimum_is_passed_by_and_counted(org):
    policy = Policy.objects.get(organisation=org, customer_kind="business")
    policy.steps.update(min_open_amount=Decimal("500.00"))
    customer = factories.customer(org)
    factories.invoice(org, customer, total="20.00", due=DUE)
    summary = run_day(org, REMINDER_DAY)
    assert summary.actions_recorded == 0
    assert summary.skipped["below_minimum"] == 1


def test_a_customer_policy_overrides_the_segment_which_overrides_the_default(org):
    strict = policy_create(
        organisation=org,
        domain=DomainPolicy(
            "Streng",
            CustomerKind.BUSINESS,
            (Step(StepKind.REMINDER, "Direct", 1, pay_term_days=7),),
        ),
    )
    own = policy_create(
        organisation=org,
        domain=DomainPolicy("Eigen", CustomerKind.BUSINESS, (Step(StepKind.REMINDER, "Eigen", 2),)),
    )
    consumer_only = Policy.objects.get(organisation=org, customer_kind="consumer")
    SegmentPolicy.objects.create(
        organisation=org, segment="horeca", customer_kind="business", policy=strict
    )
    plain = factories.customer(org)
    horeca = factories.customer(org, segment="horeca")
    special = factories.customer(org, segment="horeca")
    CustomerCollection.objects.create(organisation=org, customer=special, policy=own)
    wrong_kind = factories.customer(org, segment="retail")
    SegmentPolicy.objects.create(
        organisation=org, segment="retail", customer_kind="business", policy=consumer_only
    )
    resolver = PolicyResolver(org)

    def chosen(customer):
        return resolver.policies[
            resolver.policy_id(customer, resolver.settings_for([customer.pk]).get(customer.pk))
        ].name

    assert chosen(plain) == "Zakelijk (standaard)"
    assert chosen(horeca) == "Streng"
    assert chosen(special) == "Eigen"
    # A consumer ladder is never used for a business (nor the other way round).
    assert chosen(wrong_kind) == "Zakelijk (standaard)"


def test_a_consumer_policy_claiming_costs_before_a_14_day_letter_is_refused(org):
    unlawful = DomainPolicy(
        "Te snel",
        CustomerKind.CONSUMER,
        (
            Step(StepKind.REMINDER, "Herinnering", 7, pay_term_days=7),
            Step(StepKind.HANDOVER, "Incasso", 14, anchor=Anchor.PREVIOUS_TERM, claims_costs=True),
        ),
    )
    # The reason in the active language, as the desk shows it.
    with translation.override("nl"), pytest.raises(ValidationError, match="veertiendagenbrief"):
        policy_create(organisation=org, domain=unlawful)
    with translation.override("en"), pytest.raises(ValidationError, match="14-day letter"):
        policy_create(organisation=org, domain=unlawful)
    assert not Policy.objects.filter(name="Te snel").exists()


def test_a_consumer_is_charged_costs_only_after_the_14_day_letters_term(org):
    consumer = factories.customer(org, kind=LedgerKind.CONSUMER, name="J. Jansen")
    invoice = factories.invoice(org, consumer, due=DUE)
    day = date(2026, 9, 25)
    while day <= date(2026, 12, 31):
        run_day(org, day)
        day += timedelta(days=1)
    letter = Action.objects.get(invoice=invoice, kind="fourteen_day_letter")
    handover = Action.objects.get(invoice=invoice, kind="handover")
    from innen.law.letter_term import letter_term

    assert not letter.claims_costs
    assert handover.claims_costs
    assert handover.scheduled_on >= letter_term(letter.decided_on, "post").costs_from


def test_explain_tells_the_policy_the_steps_done_and_why_nothing_happens(org):
    customer = factories.customer(org)
    invoice = factories.invoice(org, customer, due=DUE)
    run_day(org, REMINDER_DAY)
    Message.objects.update(status=MessageStatus.SENT)  # what the sender does
    services.hold_place(
        customer=customer,
        reason="promise",
        starts_on=date(2026, 10, 9),
        ends_on=date(2026, 10, 31),
        today=date(2026, 10, 9),
    )
    text = "\n".join(explain_invoice(invoice, date(2026, 10, 20)))
    assert "Policy: Zakelijk (standaard)" in text
    assert "Betalingsherinnering [Reminder] 2026-10-08: done" in text
    assert "collection is on hold (promise to pay until 2026-10-31)" in text
    # the call of 15 October waits for the hold; 1 November is a Sunday: Monday 2 November
    assert "next step on 2026-11-02" in text


def test_forecast_lists_the_actions_planned_for_each_coming_day(org):
    customer = factories.customer(org)
    factories.invoice(org, customer, due=DUE)
    days = forecast(org, date(2026, 10, 1), 30)
    assert len(days) == 31
    by_day = {d.day: dict(d.by_kind) for d in days if d.actions}
    assert by_day == {
        date(2026, 10, 1): {"pre_due_notice": 1},  # due 28 Sep, not yet run today
        date(2026, 10, 8): {"reminder": 1},
        date(2026, 10, 15): {"call_task": 1},
        date(2026, 10, 22): {"second_reminder": 1},
        date(2026, 10, 31): {"ingebrekestelling": 1},
    }


# The worker closes its database connection when done: outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_run_split_into_batches_is_done_by_the_workers(org, monkeypatch):
    from innen.collection import run as run_module
    from innen.daily import run_organisation

    monkeypatch.setattr(run_module, "BATCH_SIZE", 2)
    monkeypatch.setattr("innen.daily.BATCH_SIZE", 2)
    for _ in range(5):
        factories.invoice(org, factories.customer(org), due=DUE)
    clean = run_day(org, REMINDER_DAY, dry_run=True)
    run_organisation.enqueue(org.pk, REMINDER_DAY.isoformat(), split=True)
    assert main(["worker", "--batch"]) == 0
    assert Action.objects.filter(organisation=org).count() == clean.actions_recorded == 10
    assert Message.objects.filter(organisation=org).count() == 5  # one per customer
    # The day's other work is done too: here, the dashboard's snapshot.
    assert Snapshot.objects.get(organisation=org).taken_on == REMINDER_DAY


def test_the_daily_task_sweeps_the_arrangement_notices(org):
    from django_tasks_db.models import DBTaskResult

    from innen.daily import daily_run

    daily_run.call()

    assert DBTaskResult.objects.filter(task_path__endswith="sweep_deliveries_task").exists()


def test_the_worker_books_the_next_daily_run_once(org):
    from django_tasks_db.models import DBTaskResult

    from innen.daily import daily_run, schedule_daily_run

    schedule_daily_run()
    schedule_daily_run()
    booked = DBTaskResult.objects.filter(task_path=daily_run.module_path)
    assert booked.count() == 1
    assert booked.get().run_after is not None


def test_nothing_goes_out_on_a_day_a_hold_covers_even_a_step_due_before_it(org):
    customer = factories.customer(org)
    invoice = factories.invoice(org, customer, due=DUE)
    services.hold_place(
        customer=customer, reason="dispute", starts_on=date(2026, 10, 20), today=date(2026, 10, 20)
    )
    # No run happened while the reminder and the call were due; the dispute came first.
    summary = run_day(org, date(2026, 10, 20))
    assert summary.actions_recorded == 0
    assert summary.skipped["hold"] == 1
    assert not Message.objects.filter(is_call_task=True).exists()
    assert "collection is on hold (dispute until lifted)" in "\n".join(
        explain_invoice(invoice, date(2026, 10, 20))
    )


def test_a_message_whose_delivery_task_was_lost_is_queued_again_by_the_next_run(org):
    from django_tasks_db.models import DBTaskResult

    customer = factories.customer(org)
    factories.invoice(org, customer, due=DUE)
    run_day(org, REMINDER_DAY)
    DBTaskResult.objects.all().delete()  # the worker died with the tasks
    run_day(org, REMINDER_DAY + timedelta(days=1))
    task = DBTaskResult.objects.get()
    queued = set(Message.objects.filter(status=MessageStatus.QUEUED).values_list("pk", flat=True))
    assert set(task.args_kwargs["args"][0]) == queued and len(queued) == 1


def test_the_daily_run_books_tomorrows_while_it_runs(org):
    from django_tasks_db.models import DBTaskResult

    from innen.daily import daily_run, schedule_daily_run

    schedule_daily_run()
    # The worker picks today's run up: it is running, and books the next one itself.
    DBTaskResult.objects.filter(task_path=daily_run.module_path).update(status="RUNNING")
    schedule_daily_run()
    waiting = DBTaskResult.objects.filter(task_path=daily_run.module_path, status="READY")
    assert waiting.count() == 1 and waiting.get().run_after is not None
