"""The customer's arrangements in the portal: promise, plan, question; and every refusal."""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse

from innen.arrangements.models import (
    Dispute,
    PaymentPlan,
    PlanInstalment,
    PlanStatus,
    Promise,
)
from innen.arrangements.rules import promise_deadline
from innen.arrangements.services import disputes
from innen.arrangements.uploads import MAX_BYTES
from innen.collection.models import Hold, HoldReason
from innen.dossier.models import Event, EventKind
from innen.outbox.links import portal_token
from innen.outbox.models import Document, PostedLetter
from tests import factories
from tests.arrangements.support import committed
from tests.claim_letters import claims_no_charges
from tests.samplefiles import a_page_starting_with_pdf, a_pdf, a_pdf_with_a_page_after_it

pytestmark = pytest.mark.django_db

PDF = a_pdf()


def url(name, token):
    return reverse(name, args=[token])


def nothing_arranged():
    return not (
        Promise.objects.exists()
        or PaymentPlan.objects.exists()
        or Dispute.objects.exists()
        or Hold.objects.exists()
        or Event.objects.filter(kind=EventKind.PORTAL).exists()
    )


def portal_events():
    return list(Event.objects.filter(kind=EventKind.PORTAL).order_by("seq"))


# --- promise ---------------------------------------------------------------------------


def test_the_promise_page_offers_the_open_invoices(client, token, invoices):
    response = client.get(url("portal-promise", token))
    assert response.status_code == 200
    html = response.content.decode()
    assert invoices[0].number in html and invoices[1].number in html


def test_a_promise_holds_every_open_invoice_until_one_business_day_after(
    client, token, invoices, today
):
    day = today + timedelta(days=5)
    response = client.post(url("portal-promise", token), {"promised_on": day.isoformat()})
    assert response.status_code == 302
    promise = Promise.objects.get()
    assert promise.promised_on == day and set(promise.invoices.all()) == set(invoices)
    holds = Hold.objects.filter(reason=HoldReason.PROMISE)
    assert {h.invoice_id for h in holds} == {i.pk for i in invoices}
    assert {(h.starts_on, h.ends_on) for h in holds} == {(today, promise_deadline(day))}
    [event] = portal_events()
    assert event.payload["action"] == "promise" and event.actor == "portal"
    assert event.payload["promised_on"] == day.isoformat()


def test_a_promise_can_name_some_invoices(client, token, invoices, today):
    day = today + timedelta(days=3)
    client.post(
        url("portal-promise", token), {"promised_on": day.isoformat(), "invoices": [invoices[1].pk]}
    )
    assert list(Promise.objects.get().invoices.all()) == [invoices[1]]
    assert list(Hold.objects.values_list("invoice_id", flat=True)) == [invoices[1].pk]


@pytest.mark.parametrize("days", [0, -1, 15])
def test_a_promise_outside_the_limit_is_refused_naming_the_date(
    client, token, invoices, today, days
):
    day = today + timedelta(days=days)
    response = client.post(url("portal-promise", token), {"promised_on": day.isoformat()})
    assert response.status_code == 400
    assert "promised_on" in response.context["form"].errors
    assert nothing_arranged()


def test_another_customers_invoice_is_refused_naming_the_invoices(
    client, token, invoices, org, today
):
    stranger = factories.invoice(org, factories.customer(org), due=today - timedelta(days=5))
    response = client.post(
        url("portal-promise", token),
        {"promised_on": (today + timedelta(days=3)).isoformat(), "invoices": [stranger.pk]},
    )
    assert response.status_code == 400
    assert "invoices" in response.context["form"].errors
    assert nothing_arranged()


@pytest.mark.parametrize("name", ["portal-promise", "portal-plan", "portal-dispute"])
def test_a_forged_token_is_refused_and_changes_nothing(client, token, invoices, today, name):
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    data = {
        "promised_on": (today + timedelta(days=3)).isoformat(),
        "months": "3",
        "reason": "other",
        "message": "hallo",
    }
    response = client.post(url(name, forged), data)
    assert response.status_code == 404
    assert nothing_arranged()


def test_a_token_of_another_organisation_is_refused(client, customer, invoices, today):
    other = factories.organisation("Ander B.V.")
    token = portal_token(other.pk, customer.pk)
    response = client.post(
        url("portal-promise", token), {"promised_on": (today + timedelta(days=3)).isoformat()}
    )
    assert response.status_code == 404
    assert nothing_arranged()


# --- payment plan ----------------------------------------------------------------------


