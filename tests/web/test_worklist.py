"""The worklist: today's calls and their outcomes, approvals, failed deliveries, bank lines to
review, disputes; and the customer page's policy with what happens next."""

from datetime import timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from innen.banking.models import BankAccount, BankEntry, MatchStatus, StatementImport
from innen.collection import services
from innen.collection.calls import PROMISE_MAX_DAYS, Attempts
from innen.collection.models import (
    Hold,
    HoldReason,
    Message,
    MessageStatus,
)
from innen.daily import run_day
from innen.dossier.models import Event, EventKind
from innen.law.limitation import add_years
from innen.ledger.models import CustomerKind
from innen.outbox.models import Delivery, DeliveryChannel, DeliveryStatus
from tests import factories
from tests.personas import call_due_date

pytestmark = pytest.mark.django_db

_ids = count(1)
IBANS = ["NL91ABNA0417164300", "NL02RABO0123456789", "NL20INGB0001234567"]


def overdue_invoice(org, today, days, **fields):
    customer = factories.customer(org, phone="020 123 4567", name=f"Klant {next(_ids)} B.V.")
    return factories.invoice(
        org,
        customer,
        due=today - timedelta(days=days),
        issue_date=today - timedelta(days=days + 30),
        **fields,
    )


def call_task(org, today, **fields):
    invoice = overdue_invoice(org, today, (today - call_due_date(today)).days, **fields)
    run_day(org, today)
    return invoice, Message.objects.get(customer=invoice.customer, kind="call_task")


def awaiting_approval(org, today):
    """A hand-over, which the default policies let wait for a controller's approval."""
    invoice = overdue_invoice(org, today, 60)
    run_day(org, today)
    return Message.objects.get(customer=invoice.customer, kind="handover")


def failed_delivery(org, today):
    invoice = overdue_invoice(org, today, 8)
    run_day(org, today)
    message = Message.objects.get(customer=invoice.customer, kind="reminder")
    return Delivery.objects.create(
        organisation=org,
        message=message,
        channel=DeliveryChannel.EMAIL,
        unique_id=f"<{next(_ids)}@innen.test>",
        status=DeliveryStatus.FAILED,
        last_error="550 mailbox unknown",
    )


def bank_line_to_review(org, today, name="Onbekende betaler"):
    account = BankAccount.objects.filter(organisation=org).first()
    if account is None:
        account = BankAccount.objects.create(organisation=org, iban=IBANS[org.pk % len(IBANS)])
    statement = StatementImport.objects.create(
        organisation=org,
        account=account,
        file_name="dag.xml",
        file_sha256="0" * 64,
        format="camt.053.001.02",
        entries=1,
        imported=1,
        duplicates=0,
    )
    return BankEntry.objects.create(
        organisation=org,
        account=account,
        statement_import=statement,
        identity=f"entry-{next(_ids)}",
        number=1,
        booking_date=today,
        amount=Decimal("99.50"),
        counterparty_name=name,
        match_status=MatchStatus.REVIEW,
    )


def dispute(org, today, note="levering onvolledig"):
    invoice = overdue_invoice(org, today, 20)
    return services.hold_place(
        customer=invoice.customer,
        invoice=invoice,
        reason=HoldReason.DISPUTE,
        starts_on=today,
        note=note,
        today=today,
    )


def section(html, anchor):
    """The HTML of the page's section with id `anchor`."""
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


# The page


def test_the_worklist_lists_each_section_with_its_count(controller_client, org, today):
    _, call = call_task(org, today, number="F-CALL-1")
    handover = awaiting_approval(org, today)
    delivery = failed_delivery(org, today)
    bank_line_to_review(org, today, name="J. de Vries")
    hold = dispute(org, today, note="prijs klopt niet")
    response = controller_client.get(reverse("worklist"))
    assert response.status_code == 200
    html = response.content.decode()

    calls = section(html, "calls")
    assert call.customer.name in calls
    assert "020 123 4567" in calls
    assert "F-CALL-1" in calls
    assert reverse("worklist-call-outcome", args=[call.pk]) in calls
    # The hand-over's and the failed reminder's customers are to be called as well.
    assert f'<span class="muted">({Message.objects.filter(kind="call_task").count()})' in calls

    approvals = section(html, "approvals")
    assert handover.customer.name in approvals
    assert reverse("worklist-message-approve", args=[handover.pk]) in approvals

    deliveries = section(html, "deliveries")
    assert reverse("outbox-message", args=[delivery.message_id]) in deliveries
    assert "550 mailbox unknown" in deliveries

    bank = section(html, "bank")
    assert "J. de Vries" in bank
    assert reverse("bank-review") in bank

    disputes = section(html, "disputes")
    assert "prijs klopt niet" in disputes
    assert reverse("customer-detail", args=[hold.customer_id]) in disputes


