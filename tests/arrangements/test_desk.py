"""The desk: plans to decide and disputes on the worklist, answering, the rules page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from innen.arrangements import services
from innen.arrangements.models import ArrangementSettings, DisputeStatus, PlanStatus
from innen.arrangements.uploads import Attachment
from innen.collection.models import Hold, HoldReason
from innen.dossier.models import Event, EventKind
from innen.filetypes import PDF, PNG
from tests import factories
from tests.arrangements.support import committed
from tests.personas import member
from tests.samplefiles import a_page_starting_with_pdf, a_pdf_with_a_page_after_it, an_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(customer, invoices, today):
    """Nine months: more than the default rules' six, so it waits for a controller."""
    return services.plan_propose(customer=customer, months=9, invoice_ids=[], today=today)


@pytest.fixture
def dispute(customer, invoices, today):
    return services.dispute_open(
        customer=customer,
        reason="not_delivered",
        message="Pallet 3 kwam nooit aan.",
        invoice_ids=[invoices[0].pk],
        today=today,
        attachment=Attachment("foto.png", an_image("PNG"), PNG),
    )


def section(html, anchor):
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


def test_the_worklist_shows_plans_to_decide_with_buttons(controller_client, proposed):
    html = controller_client.get(reverse("worklist")).content.decode()
    plans = section(html, "plans")
    assert "Bob B.V." in plans and "363,00" in plans
    assert reverse("arrangements-plan-accept", args=[proposed.pk]) in plans
    assert reverse("arrangements-plan-reject", args=[proposed.pk]) in plans


def test_a_viewer_sees_plans_without_buttons(viewer_client, proposed):
    html = viewer_client.get(reverse("worklist")).content.decode()
    assert reverse("arrangements-plan-accept", args=[proposed.pk]) not in section(html, "plans")


def test_accepting_a_plan_confirms_it_in_writing(controller_client, proposed):
    with committed():
        response = controller_client.post(reverse("arrangements-plan-accept", args=[proposed.pk]))
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == PlanStatus.ACTIVE and proposed.instalments.count() == 9
    assert proposed.decided_by.username == "carla"
    [email] = mail.outbox
    assert "9." in email.body
    event = Event.objects.get(payload__action="payment_plan_accepted")
    assert event.actor == "carla"


def test_rejecting_a_plan_resumes_collection(controller_client, proposed, today):
    controller_client.post(
        reverse("arrangements-plan-reject", args=[proposed.pk]), {"note": "te lang"}
    )
    proposed.refresh_from_db()
    assert (proposed.status, proposed.decision_note) == (PlanStatus.REJECTED, "te lang")
    assert not Hold.objects.filter(reason=HoldReason.PAYMENT_PLAN, ends_on=None).exists()
    assert Event.objects.get(payload__action="payment_plan_rejected").actor == "carla"


def test_a_viewer_cannot_decide_a_plan(viewer_client, proposed):
    response = viewer_client.post(reverse("arrangements-plan-accept", args=[proposed.pk]))
    assert response.status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == PlanStatus.PROPOSED


def test_another_organisations_plan_is_not_found(client, proposed, today):
    other = factories.organisation("Ander B.V.")
    client.force_login(member(other, "otto", "controller"))
    response = client.post(reverse("arrangements-plan-accept", args=[proposed.pk]))
    assert response.status_code == 404
    proposed.refresh_from_db()
    assert proposed.status == PlanStatus.PROPOSED


def test_the_disputes_section_shows_the_reason_message_and_a_link_to_answer(
    controller_client, dispute
):
    html = controller_client.get(reverse("worklist")).content.decode()
    disputes = section(html, "disputes")
    assert "Pallet 3 kwam nooit aan." in disputes
    assert str(dispute.get_reason_display()) in disputes
    assert reverse("arrangements-dispute", args=[dispute.pk]) in disputes


def test_an_answer_reaches_the_customer_by_email_and_in_the_portal(
    controller_client, client, dispute, token
):
    with committed():
        response = controller_client.post(
            reverse("arrangements-dispute", args=[dispute.pk]),
            {"text": "Wij sturen de pallet {morgen} na."},
        )
    assert response.status_code == 302
    [email] = mail.outbox
    assert "Wij sturen de pallet {morgen} na." in email.body and email.to == ["bob@example.test"]
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.ANSWERED
    assert Hold.objects.filter(reason=HoldReason.DISPUTE, ends_on=None).count() == 1
    client.logout()
    portal = client.get(reverse("portal-dispute", args=[token])).content.decode()
    assert "Wij sturen de pallet {morgen} na." in portal
    assert Event.objects.get(payload__action="dispute_answered").actor == "carla"


