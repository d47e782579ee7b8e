"""The claim on the desk: the invoice and customer pages show principal, interest, costs and
the claim; each payment split as art. 6:44 BW applies it; waiving is a person's logged act."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from innen.dossier.models import Event, EventKind
from innen.ledger import services as ledger
from innen.outbox.invoice_claim import invoice_claim
from tests import factories
from tests.claim_letters import demand_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimed(org, today):
    """A business invoice of EUR 1210 due 60 days ago, a letter claiming interest and costs."""
    customer = factories.customer(org, name="Bob B.V.")
    invoice = factories.invoice(
        org,
        customer,
        total="1210.00",
        due=today - timedelta(days=60),
        issue_date=today - timedelta(days=90),
    )
    demand_letter(org, customer, [invoice], decided_on=today - timedelta(days=20))
    return invoice


def test_the_invoice_page_shows_the_claim_as_of_today(client_alice, claimed, today):
    claim = invoice_claim(claimed, today)
    assert claim.interest > 0 and claim.collection_costs > 0
    html = client_alice.get(reverse("invoice-detail", args=[claimed.pk])).content.decode()
    assert "Vordering" in html and "Incassokosten" in html
    response = client_alice.get(reverse("invoice-detail", args=[claimed.pk]))
    assert response.context["claim"] == claim


def test_the_customer_page_shows_each_invoices_claim_and_their_sum(client_alice, claimed, today):
    response = client_alice.get(reverse("customer-detail", args=[claimed.customer_id]))
    claim = invoice_claim(claimed, today)
    assert response.context["claims_total"]["total"] == claim.claim_total
    assert claim.claim_total > Decimal("1210.00")


def test_art_6_44_a_payment_goes_to_costs_then_interest_then_principal(
    client_alice, org, claimed, today
):
    before = invoice_claim(claimed, today)
    ledger.payment_register(
        organisation=org, customer=claimed.customer, date=today, amount=Decimal("100.00")
    )
    claimed.refresh_from_db()
    [split] = invoice_claim(claimed, today).payments
    assert split.to_costs == min(Decimal("100.00"), before.collection_costs)
    assert split.to_interest == min(Decimal("100.00") - split.to_costs, before.interest)
    assert split.to_costs + split.to_interest + split.to_principal == Decimal("100.00")
    html = client_alice.get(reverse("invoice-detail", args=[claimed.pk])).content.decode()
    assert "art. 6:44 BW" in html


def test_the_ledger_keeps_the_principal_the_claim_reads_it(org, claimed, today):
    ledger.payment_register(
        organisation=org, customer=claimed.customer, date=today, amount=Decimal("100.00")
    )
    claimed.refresh_from_db()
    claim = invoice_claim(claimed, today)
    assert claim.principal == claimed.outstanding == Decimal("1110.00")
    assert invoice_claim(claimed, today - timedelta(days=1)).principal == Decimal("1210.00")


def test_waiving_is_a_logged_act_and_the_claim_leaves_it_out(controller_client, claimed, today):
    response = controller_client.post(
        reverse("charges-waive", args=[claimed.pk]),
        {"interest": "on", "costs": "on", "reason": "goodwill"},
    )
    assert response.status_code == 302
    event = Event.objects.get(kind=EventKind.CHARGES_WAIVED)
    assert event.actor == "carla" and event.payload["reason"] == "goodwill"
    assert event.invoice_id == claimed.pk
    claim = invoice_claim(claimed, today)
    assert (claim.interest, claim.collection_costs) == (0, 0)
    assert claim.waived.interest and claim.waived.costs
    html = controller_client.get(reverse("invoice-detail", args=[claimed.pk])).content.decode()
    assert "Rente of kosten kwijtgescholden" in html  # the dossier's timeline shows who and why
    assert "goodwill" in html


def test_waiving_needs_a_reason_and_changes_nothing_without(controller_client, claimed, today):
    controller_client.post(reverse("charges-waive", args=[claimed.pk]), {"interest": "on"})
    assert not Event.objects.filter(kind=EventKind.CHARGES_WAIVED).exists()
    assert invoice_claim(claimed, today).interest > 0


def test_a_viewer_cannot_waive(viewer_client, claimed):
    response = viewer_client.post(
        reverse("charges-waive", args=[claimed.pk]), {"costs": "on", "reason": "x"}
    )
    assert response.status_code == 403
    assert not Event.objects.filter(kind=EventKind.CHARGES_WAIVED).exists()


def test_once_the_principal_is_paid_innen_claims_no_more_everywhere_and_the_page_says_why(
    client_alice, org, claimed, today
):
    # art. 6:44 BW sends the payment to costs and interest first, so by law principal is left;
    # innen stops at the ledger's principal (docs/law.md, "The claim on the ledger").
    from innen.collection.models import Action, Message, MessageStatus, PolicyStep
    from innen.outbox.demanded import demanded_on
    from innen.outbox.links import portal_token

    step = PolicyStep.objects.get(
        policy__organisation=org, policy__customer_kind="business", kind="reminder"
    )
    queued = Message.objects.create(
        organisation=org,
        customer=claimed.customer,
        step=step,
        kind=step.kind,
        channels=["email"],
        decided_on=today,
        status=MessageStatus.QUEUED,
    )
    Action.objects.create(
        organisation=org,
        invoice=claimed,
        step=step,
        message=queued,
        kind=step.kind,
        scheduled_on=today,
        decided_on=today,
        open_amount=claimed.total,
    )
    ledger.payment_register(
        organisation=org, customer=claimed.customer, date=today, amount=Decimal("1210.00")
    )
    claimed.refresh_from_db()
    claim = invoice_claim(claimed, today)
    assert claimed.outstanding == 0
    assert (claim.principal, claim.interest, claim.collection_costs) == (0, 0, 0)
    assert claim.charges_paid > 0 and claim.stopped_at_principal
    assert demanded_on(claimed.customer, [claimed.pk], today).total == 0
    portal = client_alice.get(reverse("portal", args=[portal_token(org.pk, claimed.customer_id)]))
    assert portal.context["owed"].total == 0
    queued.refresh_from_db()
    assert queued.status == MessageStatus.CANCELLED  # the dunning stops, and says so
    html = client_alice.get(reverse("invoice-detail", args=[claimed.pk])).content.decode()
    assert 'id="stopped-at-principal"' in html and "art. 6:44 BW" in html
