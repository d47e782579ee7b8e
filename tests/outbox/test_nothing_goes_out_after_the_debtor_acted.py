"""Nothing goes out after the debtor acted: the last check before anything leaves withdraws it.

Each exit (the print batch for a letter, sending for an e-mail, the call list for a call)
checks once more, just before it leaves, whether the invoices were paid, credited or written
off since it was decided, whether a hold (a promise, a plan, a dispute) covers them now, or
whether a letter already made no longer demands what is owed. Such a step stays home, the
dossier says why, and a step withdrawn for a hold is decided again once the hold is lifted.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.collection import services as collection
from innen.collection.models import ActionStatus, HoldReason, Message, MessageStatus
from innen.daily import run_day
from innen.dossier.models import Event, EventKind
from innen.ledger import services as ledger
from innen.ledger import settling
from innen.outbox import sending
from innen.outbox.models import Delivery, DeliveryStatus
from innen.outbox.printing import build_print_batch
from innen.web.worklist_views import call_list_today
from tests import factories
from tests.outbox.support import DUE, REMINDER_DAY, customer_of, ready_message

pytestmark = pytest.mark.django_db

CALL_DAY = date(2026, 10, 15)  # the default business ladder's call, 14 days after DUE


def letter_waiting_for_the_batch(org, customer):
    """A reminder to a customer without e-mail: made, and waiting for the print batch."""
    message = ready_message(org, customer)
    assert sending.send_message(message.pk, REMINDER_DAY) == {"letter": DeliveryStatus.PRINTING}
    return message


def pay(org, customer, amount, day=REMINDER_DAY):
    ledger.payment_register(organisation=org, customer=customer, date=day, amount=Decimal(amount))


def withdrawn_note(message):
    return Event.objects.get(kind=EventKind.MESSAGE_WITHDRAWN, payload__message=message.pk)


def test_a_letter_paid_before_the_print_batch_stays_home_and_the_dossier_says_why(org):
    customer = customer_of(org, emails="")
    invoice = factories.invoice(org, customer, total="242.00", due=DUE)
    other = customer_of(org, emails="", number="K2", name="Ander")
    factories.invoice(org, other, total="100.00", due=DUE)
    message = letter_waiting_for_the_batch(org, customer)
    kept = Message.objects.get(customer=other, kind="reminder")
    Message.objects.filter(pk=kept.pk).update(status=MessageStatus.READY)
    sending.send_message(kept.pk, REMINDER_DAY)

    pay(org, customer, "242.00")
    batch = build_print_batch(org.pk, REMINDER_DAY)

    assert batch is not None and batch.letter_count == 1  # only the other customer's letter
    letter = Delivery.objects.get(message=message)
    assert letter.status == DeliveryStatus.WITHDRAWN and letter.print_batch is None
    assert Message.objects.get(pk=message.pk).status == MessageStatus.CANCELLED
    note = withdrawn_note(message)
    assert note.payload["settled"] == [invoice.number]
    assert note.payload["withdrawn_at"] == "print batch"
    assert Delivery.objects.get(message=kept).print_batch == batch


def test_a_letter_of_two_invoices_one_paid_stays_home_whole_and_the_other_is_decided_again(org):
    customer = customer_of(org, emails="")
    paid = factories.invoice(org, customer, number="F1", total="100.00", due=DUE)
    still_open = factories.invoice(org, customer, number="F2", total="50.00", due=DUE)
    message = letter_waiting_for_the_batch(org, customer)

    ledger.payment_register(
        organisation=org,
        customer=customer,
        date=REMINDER_DAY,
        amount=Decimal("100.00"),
        designated=[paid],
    )
    assert build_print_batch(org.pk, REMINDER_DAY) is None

    statuses = dict(message.actions.values_list("invoice_id", "status"))
    assert statuses == {paid.pk: ActionStatus.CANCELLED, still_open.pk: ActionStatus.POSTPONED}
    note = withdrawn_note(message)
    assert note.payload["settled"] == ["F1"] and note.payload["changed"] == ["F2"]

    run_day(org, REMINDER_DAY + timedelta(days=1))
    again = Message.objects.exclude(pk=message.pk).get(customer=customer, kind="reminder")
    assert list(again.actions.values_list("invoice_id", flat=True)) == [still_open.pk]


def test_a_letter_whose_amount_is_no_longer_owed_stays_home(org):
    customer = customer_of(org, emails="")
    invoice = factories.invoice(org, customer, total="242.00", due=DUE)
    message = letter_waiting_for_the_batch(org, customer)

    pay(org, customer, "42.00")  # a part payment: the letter demands 242.00, 200.00 is owed

    assert build_print_batch(org.pk, REMINDER_DAY) is None
    assert Delivery.objects.get(message=message).status == DeliveryStatus.WITHDRAWN
    assert withdrawn_note(message).payload["changed"] == [invoice.number]


def test_a_letter_put_on_hold_stays_home_and_is_decided_again_when_the_hold_is_lifted(org):
    customer = customer_of(org, emails="")
    invoice = factories.invoice(org, customer, total="242.00", due=DUE)
    message = letter_waiting_for_the_batch(org, customer)

    hold = collection.hold_place(
        customer=customer,
        invoice=invoice,
        reason=HoldReason.PROMISE,
        starts_on=REMINDER_DAY,
        today=REMINDER_DAY,
    )
    assert build_print_batch(org.pk, REMINDER_DAY) is None
    assert withdrawn_note(message).payload["paused"] == [invoice.number]
    # The day's one message may carry the invoice's late pre-due notice too: the reminder is it.
    step = message.actions.get(kind="reminder")
    assert step.status == ActionStatus.POSTPONED

    lifted_on = REMINDER_DAY + timedelta(days=5)
    run_day(org, lifted_on - timedelta(days=1))
    assert Message.objects.filter(customer=customer, kind="reminder").count() == 1  # held
    collection.hold_lift(hold, on=lifted_on)
    run_day(org, lifted_on)

    again = Message.objects.exclude(pk=message.pk).get(customer=customer, kind="reminder")
    assert again.decided_on == lifted_on
    decided_again = again.actions.get(kind="reminder")
    assert (decided_again.pk, decided_again.status) == (step.pk, ActionStatus.ACTIVE)


def test_an_e_mail_waiting_to_be_tried_again_for_an_invoice_since_paid_is_not_sent(org, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    customer = customer_of(org)
    invoice = factories.invoice(org, customer, total="242.00", due=DUE)
    message = ready_message(org, customer)
    assert sending.send_message(message.pk, REMINDER_DAY) == {"email": DeliveryStatus.RETRYING}

    pay(org, customer, "242.00")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert sending.send_message(message.pk, REMINDER_DAY) == {"message": MessageStatus.CANCELLED}
    assert Delivery.objects.get(message=message).status == DeliveryStatus.WITHDRAWN
    note = withdrawn_note(message)
    assert note.payload["settled"] == [invoice.number]
    assert note.payload["withdrawn_at"] == "sending"


def test_an_e_mail_in_the_queue_for_an_invoice_since_disputed_is_not_sent(org, mailoutbox):
    customer = customer_of(org)
    invoice = factories.invoice(org, customer, total="242.00", due=DUE)
    message = ready_message(org, customer)
    # As if disputed while the run was deciding: the hold found nothing queued to withdraw.
    collection.hold_place(
        customer=customer,
        invoice=invoice,
        reason=HoldReason.DISPUTE,
        starts_on=REMINDER_DAY + timedelta(days=1),
        today=REMINDER_DAY,
    )

    sent = sending.send_message(message.pk, REMINDER_DAY + timedelta(days=1))

    assert sent == {"message": MessageStatus.CANCELLED} and not mailoutbox
    assert withdrawn_note(message).payload["paused"] == [invoice.number]


def test_a_call_for_an_invoice_since_held_is_not_on_the_call_list(org):
    customer = customer_of(org)
    invoice = factories.invoice(org, customer, total="242.00", due=DUE)
    run_day(org, CALL_DAY)
    call = Message.objects.get(customer=customer, is_call_task=True)
    assert [row.message for row in call_list_today(organisation=org, today=CALL_DAY)[0]] == [call]
    tomorrow = CALL_DAY + timedelta(days=1)
    collection.hold_place(
        customer=customer,
        invoice=invoice,
        reason=HoldReason.PAYMENT_PLAN,
        starts_on=tomorrow,
        today=CALL_DAY,
    )

    calls, later = call_list_today(organisation=org, today=tomorrow)

    assert calls == [] and later == []
    assert Message.objects.get(pk=call.pk).status == MessageStatus.CANCELLED
    note = withdrawn_note(call)
    assert note.payload["paused"] == [invoice.number]
    assert note.payload["withdrawn_at"] == "call list"


def test_a_call_for_an_invoice_since_paid_is_not_on_the_call_list(org, monkeypatch):
    customer = customer_of(org)
    invoice = factories.invoice(org, customer, total="242.00", due=DUE)
    run_day(org, CALL_DAY)
    call = Message.objects.get(customer=customer, is_call_task=True)
    # As if paid while the run was deciding: nothing was queued yet for it to withdraw.
    monkeypatch.setattr(settling, "_settled", None)
    pay(org, customer, "242.00", day=CALL_DAY)

    assert call_list_today(organisation=org, today=CALL_DAY) == ([], [])
    assert withdrawn_note(call).payload["settled"] == [invoice.number]


def test_a_consumer_message_queued_before_the_claim_is_time_barred_is_withdrawn_at_sending(org):
    # art. 7:28 BW (a consumer sale, 2 years) and art. 3:307: the last day is 7 October 2026;
    # collection stops on a time-barred consumer claim, with the reason in the dossier.
    from innen.collection.pending import BARRED_REASON
    from tests.claim_letters import demand_letter

    customer = customer_of(org, kind="consumer", name="J. Jansen")
    invoice = factories.invoice(
        org, customer, total="80.00", due=date(2024, 10, 7), issue_date=date(2024, 9, 7)
    )
    message = demand_letter(
        org, customer, [invoice], decided_on=date(2026, 10, 7), status=MessageStatus.READY
    )

    assert sending.send_message(message.pk, date(2026, 10, 8)) == {
        "message": MessageStatus.CANCELLED
    }
    assert not Delivery.objects.filter(message=message, status=DeliveryStatus.SENT).exists()
    action = message.actions.get()
    assert (action.status, action.reason) == (ActionStatus.CANCELLED, BARRED_REASON)
    assert withdrawn_note(message).payload["barred"] == [invoice.number]


def test_a_consumer_message_sent_on_the_last_day_before_limitation_goes_out(org):
    from tests.claim_letters import demand_letter

    customer = customer_of(org, kind="consumer", name="J. Jansen", emails="j@example.nl")
    invoice = factories.invoice(
        org, customer, total="80.00", due=date(2024, 10, 7), issue_date=date(2024, 9, 7)
    )
    message = demand_letter(
        org, customer, [invoice], decided_on=date(2026, 10, 7), status=MessageStatus.READY
    )
    sending.send_message(message.pk, date(2026, 10, 7))
    assert message.actions.get().status == ActionStatus.ACTIVE