def test_resolving_a_dispute_lifts_its_hold(controller_client, dispute, today):
    controller_client.post(
        reverse("arrangements-dispute", args=[dispute.pk]),
        {"text": "Opgelost.", "resolve": "on"},
    )
    dispute.refresh_from_db()
    assert (dispute.status, dispute.resolved_on) == (DisputeStatus.RESOLVED, today)
    assert not Hold.objects.filter(reason=HoldReason.DISPUTE, ends_on=None).exists()
    assert Event.objects.filter(kind=EventKind.HOLD_LIFTED).exists()


def test_an_empty_answer_is_refused_naming_it(controller_client, dispute):
    with committed():
        response = controller_client.post(
            reverse("arrangements-dispute", args=[dispute.pk]), {"text": ""}
        )
    assert response.status_code == 400
    assert "text" in response.context["form"].errors
    assert not dispute.answers.exists() and not mail.outbox


def test_a_viewer_reads_a_dispute_but_cannot_answer(viewer_client, dispute):
    assert viewer_client.get(reverse("arrangements-dispute", args=[dispute.pk])).status_code == 200
    response = viewer_client.post(reverse("arrangements-dispute", args=[dispute.pk]), {"text": "x"})
    assert response.status_code == 403 and not dispute.answers.exists()


def test_the_attachment_downloads_for_the_organisation_only(controller_client, client, dispute):
    response = controller_client.get(reverse("arrangements-dispute-attachment", args=[dispute.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    other = factories.organisation("Ander B.V.")
    client.force_login(member(other, "otto", "controller"))
    assert client.get(reverse("arrangements-dispute", args=[dispute.pk])).status_code == 404
    url = reverse("arrangements-dispute-attachment", args=[dispute.pk])
    assert client.get(url).status_code == 404


def test_an_attachment_that_is_a_pdf_shows_as_a_pdf_named_after_what_it_is(
    controller_client, customer, invoices, today
):
    dispute = services.dispute_open(
        customer=customer,
        reason="other",
        message="zie bijlage",
        invoice_ids=[],
        today=today,
        attachment=Attachment("x.html", a_pdf_with_a_page_after_it(), PDF),
    )
    response = controller_client.get(reverse("arrangements-dispute-attachment", args=[dispute.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="x.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_stored_file_that_is_no_pdf_downloads_as_bytes_whatever_its_name(
    controller_client, dispute
):
    # As a debtor could store one before attachments were opened to check them.
    dispute.attachment.save("x.html", ContentFile(a_page_starting_with_pdf()))
    dispute.attachment_name = "x.html"
    dispute.save()
    response = controller_client.get(reverse("arrangements-dispute-attachment", args=[dispute.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="x.bin"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_owner_sets_the_rules(owner_client, org):
    response = owner_client.post(
        reverse("arrangements-settings"),
        {
            "promise_max_days": "21",
            "plan_min_instalment": "50.00",
            "plan_max_months": "12",
            "plan_min_total": "250.00",
            "plan_approval_above": "5000.00",
            "plan_grace_days": "10",
            "reminder_days": "5",
            "broken_promise_days": "90",
        },
    )
    assert response.status_code == 302
    rules = ArrangementSettings.objects.get(organisation=org)
    assert (rules.promise_max_days, rules.plan_max_months) == (21, 12)
    assert rules.plan_approval_above == Decimal("5000.00")
    assert Event.objects.get(payload__action="arrangement_rules").actor == "alice"


def test_a_rule_out_of_range_is_refused_naming_it(owner_client, org):
    response = owner_client.post(
        reverse("arrangements-settings"),
        {
            "promise_max_days": "14",
            "plan_min_instalment": "25.00",
            "plan_max_months": "40",
            "plan_min_total": "100.00",
            "plan_approval_above": "2500.00",
            "plan_grace_days": "7",
            "reminder_days": "3",
            "broken_promise_days": "90",
        },
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["plan_max_months"]
    assert not ArrangementSettings.objects.exists()


def test_only_owners_set_the_rules(controller_client):
    assert controller_client.get(reverse("arrangements-settings")).status_code == 403


def test_a_longer_promise_limit_lets_a_later_day_through(client, org, token, invoices, today):
    ArrangementSettings.objects.create(organisation=org, promise_max_days=30)
    day = today + timedelta(days=30)
    response = client.post(
        reverse("portal-promise", args=[token]), {"promised_on": day.isoformat()}
    )
    assert response.status_code == 302
