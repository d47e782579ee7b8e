"""Each open invoice's limitation on the invoice and customer pages, and the worklist's claims
that become time-barred within 60 days (art. 3:307, 7:28 and 3:317 BW)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from innen.law.limitation import add_years
from innen.ledger.models import CustomerKind
from tests import factories

pytestmark = pytest.mark.django_db


def invoice_barred_in(org, days, today, *, consumer=True, **fields):
    """An open invoice whose claim is barred `days` after `today` (consumer: 2 years)."""
    years = 2 if consumer else 5
    due = add_years(today + timedelta(days=days), -years) - timedelta(days=1)
    kind = CustomerKind.CONSUMER if consumer else CustomerKind.BUSINESS
    customer = factories.customer(org, kind=kind, name=f"Klant {kind} {days}")
    return factories.invoice(org, customer, due=due, issue_date=due - timedelta(days=30), **fields)


def test_art_7_28_the_invoice_page_shows_the_last_day_and_the_coming_bar(client_alice, org, today):
    invoice = invoice_barred_in(org, 30, today)
    html = client_alice.get(reverse("invoice-detail", args=[invoice.pk])).content.decode()
    last_day = (today + timedelta(days=29)).strftime("%d-%m-%Y")
    assert "Verjaard na" in html
    assert last_day in html
    assert "2 jaar na de vervaldatum (consumentenkoop, art. 7:28 BW)" in html
    assert "Verjaart binnen 60 dagen" in html


def test_art_3_322_a_barred_business_claim_is_flagged_not_stopped(client_alice, org, today):
    invoice = invoice_barred_in(org, -10, today, consumer=False)
    html = client_alice.get(reverse("invoice-detail", args=[invoice.pk])).content.decode()
    assert "de schuldenaar kan zich op verjaring beroepen (art. 3:322 BW)" in html


def test_the_customer_page_shows_each_open_invoices_last_day(client_alice, org, today):
    invoice = invoice_barred_in(org, 300, today)
    html = client_alice.get(reverse("customer-detail", args=[invoice.customer_id])).content.decode()
    assert "Verjaard na" in html
    assert (today + timedelta(days=299)).strftime("%d-%m-%Y") in html


def test_the_worklist_lists_claims_time_barred_within_60_days(controller_client, org, today):
    soon = invoice_barred_in(org, 30, today, number="F-SOON")
    invoice_barred_in(org, 90, today, number="F-LATER")
    invoice_barred_in(org, -5, today, number="F-BARRED")
    response = controller_client.get(reverse("worklist"))
    assert [invoice.pk for invoice, _ in response.context["barring"]] == [soon.pk]
    html = response.content.decode()
    section = html[html.index('id="time-barred"') :]
    assert "Vorderingen die binnen 60 dagen verjaren" in section
    assert "F-SOON" in section and "F-LATER" not in section and "F-BARRED" not in section
