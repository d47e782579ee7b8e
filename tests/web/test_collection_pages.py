"""The collection pages: an invoice's story and holds, runs, holds and the forecast (what
waits for a person is on the worklist: tests/web/test_worklist.py)."""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django_tasks_db.models import DBTaskResult

from innen.collection import services
from innen.collection.models import Hold, Message, MessageStatus, Run
from innen.daily import run_day
from innen.organisations.models import Role
from tests import factories
from tests.personas import call_due_date, member

pytestmark = pytest.mark.django_db


def overdue_invoice(org, today, days, **fields):
    customer = factories.customer(org, phone="020 123 4567")
    return factories.invoice(
        org,
        customer,
        due=today - timedelta(days=days),
        issue_date=today - timedelta(days=days + 30),
        **fields,
    )


def awaiting_approval(org, today):
    """A hand-over, which the default policies let wait for a controller's approval."""
    invoice = overdue_invoice(org, today, 60)
    run_day(org, today)
    return invoice, Message.objects.get(customer=invoice.customer, kind="handover")


def call_task(org, today):
    invoice = overdue_invoice(org, today, (today - call_due_date(today)).days)
    run_day(org, today)
    return invoice, Message.objects.get(customer=invoice.customer, kind="call_task")


# The invoice page


def test_the_invoice_page_tells_what_collection_does_and_why(client_alice, org, today):
    invoice = overdue_invoice(org, today, 10, number="F-2026-0042", total="250.00")
    run_day(org, today)
    response = client_alice.get(reverse("invoice-detail", args=[invoice.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "F-2026-0042" in html
    assert "€\xa0250,00" in html
    assert "Beleid: Zakelijk (standaard)" in html
    assert "Betalingsherinnering [Herinnering]" in html
    assert "Volgende: " in html
    assert "Vastgelegd:" in html


def test_the_invoice_pages_explanation_says_days_as_the_dutch_desk_does(client_alice, org, today):
    invoice = overdue_invoice(org, today, 10)
    run_day(org, today)
    html = client_alice.get(reverse("invoice-detail", args=[invoice.pk])).content.decode()
    explanation = html[html.index('class="explanation"') :]
    assert f"Datum: {today:%d-%m-%Y}" in explanation
    assert f"vervalt {invoice.due_date:%d-%m-%Y}" in explanation
    assert today.isoformat() not in explanation and invoice.due_date.isoformat() not in explanation


def test_the_open_invoice_list_links_to_the_invoice_page(client_alice, org, today):
    invoice = overdue_invoice(org, today, 10)
    html = client_alice.get(reverse("home")).content.decode()
    assert reverse("invoice-detail", args=[invoice.pk]) in html


def test_placing_a_hold_on_the_invoice_pauses_it(client_alice, alice, org, today):
    invoice = overdue_invoice(org, today, 10)
    run_day(org, today)
    reminder = Message.objects.get(customer=invoice.customer, kind="reminder")
    response = client_alice.post(
        reverse("hold-place", args=[invoice.pk]),
        {"scope": "invoice", "reason": "dispute", "ends_on": "", "note": "factuur betwist"},
    )
    assert response.status_code == 302
    hold = Hold.objects.get()
    assert (hold.invoice, hold.customer, hold.reason) == (invoice, invoice.customer, "dispute")
    assert (hold.starts_on, hold.ends_on, hold.created_by) == (today, None, alice)
    reminder.refresh_from_db()
    assert reminder.status == MessageStatus.CANCELLED  # postponed: it had not gone out
    html = client_alice.get(response["Location"]).content.decode()
    assert "factuur betwist" in html
    assert "Volgende: de incasso is gepauzeerd (geschil tot die wordt opgeheven)" in html


def test_a_hold_for_the_whole_customer_has_no_invoice(client_alice, org, today):
    invoice = overdue_invoice(org, today, 10)
    ends = today + timedelta(days=14)
    client_alice.post(
        reverse("hold-place", args=[invoice.pk]),
        {"scope": "customer", "reason": "promise", "ends_on": ends.isoformat()},
    )
    hold = Hold.objects.get()
    assert (hold.invoice, hold.customer, hold.ends_on) == (None, invoice.customer, ends)


def test_a_hold_ending_before_it_starts_is_refused_and_nothing_is_placed(client_alice, org, today):
    invoice = overdue_invoice(org, today, 10)
    response = client_alice.post(
        reverse("hold-place", args=[invoice.pk]),
        {"scope": "invoice", "reason": "dispute", "ends_on": (today - timedelta(days=1))},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "A hold cannot end before it starts." in response.content.decode()
    assert not Hold.objects.exists()


def test_an_unknown_hold_reason_is_refused_and_nothing_is_placed(client_alice, org, today):
    invoice = overdue_invoice(org, today, 10)
    response = client_alice.post(
        reverse("hold-place", args=[invoice.pk]), {"scope": "invoice", "reason": "holiday"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    assert not Hold.objects.exists()


def test_lifting_a_hold_resumes_collection(client_alice, org, today):
    invoice = overdue_invoice(org, today, 10)
    hold = services.hold_place(
        customer=invoice.customer,
        reason="promise",
        starts_on=today - timedelta(days=5),
        today=today,
    )
    page = reverse("invoice-detail", args=[invoice.pk])
    response = client_alice.post(reverse("hold-lift", args=[hold.pk]), {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    hold.refresh_from_db()
    assert hold.ends_on == today - timedelta(days=1)


def test_lifting_a_hold_that_has_not_begun_removes_it(client_alice, org, today):
    invoice = overdue_invoice(org, today, 10)
    hold = services.hold_place(
        customer=invoice.customer, reason="manual", starts_on=today + timedelta(days=3)
    )
    response = client_alice.post(
        reverse("hold-lift", args=[hold.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("collection")
    assert not Hold.objects.exists()


# The collection page


def test_the_collection_page_lists_holds_and_runs_and_counts_what_waits_on_the_worklist(
    client_alice, org, today
):
    handover_invoice, _ = awaiting_approval(org, today)
    call_invoice, _ = call_task(org, today)
    services.hold_place(
        customer=call_invoice.customer, reason="promise", starts_on=today, note="belt terug"
    )
    response = client_alice.get(reverse("collection"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["waiting"] == {"approvals": 1, "calls": 1}
    assert "belt terug" in html
    assert len(response.context["runs"]) == 2
    # Approving and recording a call are done on the worklist only.
    assert 'href="/worklist/"' in html
    assert "/approve/" not in html and "/reject/" not in html
    assert "/calls/" not in html
    assert handover_invoice.number not in html


def test_the_web_ui_has_one_way_to_approve_and_to_record_a_call():
    for name in ("message-approve", "message-reject", "call-done"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1])


def test_run_now_queues_the_run_for_the_background_worker(client_alice, org, today):
    before = DBTaskResult.objects.count()
    response = client_alice.post(reverse("collection-run"), follow=True)
    assert response.status_code == 200
    assert DBTaskResult.objects.count() == before + 1
    task = DBTaskResult.objects.filter(task_path__endswith="run_organisation").get()
    assert task.task_path == "innen.daily.run_organisation"
    assert task.args_kwargs["args"] == [org.pk, today.isoformat()]
    assert not Run.objects.exists()  # the worker runs it, not the page


def test_the_forecast_counts_the_coming_actions_per_kind(client_alice, org, today):
    overdue_invoice(org, today, -3)  # due in three days: the reminder follows in ten
    response = client_alice.get(reverse("collection-forecast"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 31
    by_day = {day.day: dict(day.by_kind) for day, _ in response.context["rows"] if day.actions}
    [reminder_on] = [day for day, kinds in by_day.items() if kinds == {"reminder": 1}]
    # ten days from now, or a day or two later when a Sunday or holiday moved the pre-due
    # notice or the reminder itself
    assert today + timedelta(days=10) <= reminder_on <= today + timedelta(days=13)
    assert response.context["total"] == sum(response.context["totals"])


# Who may see and do what


def test_another_organisations_invoice_hold_and_message_are_not_found(
    client_alice, org, other_org, today
):
    invoice, handover = awaiting_approval(other_org, today)
    # Starts later, so that it leaves the hand-over awaiting approval.
    hold = services.hold_place(
        customer=invoice.customer, reason="dispute", starts_on=today + timedelta(days=5)
    )
    assert client_alice.get(reverse("invoice-detail", args=[invoice.pk])).status_code == 404
    posts = [
        (reverse("hold-place", args=[invoice.pk]), {"scope": "invoice", "reason": "dispute"}),
        (reverse("hold-lift", args=[hold.pk]), {}),
    ]
    for url, data in posts:
        assert client_alice.post(url, data).status_code == 404, url
    handover.refresh_from_db()
    assert handover.status == MessageStatus.AWAITING_APPROVAL
    assert Hold.objects.count() == 1
    assert invoice.number not in client_alice.get(reverse("collection")).content.decode()


def test_a_viewer_sees_the_pages_but_may_not_act(viewer_client, org, today):
    invoice, handover = awaiting_approval(org, today)
    # Starts later, so that it leaves the hand-over awaiting approval.
    hold = services.hold_place(
        customer=invoice.customer, reason="dispute", starts_on=today + timedelta(days=5)
    )
    for url in (
        reverse("invoice-detail", args=[invoice.pk]),
        reverse("collection"),
        reverse("collection-forecast"),
    ):
        response = viewer_client.get(url)
        assert response.status_code == 200, url
        assert 'name="csrfmiddlewaretoken"' not in response.content.decode().split("<main>")[1]
    before = DBTaskResult.objects.count()
    posts = [
        (reverse("hold-place", args=[invoice.pk]), {"scope": "invoice", "reason": "dispute"}),
        (reverse("hold-lift", args=[hold.pk]), {}),
        (reverse("collection-run"), {}),
    ]
    for url, data in posts:
        assert viewer_client.post(url, data).status_code == 403, url
    handover.refresh_from_db()
    assert handover.status == MessageStatus.AWAITING_APPROVAL
    assert list(Hold.objects.values_list("pk", "ends_on")) == [(hold.pk, None)]
    assert DBTaskResult.objects.count() == before


def test_a_controller_may_act(client, org, today):
    client.force_login(member(org, "carla", Role.CONTROLLER))
    assert client.post(reverse("collection-run")).status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in(client, org, today):
    invoice, handover = awaiting_approval(org, today)
    for response in (
        client.get(reverse("invoice-detail", args=[invoice.pk])),
        client.get(reverse("collection")),
        client.get(reverse("collection-forecast")),
        client.post(reverse("worklist-message-approve", args=[handover.pk])),
        client.post(reverse("collection-run")),
    ):
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    handover.refresh_from_db()
    assert handover.status == MessageStatus.AWAITING_APPROVAL


def test_the_actions_only_take_posts(client_alice, org, today):
    _, handover = awaiting_approval(org, today)
    assert (
        client_alice.get(reverse("worklist-message-approve", args=[handover.pk])).status_code == 405
    )
    assert client_alice.get(reverse("collection-run")).status_code == 405


def test_the_collection_page_speaks_dutch(client_alice, org):
    html = client_alice.get(reverse("collection")).content.decode()
    assert "Incasso" in html and "Naar de werklijst" in html
