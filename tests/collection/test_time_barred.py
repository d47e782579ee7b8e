"""The run stops on a consumer's time-barred claim with its reason, and goes on for a
business (art. 3:322 BW: the debtor must invoke limitation)."""

from datetime import date

import pytest

from innen.arrangements.models import Promise
from innen.collection.explain import explain_invoice
from innen.collection.models import Action
from innen.collection.pending import barred_consumer_invoices
from innen.daily import run_day
from innen.ledger.models import CustomerKind, Supply
from tests import factories
from tests.collection.ladders import collecting_organisation

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
OLD = date(2024, 1, 31)  # a consumer sale due then is barred from 1 February 2026


@pytest.fixture
def org():
    return collecting_organisation()


def consumer(org):
    return factories.customer(org, kind=CustomerKind.CONSUMER, name="J. Jansen")


def test_art_7_28_the_run_skips_a_time_barred_consumer_claim_with_its_reason(org):
    invoice = factories.invoice(org, consumer(org), due=OLD, issue_date=date(2024, 1, 1))
    summary = run_day(org, TODAY)
    assert summary.skipped["time_barred"] == 1
    assert not Action.objects.filter(invoice=invoice).exists()
    assert any("time-barred" in line for line in explain_invoice(invoice, TODAY))


def test_art_3_318_a_consumers_promise_keeps_the_claim_alive_for_the_run(org):
    customer = consumer(org)
    invoice = factories.invoice(org, customer, due=OLD, issue_date=date(2024, 1, 1))
    promise = Promise.objects.create(
        organisation=org, customer=customer, promised_on=date(2025, 7, 1), made_on=date(2025, 6, 1)
    )
    promise.invoices.set([invoice], through_defaults={"organisation": org})
    summary = run_day(org, TODAY)
    assert "time_barred" not in summary.skipped
    assert Action.objects.filter(invoice=invoice).exists()


def test_art_3_322_the_run_goes_on_for_a_business_claim(org):
    invoice = factories.invoice(
        org, factories.customer(org), due=date(2020, 1, 31), issue_date=date(2020, 1, 1)
    )
    summary = run_day(org, TODAY)
    assert "time_barred" not in summary.skipped
    assert Action.objects.filter(invoice=invoice).exists()


def test_art_3_307_the_run_goes_on_for_a_consumers_services_after_two_years(org):
    invoice = factories.invoice(
        org, consumer(org), due=OLD, issue_date=date(2024, 1, 1), supply=Supply.SERVICES
    )
    summary = run_day(org, TODAY)
    assert "time_barred" not in summary.skipped
    assert Action.objects.filter(invoice=invoice).exists()
    assert barred_consumer_invoices([invoice.pk], TODAY) == set()


def test_art_7_28_a_consumers_goods_are_withdrawn_once_barred(org):
    invoice = factories.invoice(
        org, consumer(org), due=OLD, issue_date=date(2024, 1, 1), supply=Supply.GOODS
    )
    assert barred_consumer_invoices([invoice.pk], TODAY) == {invoice.pk}
