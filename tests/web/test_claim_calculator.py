from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from innen.law.claim import Invoice, compute_claim
from innen.organisations.models import Membership, Role
from innen.rates.selectors import rate_tables
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_in(client):
    user = User.objects.create_user("carla", password="x-long-password")
    Membership.objects.create(user=user, organisation=factories.organisation(), role=Role.VIEWER)
    client.force_login(user)
    return client


def calculate(client, **params):
    query = {"debtor": "business", "until": "2026-11-23", "interest": "default"}
    query.update({"costs": "statutory", **params})
    return client.get(reverse("claim-calculator"), query, HTTP_ACCEPT_LANGUAGE="en")


def test_the_page_shows_the_same_figures_as_the_law_engine(client_in):
    response = calculate(client_in, invoices="1.210,00 31-01-2026")
    expected = compute_claim(
        debtor="business",
        invoices=[Invoice(Decimal("1210.00"), date(2026, 1, 31))],
        until=date(2026, 11, 23),
        rates=rate_tables(),
    )
    claim = response.context["claim"]
    assert response.status_code == 200
    assert (claim.interest, claim.collection_costs, claim.total) == (
        expected.interest,
        expected.collection_costs,
        expected.total,
    )
    assert "10,15%" in response.content.decode() or "10.15%" in response.content.decode()


def test_a_payment_is_split_into_costs_interest_and_principal(client_in):
    response = calculate(client_in, invoices="1.000,00 31-01-2026", payments="500,00 01-06-2026")
    payment = response.context["claim"].payments[0]
    assert payment.to_costs + payment.to_interest + payment.to_principal == Decimal("500.00")
    assert payment.to_costs > 0


def test_a_bad_invoice_line_is_named(client_in):
    response = calculate(client_in, invoices="1.210,00 31-01-2026\n12x 2026-01-01")
    assert response.context["claim"] is None
    assert "Line 2" in str(response.context["form"].errors["invoices"])


def test_a_date_past_the_known_rates_is_computed_and_marked_provisional(client_in):
    response = calculate(client_in, invoices="100,00 31-01-2026", until="2027-09-01")
    claim = response.context["claim"]
    assert claim is not None and claim.rates_provisional
    page = response.content.decode()
    assert "Provisional: the interest after 31 Dec 2026" in page
    assert "(provisional)" in page and "Rates used" in page


def test_the_page_says_it_in_dutch(client_in):
    query = {"debtor": "business", "until": "2027-09-01", "interest": "default"}
    query.update(costs="statutory", invoices="100,00 31-01-2026")
    page = client_in.get(reverse("claim-calculator"), query, HTTP_ACCEPT_LANGUAGE="nl")
    text = page.content.decode()
    assert "Voorlopig: de rente na 31-12-2026" in text and "Gebruikte percentages" in text


def test_a_date_before_the_rate_tables_is_refused_on_the_invoices_field(client_in):
    response = calculate(client_in, invoices="100,00 31-01-2001", until="2003-01-01")
    assert response.context["claim"] is None
    assert "before 2002" in str(response.context["form"].errors)


def test_the_calculator_needs_a_signed_in_member(client):
    response = client.get(reverse("claim-calculator"))
    assert response.status_code == 302


def refused(response, field):
    assert response.status_code == 400
    assert response.context["claim"] is None
    return " ".join(response.context["form"].errors[field])


def test_an_agreed_percentage_past_100_is_refused_on_its_field(client_in):
    for percentage in ("1e100", "100.01"):
        response = calculate(
            client_in,
            invoices="100,00 31-01-2026",
            interest="agreed",
            agreed_percentage=percentage,
        )
        assert "100" in refused(response, "agreed_percentage")


@pytest.mark.parametrize("costs", ["amount", "percentage"])
def test_agreed_costs_past_what_can_be_kept_are_refused_on_their_field(client_in, costs):
    response = calculate(client_in, invoices="100,00 31-01-2026", costs=costs, agreed_costs="1e100")
    assert refused(response, "agreed_costs")


def test_an_agreed_costs_percentage_past_100_is_refused(client_in):
    response = calculate(
        client_in, invoices="100,00 31-01-2026", costs="percentage", agreed_costs="150"
    )
    assert "100" in refused(response, "agreed_costs")


def test_an_invoice_amount_past_what_can_be_kept_is_refused_on_its_line(client_in):
    response = calculate(client_in, invoices="9" * 40 + ",00 31-01-2026")
    assert "Line 1" in refused(response, "invoices")


def test_a_day_to_compute_to_past_2199_is_refused(client_in):
    response = calculate(client_in, invoices="100,00 31-01-2026", until="9999-12-31")
    assert "2199" in refused(response, "until")


def test_figures_that_grow_too_large_to_compute_are_refused_not_a_server_error(client_in):
    response = calculate(
        client_in,
        invoices="999.999.999.999,99 31-01-2013",
        interest="agreed",
        agreed_percentage="100",
        compound="on",
        costs="none",
        until="2199-12-31",
    )
    assert "too large" in refused(response, "__all__")


def test_a_refused_calculation_answers_400(client_in):
    assert calculate(client_in, invoices="12x 2026-01-01").status_code == 400


def test_a_dutch_reader_is_told_what_is_wrong_with_a_line_in_dutch(client_in):
    query = {"debtor": "business", "until": "2026-11-23", "interest": "default"}
    query.update(costs="statutory", invoices="1.210,00 31-01-2026\n12x 2026-01-01")
    response = client_in.get(reverse("claim-calculator"), query, HTTP_ACCEPT_LANGUAGE="nl")
    problem = str(response.context["form"].errors["invoices"])
    assert "Regel 2" in problem and "&quot;12x&quot; is geen bedrag" in problem


def test_art_6_96_lid_6_a_consumer_owes_costs_only_after_the_demand_given_on_the_page(client_in):
    without = calculate(client_in, debtor="consumer", invoices="450,00 31-01-2026")
    assert without.context["claim"].collection_costs == 0
    html = without.content.decode()
    assert "--demand" not in html and "veertiendagenbrief" in html
    given = calculate(
        client_in, debtor="consumer", invoices="450,00 31-01-2026", demands="01-03-2026 450,00"
    )
    assert given.status_code == 200
    assert given.context["claim"].collection_costs > 0
    assert "--demand" not in given.content.decode()


def test_paying_what_the_letter_demanded_in_its_term_owes_no_costs_on_the_page(client_in):
    response = calculate(
        client_in,
        debtor="consumer",
        invoices="450,00 31-01-2026",
        demands="01-03-2026 450,00",
        payments="450,00 05-03-2026",
    )
    assert response.context["claim"].collection_costs == 0


def test_a_bad_demand_line_is_named(client_in):
    response = calculate(client_in, invoices="1.210,00 31-01-2026", demands="gisteren")
    assert response.status_code == 400
    assert "Line 1" in response.content.decode()
