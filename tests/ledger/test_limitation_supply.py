"""What an invoice supplied decides a consumer's limitation: goods 2 years (art. 7:28 BW),
services 5 (art. 3:307 BW), unknown the shorter term, assumed and said; a business 5."""

from datetime import date

import pytest
from django.utils import translation

from innen.collection.policies import policy_install_defaults
from innen.ledger.limitation import barred_soon, invoice_limitation, limitations
from innen.ledger.limitation_text import limitation_shown
from innen.ledger.models import CustomerKind, Supply
from tests import factories

pytestmark = pytest.mark.django_db

DUE_ON = date(2020, 1, 31)


@pytest.fixture
def org():
    organisation = factories.organisation()
    policy_install_defaults(organisation=organisation)
    return organisation


@pytest.fixture
def consumer(org):
    return factories.customer(org, kind=CustomerKind.CONSUMER, name="J. Jansen")


def _invoice(org, customer, supply):
    return factories.invoice(org, customer, due=DUE_ON, issue_date=date(2020, 1, 1), supply=supply)


def test_art_7_28_a_consumers_goods_are_barred_after_two_years(org, consumer):
    result = invoice_limitation(_invoice(org, consumer, Supply.GOODS))
    assert (result.years, result.last_day, result.assumed) == (2, date(2022, 1, 31), False)


def test_art_3_307_a_consumers_services_are_barred_after_five_years(org, consumer):
    result = invoice_limitation(_invoice(org, consumer, Supply.SERVICES))
    assert (result.years, result.last_day, result.assumed) == (5, date(2025, 1, 31), False)


def test_art_7_28_a_consumers_unknown_supply_keeps_two_years_assumed(org, consumer):
    result = invoice_limitation(_invoice(org, consumer, Supply.UNKNOWN))
    assert (result.years, result.last_day, result.assumed) == (2, date(2022, 1, 31), True)


@pytest.mark.parametrize("supply", list(Supply))
def test_art_3_307_a_business_invoice_has_five_years_whatever_was_supplied(org, supply):
    result = invoice_limitation(_invoice(org, factories.customer(org), supply))
    assert (result.years, result.assumed) == (5, False)


def test_an_invoice_without_a_supply_is_unknown(org, consumer):
    invoice = factories.invoice(org, consumer, due=DUE_ON, issue_date=date(2020, 1, 1))
    assert invoice.supply == Supply.UNKNOWN


def test_the_rows_selector_takes_the_supply(org, consumer):
    services = _invoice(org, consumer, Supply.SERVICES)
    found = limitations([(services.pk, DUE_ON, CustomerKind.CONSUMER, Supply.SERVICES)])
    assert found[services.pk].years == 5


def test_the_page_says_the_shorter_term_is_assumed_when_the_supply_is_unknown(org, consumer):
    unknown = invoice_limitation(_invoice(org, consumer, Supply.UNKNOWN))
    goods = invoice_limitation(_invoice(org, consumer, Supply.GOODS))
    with translation.override("nl"):
        said = limitation_shown(unknown, consumer=True, today=date(2021, 1, 1)).assumed
        not_said = limitation_shown(goods, consumer=True, today=date(2021, 1, 1)).assumed
    assert "consumentenkoop is aangenomen" in said and "3:307" in said
    assert not_said == ""


def test_the_worklist_leaves_out_a_consumers_services_not_barred_soon(org, consumer):
    goods = factories.invoice(
        org, consumer, due=date(2024, 3, 15), issue_date=date(2024, 3, 1), supply=Supply.GOODS
    )
    factories.invoice(
        org, consumer, due=date(2024, 3, 16), issue_date=date(2024, 3, 1), supply=Supply.SERVICES
    )
    listed = barred_soon(org, date(2026, 2, 1))
    assert [invoice.pk for invoice, _ in listed] == [goods.pk]
