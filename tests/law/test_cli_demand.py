"""`innen claim --demand DATE:AMOUNT` and the `limitation` of each invoice in `--json`."""

import pytest
from tests.law.test_cli import fails, run, run_json

pytestmark = pytest.mark.django_db

CONSUMER = ("claim", "--debtor", "consumer", "--until", "2026-08-01", "--invoice", "450:2026-05-01")


def test_consumer_paying_the_demanded_amount_within_the_term_owes_no_costs_hr_2016_2704(capsys):
    data = run_json(capsys, *CONSUMER, "--demand", "2026-06-01:450", "--payment", "450:2026-06-10")
    assert data["collection_costs"] == "0.00"
    assert data["demands"] == [{"sent": "2026-06-01", "amount": "450.00"}]


def test_consumer_costs_after_the_demands_term_ran_unpaid_art_6_96_lid_6(capsys):
    data = run_json(capsys, *CONSUMER, "--demand", "2026-06-01:450")
    assert data["collection_costs"] == "67.50"


def test_consumer_claim_without_a_demand_charges_no_costs_hr_2014_1405(capsys):
    data = run_json(capsys, *CONSUMER)
    assert data["collection_costs"] == "0.00"
    assert any("veertiendagenbrief" in warning for warning in data["warnings"])


def test_business_without_demand_owes_40_per_invoice_in_default_art_6_96_lid_4(capsys):
    argv = ("claim", "--debtor", "business", "--until", "2025-06-30")
    data = run_json(capsys, *argv, "--invoice", "3500:2024-12-31", "--invoice", "500:2025-01-31")
    assert data["collection_costs"] == "80.00"


def test_business_with_a_demand_owes_the_scale_from_that_date(capsys):
    argv = ("claim", "--debtor", "business", "--invoice", "3500:2024-12-31")
    before = run_json(capsys, *argv, "--until", "2025-01-31", "--demand", "2025-02-01:3500")
    after = run_json(capsys, *argv, "--until", "2025-02-01", "--demand", "2025-02-01:3500")
    assert (before["collection_costs"], after["collection_costs"]) == ("40.00", "475.00")


def test_json_gives_each_invoice_its_limitation_extended_by_a_demand_art_3_317(capsys):
    plain = run_json(capsys, *CONSUMER)
    assert plain["invoices"][0]["limitation"] == "2031-05-01"  # 5 years, art. 3:307 BW
    demanded = run_json(capsys, *CONSUMER, "--demand", "2026-06-01:450")
    assert demanded["invoices"][0]["limitation"] == "2031-06-01"  # new term, art. 3:319
    sale = run_json(capsys, *CONSUMER, "--limitation-kind", "consumer-sale")
    assert sale["invoices"][0]["limitation"] == "2028-05-01"  # 2 years, art. 7:28 BW


@pytest.mark.parametrize("demand", ["2026-06-01", "2026-13-01:450", "2026-06-01:-5", "x:450"])
def test_a_bad_demand_exits_2_naming_the_option(capsys, demand):
    assert "--demand" in fails(capsys, *CONSUMER, "--demand", demand)


def test_the_statement_names_each_demand_and_what_it_demanded(capsys):
    code, out, _ = run(capsys, *CONSUMER, "--demand", "2026-06-01:450")
    assert code == 0
    out = out.replace("\xa0", " ")
    assert "Aanmaning verstuurd op 01-06-2026, gevorderd € 450,00" in out
    assert "Incassokosten € 67,50" in out
