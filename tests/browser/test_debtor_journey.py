"""A debtor's whole journey in a real browser, then the controller's view of it.

From a letter's link: pay one invoice through (the fake) Mollie, promise a date for another,
propose a payment plan for a third that the rules accept at once, dispute a fourth. Then the
controller finds each on the desk. Screenshots of every portal page go to docs/screenshots/.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from innen.arrangements.models import Dispute, PaymentPlan, PlanStatus, Promise
from innen.collection.models import Hold, HoldReason
from innen.dossier.models import Event, EventKind
from innen.ledger.models import Invoice
from innen.organisations.models import Role
from innen.outbox.links import portal_url
from innen.portal.fake_mollie import FakeMollie
from innen.portal.models import MollieSettings
from tests import factories
from tests.browser.support import screenshot
from tests.browser.test_desk import controller, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
MOLLIE_KEY = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"


def only(page, invoice: Invoice) -> None:
    """Tick just this invoice on a portal form."""
    for box in page.locator("input[name=invoices]").all():
        box.uncheck()
    page.check(f"input[name=invoices][value='{invoice.pk}']")


def test_a_debtor_pays_promises_plans_and_disputes_and_the_controller_sees_it_all(page, settings):
    today = timezone.localdate()
    org = factories.organisation(email="debiteuren@korenschoof.nl")
    customer = factories.customer(org, name="Café Het Hoekje", postcode="1234 AB", language="nl")
    due = today - timedelta(days=20)
    issued = due - timedelta(days=30)

    def invoice(number, total):
        return factories.invoice(
            org, customer, total=total, number=number, due=due, issue_date=issued
        )

    pay, promise, plan, dispute = (
        invoice("F-2026-101", "121.00"),
        invoice("F-2026-102", "60.50"),
        invoice("F-2026-103", "600.00"),
        invoice("F-2026-104", "80.00"),
    )
    link = portal_url(org.pk, customer.pk).split("/portal/", 1)[1]

    with FakeMollie() as mollie:
        settings.MOLLIE_API_ENDPOINT = mollie.url
        MollieSettings.objects.create(organisation=org, enabled=True, api_key=MOLLIE_KEY)
        page.set_viewport_size({"width": 390, "height": 844})

        page.goto(f"/portal/{link}")
        page.wait_for_selector("ul.invoices")
        screenshot(page, "journey-1-portal")
        for other in (promise, plan, dispute):
            page.uncheck(f"#invoice-{other.pk}")
        page.click("button.pay")
        page.wait_for_selector(".notice.good")
        (mollie_id,) = mollie.payments
        assert page.request.post("/portal/mollie/webhook/", form={"id": mollie_id}).ok

    page.goto(f"/portal/{link}promise/")
    only(page, promise)
    page.fill("input[name=promised_on]", (today + timedelta(days=7)).isoformat())
    screenshot(page, "journey-2-promise")
    page.click("form button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"/portal/{link}plan/")
    only(page, plan)
    page.fill("input[name=months]", "3")
    screenshot(page, "journey-3-plan")
    page.click("form button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"/portal/{link}dispute/")
    only(page, dispute)
    page.check("input[name=reason][value=not_delivered]")
    page.fill("textarea[name=message]", "De bestelling van 3 oktober is nooit aangekomen.")
    screenshot(page, "journey-4-dispute")
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"/portal/{link}")
    screenshot(page, "journey-5-portal-after")

    assert [i.number for i in Invoice.objects.open().order_by("number")] == [
        promise.number,
        plan.number,
        dispute.number,
    ]
    assert Promise.objects.get().customer == customer
    accepted = PaymentPlan.objects.get()
    assert accepted.status == PlanStatus.ACTIVE and accepted.instalments.count() == 3
    assert Dispute.objects.get().invoices.get() == dispute
    reasons = {(h.invoice_id, h.reason) for h in Hold.objects.filter(customer=customer)}
    assert {
        (promise.pk, HoldReason.PROMISE),
        (plan.pk, HoldReason.PAYMENT_PLAN),
        (dispute.pk, HoldReason.DISPUTE),
    } <= reasons
    assert Event.objects.filter(kind=EventKind.PORTAL, customer=customer).count() >= 4

    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    sign_in(page, controller(org, "dirk", Role.OWNER))
    page.goto("/worklist/")
    disputes = page.locator("#disputes").inner_text()
    assert customer.name in disputes
    page.goto(f"/customers/{customer.pk}/")
    screenshot(page, "journey-6-customer")
    timeline = page.locator("#timeline").inner_text()
    assert dispute.number in timeline and pay.number in timeline
