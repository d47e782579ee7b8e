"""The dashboard's figures are kept between looks, and forgotten as soon as the ledger changes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from innen.insights import cached
from innen.insights.cached import dashboard_figures
from tests import factories
from tests.dashboard.conftest import invoice, pay

pytestmark = pytest.mark.django_db


def _open_total(client) -> Decimal:
    return client.get(reverse("dashboard")).context["figures"].ledger.total


def test_a_payment_recorded_shows_on_the_dashboard_at_once(viewer_client, org):
    today = timezone.localdate()
    owed = invoice(org, factories.customer(org), "500.00", today - timedelta(days=20))
    assert _open_total(viewer_client) == Decimal("500.00")

    pay(owed, "200.00", today)

    assert _open_total(viewer_client) == Decimal("300.00")


def test_figures_kept_while_a_payment_was_not_yet_committed_are_forgotten_when_it_is(
    org, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    owed = invoice(org, factories.customer(org), "500.00", today - timedelta(days=20))
    with django_capture_on_commit_callbacks() as commit:
        pay(owed, "200.00", today)
    # Another request, which did not see the payment yet, keeps its figures meanwhile.
    kept_under = cached.version(org.pk)
    dashboard_figures(org, today)

    for callback in commit:
        callback()

    assert cached.version(org.pk) != kept_under


def test_a_new_invoice_shows_on_the_dashboard_at_once(viewer_client, org):
    today = timezone.localdate()
    customer = factories.customer(org)
    invoice(org, customer, "500.00", today - timedelta(days=20))
    assert _open_total(viewer_client) == Decimal("500.00")

    invoice(org, customer, "70.00", today + timedelta(days=10))

    assert _open_total(viewer_client) == Decimal("570.00")


def test_another_organisations_payment_leaves_the_kept_figures_alone(
    viewer_client, org, django_assert_max_num_queries
):
    today = timezone.localdate()
    invoice(org, factories.customer(org), "500.00", today - timedelta(days=20))
    viewer_client.get(reverse("dashboard"))
    other = factories.organisation("Other B.V.")
    pay(invoice(other, factories.customer(other), "90.00", today), "90.00", today)

    with django_assert_max_num_queries(10) as looked:
        assert _open_total(viewer_client) == Decimal("500.00")
    assert not any("ledger_invoice" in query["sql"] for query in looked.captured_queries)


def test_the_page_says_when_its_figures_were_computed(viewer_client, org):
    response = viewer_client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="nl")
    computed = timezone.localtime(response.context["computed_at"]).strftime("%H:%M")
    assert f"Cijfers berekend om {computed}." in response.content.decode()


def _ledger(org, customers: int) -> None:
    today = timezone.localdate()
    for n in range(customers):
        customer = factories.customer(org, name=f"Klant {n}")
        for days in (-40, -5, 10):
            owed = invoice(org, customer, "100.00", today + timedelta(days=days))
            pay(owed, "10.00", today - timedelta(days=1))


def test_computing_the_figures_asks_the_database_the_same_few_times_however_large_the_ledger(
    viewer_client, org, django_assert_max_num_queries
):
    _ledger(org, 2)
    cache.clear()
    with django_assert_max_num_queries(20) as small:
        viewer_client.get(reverse("dashboard"))
    _ledger(org, 10)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = viewer_client.get(reverse("dashboard"))
    assert response.context["figures"].ledger.count == 36
