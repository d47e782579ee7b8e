"""A debtor in a real browser (Debian's chromium): sign in by code, pay one invoice online.

The checkout is the fake Mollie's: the browser leaves the site for it (which the portal's
Content-Security-Policy must allow) and comes back to see the payment received. Mollie's
webhook is posted after, as Mollie would, and registers nothing twice. (The fake does not
post it itself here: the test database, SQLite in memory, cannot take two writers at once.)
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from innen.ledger.models import Invoice, PaidCharges, Payment
from innen.outbox.invoice_claim import invoice_claim
from innen.portal.codes import portal_code
from innen.portal.fake_mollie import FakeMollie
from innen.portal.models import MollieSettings
from tests.browser.support import screenshot
from tests.portal.conftest import TEST_KEY

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_debtor_signs_in_with_the_letters_code_and_pays_one_invoice(
    page,
    org,
    customer,
    invoices,
    settings,
):
    # The debtor pays the whole claim the portal shows: the principal with the EUR 40 and the
    # commercial interest a business owes from default (issue 23: the same claim everywhere).
    claim = invoice_claim(invoices[0], timezone.localdate()).claim_total
    assert claim > invoices[0].total
    with FakeMollie() as mollie:
        settings.MOLLIE_API_ENDPOINT = mollie.url
        MollieSettings.objects.create(organisation=org, enabled=True, api_key=TEST_KEY)
        page.set_viewport_size({"width": 390, "height": 844})  # a phone

        page.goto("/portal/")
        screenshot(page, "portal-code")
        page.fill("input[name=code]", portal_code(customer))
        page.fill("input[name=postcode]", "1234ab")
        page.click("button[type=submit]")
        page.wait_for_selector("ul.invoices")
        screenshot(page, "portal")

        page.uncheck(f"#invoice-{invoices[1].pk}")
        page.click("button.pay")
        page.wait_for_selector(".notice.good")
        assert invoices[0].number not in page.locator("ul.invoices").inner_text()
        screenshot(page, "portal-paid")

        (mollie_id,) = mollie.payments
        hook = page.request.post("/portal/mollie/webhook/", form={"id": mollie_id})
        assert hook.status == 200
    paid = Payment.objects.get()
    assert paid.amount == claim
    assert list(Invoice.objects.open()) == [invoices[1]]
    # The EUR 40 and the interest paid the first invoice's claim, not the second (6:43/6:44).
    assert Invoice.objects.get(pk=invoices[1].pk).outstanding == invoices[1].total
    assert PaidCharges.objects.get(payment=paid).amount == claim - invoices[0].total