def test_a_plan_within_the_rules_is_accepted_and_confirmed_in_writing(
    client, org, token, invoices, today
):
    claims_no_charges(org)  # round instalments: the principal only
    with committed():
        response = client.post(url("portal-plan", token), {"months": "3"})
    assert response.status_code == 302
    plan = PaymentPlan.objects.get()
    assert (plan.status, plan.total) == (PlanStatus.ACTIVE, Decimal("363.00"))
    amounts = list(PlanInstalment.objects.order_by("number").values_list("amount", flat=True))
    assert [str(a) for a in amounts] == ["121.00", "121.00", "121.00"]
    assert Hold.objects.filter(reason=HoldReason.PAYMENT_PLAN, ends_on=None).count() == 2
    [email] = mail.outbox
    assert email.to == ["bob@example.test"]
    assert "121,00" in email.body and "3." in email.body
    assert email.attachments[0][2] == "application/pdf"
    assert Document.objects.filter(content_type="application/pdf").exists()
    actions = [e.payload["action"] for e in Event.objects.order_by("seq") if "action" in e.payload]
    assert actions == ["payment_plan", "payment_plan_accepted", "notice_emailed"]
    # In writing: the same letter also waits for the day's print batch.
    [letter] = PostedLetter.objects.all()
    assert (letter.customer, letter.print_batch) == (plan.customer, None)


def test_a_plan_outside_the_rules_waits_for_the_controller(client, token, invoices):
    with committed():
        response = client.post(url("portal-plan", token), {"months": "9"})
    assert response.status_code == 302
    plan = PaymentPlan.objects.get()
    assert plan.status == PlanStatus.PROPOSED and plan.problems == ["more_months"]
    assert not plan.instalments.exists() and not mail.outbox
    assert Hold.objects.filter(reason=HoldReason.PAYMENT_PLAN).count() == 2


@pytest.mark.parametrize("months", ["1", "25", "abc"])
def test_a_plan_beyond_what_is_offered_is_refused_naming_the_months(
    client, token, invoices, months
):
    response = client.post(url("portal-plan", token), {"months": months})
    assert response.status_code == 400
    assert "months" in response.context["form"].errors
    assert nothing_arranged()


def test_an_invoice_already_in_a_plan_is_refused(client, token, invoices):
    client.post(url("portal-plan", token), {"months": "3"})
    response = client.post(url("portal-plan", token), {"months": "2"})
    assert response.status_code == 400
    assert "invoices" in response.context["form"].errors
    assert PaymentPlan.objects.count() == 1


# --- question or dispute ---------------------------------------------------------------


def test_a_question_with_a_pdf_holds_the_invoice_and_reaches_the_dossier(client, token, invoices):
    response = client.post(
        url("portal-dispute", token),
        {
            "reason": "amount_wrong",
            "message": "De korting ontbreekt.",
            "invoices": [invoices[0].pk],
            "attachment": SimpleUploadedFile("bon.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    assert (dispute.reason, dispute.message) == ("amount_wrong", "De korting ontbreekt.")
    assert dispute.attachment.read() == PDF
    [hold] = dispute.holds.all()
    assert (hold.reason, hold.invoice_id, hold.ends_on) == (
        HoldReason.DISPUTE,
        invoices[0].pk,
        None,
    )
    [event] = portal_events()
    assert event.payload["action"] == "dispute" and event.payload["attachment"] == "bon.pdf"


def test_an_attachment_is_stored_under_a_random_name_and_its_own_name_kept_as_data(
    client, token, invoices
):
    upload = SimpleUploadedFile("x.html", a_pdf_with_a_page_after_it(), "text/html")
    response = client.post(
        url("portal-dispute", token), {"reason": "other", "message": "zie", "attachment": upload}
    )
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    folder, stored = dispute.attachment.name.rsplit("/", 1)
    assert folder == f"disputes/{dispute.organisation_id}"
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored)
    assert dispute.attachment_name == "x.html"


def test_a_question_that_fails_to_save_leaves_no_file_behind(
    client, token, invoices, settings, monkeypatch
):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(disputes, "hold_all", locked)
    upload = SimpleUploadedFile("bon.pdf", PDF, content_type="application/pdf")
    with pytest.raises(OperationalError):
        client.post(
            url("portal-dispute", token),
            {"reason": "other", "message": "zie bijlage", "attachment": upload},
        )
    assert nothing_arranged()
    assert [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()] == []


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("tool.exe", b"MZ\x90\x00" * 10, "application/pdf"),
        ("x.html", a_page_starting_with_pdf(), "application/pdf"),
        ("big.pdf", PDF + b"%" * MAX_BYTES, "application/pdf"),
    ],
    ids=["program", "page-starting-with-pdf", "too-big"],
)
def test_a_wrong_or_too_big_file_is_refused_naming_the_attachment(
    client, token, invoices, name, data, kind
):
    response = client.post(
        url("portal-dispute", token),
        {
            "reason": "other",
            "message": "zie bijlage",
            "attachment": SimpleUploadedFile(name, data, content_type=kind),
        },
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["attachment"]
    assert nothing_arranged()


def test_a_question_without_a_message_is_refused_naming_it(client, token, invoices):
    response = client.post(url("portal-dispute", token), {"reason": "other", "message": " "})
    assert response.status_code == 400
    assert "message" in response.context["form"].errors
    assert nothing_arranged()
