"""`innen predict evaluate --organisation` and `innen predict train` on the ledger."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.cli.main import main
from innen.ledger import services
from innen.predictions import stored
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def paid_invoices(org, count):
    customer = factories.customer(org)
    for n in range(count):
        issued = date(2025, 1, 1) + timedelta(days=20 * n)
        made = factories.invoice(org, customer, issue_date=issued, due=issued + timedelta(days=30))
        services.payment_register(
            organisation=org,
            customer=customer,
            date=made.due_date + timedelta(days=n % 3),
            amount=Decimal("121.00"),
            designated=[made],
        )


def test_the_evaluation_on_an_organisations_ledger_prints_the_figures(capsys):
    org = factories.organisation()
    paid_invoices(org, 10)
    assert main(["predict", "evaluate", "--organisation", str(org.pk), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["split"]["train"] == 8 and figures["split"]["test"] == 2
    assert figures["model"]["fallback"] is True
    assert set(figures["baselines"]) == {"zero", "past_rate"}


def test_an_organisation_without_paid_invoices_is_told_so():
    org = factories.organisation()
    with pytest.raises(SystemExit) as exit_:
        main(["predict", "evaluate", "--organisation", str(org.pk)])
    assert exit_.value.code == 2


def test_predict_train_stores_the_organisations_model(capsys):
    org = factories.organisation()
    paid_invoices(org, 3)
    assert main(["predict", "train", "--organisation", str(org.pk)]) == 0
    assert "trained on 3 paid invoices" in capsys.readouterr().out
    assert stored.load(org.pk) is not None