def test_a_call_shows_the_customers_open_items_and_latest_dossier_events(
    controller_client, org, today
):
    invoice, _ = call_task(org, today, number="F-OLD-1", total="300.00")
    factories.invoice(org, invoice.customer, number="F-NEW-2", due=today + timedelta(days=5))
    services.hold_place(
        customer=invoice.customer,
        reason=HoldReason.MANUAL,
        starts_on=today + timedelta(days=30),
        note="vakantie klant",
        today=today,
    )
    response = controller_client.get(reverse("worklist"))
    calls = section(response.content.decode(), "calls")
    assert "F-OLD-1" in calls and "F-NEW-2" in calls
    assert "€\xa0300,00" in calls
    assert f'<td class="num overdue">{(today - invoice.due_date).days}</td>' in calls
    [row] = response.context["calls"]
    newest = Event.objects.filter(customer_id=invoice.customer_id).order_by("-seq")[:3]
    assert [entry.event for entry in row.history] == list(newest)
    assert "vakantie klant" in calls


def test_the_worklist_shows_only_the_organisations_own_work(
    controller_client, org, other_org, today
):
    _, theirs = call_task(other_org, today)
    dispute(other_org, today, note="van een ander")
    bank_line_to_review(other_org, today, name="Andermans betaler")
    html = controller_client.get(reverse("worklist")).content.decode()
    assert theirs.customer.name not in html
    assert "van een ander" not in html
    assert "Andermans betaler" not in html


def barred_soon(org, today):
    """A consumer's invoice whose claim is barred in 30 days (art. 7:28 BW: 2 years)."""
    customer = factories.customer(org, kind=CustomerKind.CONSUMER, name=f"J. {next(_ids)}")
    due = add_years(today + timedelta(days=30), -2) - timedelta(days=1)
    return factories.invoice(org, customer, due=due, issue_date=due - timedelta(days=30))


def one_of_each(org, today):
    call_task(org, today)
    awaiting_approval(org, today)
    failed_delivery(org, today)
    bank_line_to_review(org, today)
    dispute(org, today)
    barred_soon(org, today)


def test_the_worklist_asks_the_database_the_same_few_times_however_long_it_is(
    controller_client, org, today, django_assert_max_num_queries
):
    one_of_each(org, today)
    # 32: the call list's last check (a call since paid or held is withdrawn) is one query,
    # one message a day adds one more, the claims barred soon five (the candidates, the
    # demands that went out and their deliveries, promises, plans), the promises due or
    # broken one, what each customer owes one and their behaviour segments one; none grows
    # with the list.
    with django_assert_max_num_queries(32) as first:
        controller_client.get(reverse("worklist"))
    for _ in range(3):
        one_of_each(org, today)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = controller_client.get(reverse("worklist"))
    assert len(response.context["calls"]) == Message.objects.filter(kind="call_task").count() > 4
    assert response.context["approvals_count"] == 4
    assert response.context["deliveries_count"] == 4
    assert response.context["bank_count"] == 4
    assert response.context["disputes_count"] == 4
    assert response.context["barring_count"] == 4


# Recording a call's outcome


def test_recording_reached_takes_the_call_off_the_list(controller_client, org, today):
    _, call = call_task(org, today)
    response = controller_client.post(
        reverse("worklist-call-outcome", args=[call.pk]),
        {"outcome": "reached", "note": "betaalt vrijdag"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("worklist") + "#calls"
    call.refresh_from_db()
    assert call.status == MessageStatus.DONE
    assert controller_client.get(reverse("worklist")).context["calls"] == []
    event = Event.objects.get(kind=EventKind.CALL)
    assert (event.actor, event.payload["outcome"]) == ("carla", "reached")


def test_a_call_not_reached_waits_for_the_next_business_day(controller_client, org, today):
    _, call = call_task(org, today)
    controller_client.post(
        reverse("worklist-call-outcome", args=[call.pk]), {"outcome": "not_reached"}
    )
    context = controller_client.get(reverse("worklist")).context
    assert context["calls"] == []
    [later] = context["later"]
    assert later.message == call
    assert later.attempts.retry_on == Attempts(1, today).retry_on


def test_recording_a_promise_places_a_promise_hold_until_the_day(controller_client, org, today):
    invoice, call = call_task(org, today)
    promised = today + timedelta(days=7)
    controller_client.post(
        reverse("worklist-call-outcome", args=[call.pk]),
        {"outcome": "promised", "promised_date": promised.isoformat()},
    )
    hold = Hold.objects.get()
    assert (hold.invoice, hold.reason, hold.ends_on) == (invoice, HoldReason.PROMISE, promised)


def test_recording_a_dispute_puts_it_on_the_disputes_list(controller_client, org, today):
    invoice, call = call_task(org, today)
    controller_client.post(
        reverse("worklist-call-outcome", args=[call.pk]),
        {"outcome": "dispute", "note": "dubbel gefactureerd"},
    )
    disputes = section(controller_client.get(reverse("worklist")).content.decode(), "disputes")
    assert "dubbel gefactureerd" in disputes
    assert invoice.number in disputes


@pytest.mark.parametrize(
    ("promised", "why"),
    [
        (None, "Give the day the customer promised to pay."),
        (-1, "The promised day must be after today."),
        (PROMISE_MAX_DAYS + 1, "A promise is at most 30 days ahead; longer is a payment plan."),
    ],
)
def test_a_promise_without_a_good_date_names_the_field_and_changes_nothing(
    controller_client, org, today, settings, promised, why
):
    settings.LANGUAGE_CODE = "en"
    _, call = call_task(org, today)
    day = "" if promised is None else (today + timedelta(days=promised)).isoformat()
    response = controller_client.post(
        reverse("worklist-call-outcome", args=[call.pk]),
        {"outcome": "promised", "promised_date": day},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    form = next(c.form for c in response.context["calls"] if c.message == call)
    assert list(form.errors) == ["promised_date"]
    assert why in form.errors["promised_date"]
    assert why in response.content.decode()
    call.refresh_from_db()
    assert call.status in (MessageStatus.QUEUED, MessageStatus.READY)
    assert not Hold.objects.exists()
    assert not Event.objects.filter(kind=EventKind.CALL).exists()


def test_a_viewer_cannot_record_an_outcome_or_approve(viewer_client, org, today):
    _, call = call_task(org, today)
    handover = awaiting_approval(org, today)
    for url, data in [
        (reverse("worklist-call-outcome", args=[call.pk]), {"outcome": "reached"}),
        (reverse("worklist-message-approve", args=[handover.pk]), {}),
        (reverse("worklist-message-reject", args=[handover.pk]), {}),
    ]:
        assert viewer_client.post(url, data).status_code == 403
    call.refresh_from_db()
    handover.refresh_from_db()
    assert call.status in (MessageStatus.QUEUED, MessageStatus.READY)
    assert handover.status == MessageStatus.AWAITING_APPROVAL


def test_a_viewer_sees_the_worklist_without_forms(viewer_client, org, today):
    _, call = call_task(org, today)
    response = viewer_client.get(reverse("worklist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert call.customer.name in html
    assert reverse("worklist-call-outcome", args=[call.pk]) not in html


def test_another_organisations_message_is_not_found(controller_client, other_org, today):
    _, theirs = call_task(other_org, today)
    handover = awaiting_approval(other_org, today)
    for url, data in [
        (reverse("worklist-call-outcome", args=[theirs.pk]), {"outcome": "reached"}),
        (reverse("worklist-message-approve", args=[handover.pk]), {}),
        (reverse("worklist-message-reject", args=[handover.pk]), {}),
    ]:
        assert controller_client.post(url, data).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status in (MessageStatus.QUEUED, MessageStatus.READY)


# Approvals from the worklist


def test_approving_from_the_worklist_queues_the_step_and_comes_back(controller_client, org, today):
    handover = awaiting_approval(org, today)
    response = controller_client.post(reverse("worklist-message-approve", args=[handover.pk]))
    assert response["Location"] == reverse("worklist") + "#approvals"
    handover.refresh_from_db()
    assert handover.status == MessageStatus.QUEUED


def test_rejecting_from_the_worklist_cancels_the_step_with_the_reason(
    controller_client, org, today
):
    handover = awaiting_approval(org, today)
    controller_client.post(
        reverse("worklist-message-reject", args=[handover.pk]), {"reason": "klant belt zelf"}
    )
    handover.refresh_from_db()
    assert (handover.status, handover.status_reason) == (
        MessageStatus.CANCELLED,
        "klant belt zelf",
    )


# The customer page: the policy and what happens next


def test_the_customer_page_names_the_policy_and_each_invoices_next_step(
    controller_client, org, today
):
    invoice = overdue_invoice(org, today, 3, number="F-NEXT-1")
    run_day(org, today)
    response = controller_client.get(reverse("customer-detail", args=[invoice.customer_id]))
    outlook = response.context["outlook"]
    assert outlook.policy == "Zakelijk (standaard)"
    [next_step] = outlook.steps
    assert next_step.invoice == invoice
    # The reminder comes 7 days after the due date.
    assert (next_step.step.step.name, next_step.step.on) == (
        "Betalingsherinnering",
        invoice.due_date + timedelta(days=7),
    )
    html = section(response.content.decode(), "outlook")
    assert "Zakelijk (standaard)" in html
    assert "Betalingsherinnering" in html


def test_the_customer_page_says_when_a_hold_stops_the_next_step(controller_client, org, today):
    invoice = overdue_invoice(org, today, 3)
    services.hold_place(
        customer=invoice.customer,
        invoice=invoice,
        reason=HoldReason.DISPUTE,
        starts_on=today,
        today=today,
    )
    response = controller_client.get(reverse("customer-detail", args=[invoice.customer_id]))
    [next_step] = response.context["outlook"].steps
    assert next_step.step.on is None
    assert next_step.decision.waiting == "hold"
    assert str(HoldReason.DISPUTE.label) == next_step.hold_reason


def test_a_controller_pauses_one_invoice_from_the_customer_page_and_lifts_it_with_a_reason(
    controller_client, org, today
):
    invoice = overdue_invoice(org, today, 20)
    url = reverse("customer-hold-place", args=[invoice.customer_id])

    controller_client.post(url, {"scope": str(invoice.pk), "reason": "manual", "note": "bellen"})

    hold = Hold.objects.get()
    assert (hold.invoice, hold.customer, hold.reason) == (invoice, invoice.customer, "manual")
    controller_client.post(reverse("hold-lift", args=[hold.pk]), {"reason": "afgesproken"})
    lifted = Event.objects.get(kind=EventKind.HOLD_LIFTED)
    assert lifted.payload["why"] == "afgesproken"


def test_a_hold_from_the_customer_page_with_a_bad_date_names_the_field_and_places_nothing(
    controller_client, org, today
):
    invoice = overdue_invoice(org, today, 20)
    response = controller_client.post(
        reverse("customer-hold-place", args=[invoice.customer_id]),
        {"scope": "customer", "reason": "manual", "ends_on": "31-02-2026"},
        follow=True,
    )

    assert not Hold.objects.exists()
    assert any("Tot" in str(m) or "Until" in str(m) for m in response.context["messages"])


def test_a_viewer_cannot_pause_from_the_customer_page(viewer_client, org, today):
    invoice = overdue_invoice(org, today, 20)
    url = reverse("customer-hold-place", args=[invoice.customer_id])
    assert viewer_client.post(url, {"scope": "customer", "reason": "manual"}).status_code == 403
    assert not Hold.objects.exists()


def test_approving_queues_the_step_for_delivery(controller_client, org, today):
    handover = awaiting_approval(org, today)
    before = DBTaskResult.objects.count()
    controller_client.post(reverse("worklist-message-approve", args=[handover.pk]))
    assert DBTaskResult.objects.count() == before + 1


def test_approving_twice_says_so_and_changes_nothing(controller_client, org, today):
    handover = awaiting_approval(org, today)
    url = reverse("worklist-message-approve", args=[handover.pk])
    controller_client.post(url)
    response = controller_client.post(url, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "no longer awaiting approval" in response.content.decode()
    handover.refresh_from_db()
    assert handover.status == MessageStatus.QUEUED


def test_the_ticked_steps_are_approved_together(controller_client, org, today):
    first, second, untouched = (awaiting_approval(org, today) for _ in range(3))
    response = controller_client.post(
        reverse("worklist-messages-decide"),
        {"decision": "approve", "message": [first.pk, second.pk]},
        follow=True,
    )
    statuses = dict(Message.objects.filter(kind="handover").values_list("pk", "status"))
    assert statuses == {
        first.pk: MessageStatus.QUEUED,
        second.pk: MessageStatus.QUEUED,
        untouched.pk: MessageStatus.AWAITING_APPROVAL,
    }
    assert "2 stappen goedgekeurd." in response.content.decode()


def test_the_ticked_steps_are_rejected_together_with_the_reason(controller_client, org, today):
    first, second = (awaiting_approval(org, today) for _ in range(2))
    controller_client.post(
        reverse("worklist-messages-decide"),
        {"decision": "reject", "message": [first.pk, second.pk], "reason": "klant belde"},
    )
    rows = set(Message.objects.filter(kind="handover").values_list("status", "status_reason"))
    assert rows == {(MessageStatus.CANCELLED, "klant belde")}


def test_ticking_a_step_no_longer_awaiting_approval_decides_none(controller_client, org, today):
    first, second = (awaiting_approval(org, today) for _ in range(2))
    controller_client.post(reverse("worklist-message-approve", args=[second.pk]))
    response = controller_client.post(
        reverse("worklist-messages-decide"),
        {"decision": "approve", "message": [first.pk, second.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "nothing was decided" in response.content.decode()
    first.refresh_from_db()
    assert first.status == MessageStatus.AWAITING_APPROVAL


def test_a_viewer_cannot_decide_ticked_steps(viewer_client, org, today):
    handover = awaiting_approval(org, today)
    response = viewer_client.post(
        reverse("worklist-messages-decide"), {"decision": "approve", "message": [handover.pk]}
    )
    assert response.status_code == 403
    handover.refresh_from_db()
    assert handover.status == MessageStatus.AWAITING_APPROVAL


def test_a_viewer_sees_no_action_buttons(viewer_client, org, today):
    awaiting_approval(org, today)
    dispute(org, today)
    call_task(org, today)
    html = viewer_client.get(reverse("worklist")).content.decode().split("<main")[1]
    assert "data-action=" not in html.replace('data-action="answer-dispute"', "")
    assert 'name="csrfmiddlewaretoken"' not in html


# Disputes, promises, the per-customer blocks and the filter


def test_a_dispute_offers_a_credit_note_and_closing_lifts_its_hold(controller_client, org, today):
    hold = dispute(org, today, note="prijs klopt niet")
    html = section(controller_client.get(reverse("worklist")).content.decode(), "disputes")
    assert reverse("invoice-credit-note", args=[hold.invoice_id]) in html
    assert 'data-action="close-dispute"' in html
    response = controller_client.post(
        reverse("hold-lift", args=[hold.pk]),
        {"next": reverse("worklist") + "#disputes", "reason": "creditnota gemaakt"},
    )
    assert response["Location"] == reverse("worklist") + "#disputes"
    assert controller_client.get(reverse("worklist")).context["disputes_count"] == 0


def promise(org, today, ends_on, days=20):
    invoice = overdue_invoice(org, today, days)
    services.hold_place(
        customer=invoice.customer,
        invoice=invoice,
        reason=HoldReason.PROMISE,
        starts_on=ends_on - timedelta(days=10),
        ends_on=ends_on,
        today=today,
    )
    return invoice


def test_promises_due_today_and_broken_this_week_are_listed(controller_client, org, today):
    due = promise(org, today, today)
    broken = promise(org, today, today - timedelta(days=2))
    promise(org, today, today - timedelta(days=30))  # broken long ago: the ladder went on
    promise(org, today, today + timedelta(days=3))  # still running
    context = controller_client.get(reverse("worklist")).context
    assert [(hold.invoice, late) for hold, late in context["promises"]] == [
        (due, False),
        (broken, True),
    ]
    html = section(controller_client.get(reverse("worklist")).content.decode(), "promises")
    assert "Niet nagekomen" in html and "Vervalt vandaag" in html


def test_a_customer_with_several_things_today_shows_as_one_block(controller_client, org, today):
    invoice, call = call_task(org, today, number="F-BLOK-1")
    services.hold_place(
        customer=invoice.customer,
        invoice=factories.invoice(org, invoice.customer, due=today - timedelta(days=40)),
        reason=HoldReason.DISPUTE,
        starts_on=today,
        today=today,
    )
    other = overdue_invoice(org, today, 20, total="10.00")
    services.hold_place(
        customer=other.customer, invoice=other, reason=HoldReason.DISPUTE, starts_on=today
    )
    blocks = controller_client.get(reverse("worklist")).context["blocks"]
    mine = next(block for block in blocks if block.customer == invoice.customer)
    assert [kind for kind, _label, _items in mine.kinds] == ["calls", "disputes"]
    assert f"call-{call.pk}" in [item.anchor for item in mine.items]
    # The same urgency: the customer who owes the most comes first.
    assert [block.customer for block in blocks][-1] == other.customer


def test_a_claim_about_to_be_time_barred_puts_its_customer_first(controller_client, org, today):
    call_task(org, today)
    barred = barred_soon(org, today)
    blocks = controller_client.get(reverse("worklist")).context["blocks"]
    assert blocks[0].customer == barred.customer


def test_the_filter_shows_one_kind_of_work(controller_client, org, today):
    call_task(org, today)
    awaiting_approval(org, today)
    html = controller_client.get(reverse("worklist"), {"kind": "approvals"}).content.decode()
    assert 'id="approvals"' in html
    assert 'id="calls"' not in html and 'id="by-customer"' not in html
    everything = controller_client.get(reverse("worklist"), {"kind": "nonsense"})
    assert 'id="calls"' in everything.content.decode()
