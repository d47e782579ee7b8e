"""Prediction on the organisation's own ledger: its records, training, the stored model."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.ledger import services
from innen.predictions import stored
from innen.predictions.selectors import ledger_records
from innen.predictions.services import outlooks, train
from innen.predictions.tasks import train_organisation
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def own_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def history(org, customer, days_late, *, months=6):
    """`months` invoices paid `days_late` after their due date, and one open."""
    for month in range(1, months + 1):
        issued = date(2025, month, 1)
        made = factories.invoice(org, customer, issue_date=issued, due=issued + timedelta(days=30))
        services.payment_register(
            organisation=org,
            customer=customer,
            date=made.due_date + timedelta(days=days_late),
            amount=Decimal("121.00"),
            designated=[made],
        )
    return factories.invoice(org, customer, issue_date=date(2026, 5, 1), due=date(2026, 5, 31))


def test_the_ledger_records_carry_the_day_each_invoice_was_settled():
    org = factories.organisation()
    slow = factories.customer(org)
    history(org, slow, 9, months=2)
    records = ledger_records(org)
    assert [r.days_late for r in records] == [9, 9, None]


def test_a_slow_payers_open_invoice_is_predicted_late_with_its_reason():
    org = factories.organisation()
    slow, punctual = factories.customer(org), factories.customer(org)
    late_one = history(org, slow, 9)
    on_time = history(org, punctual, 0)
    model = train(org)
    assert model.fallback  # far fewer than 200 paid invoices
    said = outlooks(org, TODAY)
    assert said[late_one.pk].prediction.p_late > 0.5 > said[on_time.pk].prediction.p_late
    assert said[late_one.pk].prediction.days_late == 9
    assert str(said[late_one.pk].reasons[0].text) == "usually pays 9 days late"


def test_training_runs_as_a_background_task_and_stores_the_model():
    org = factories.organisation()
    history(org, factories.customer(org), 3, months=2)
    result = train_organisation.call(org.pk)
    assert result == {"rows": 2, "fallback": True}
    assert stored.load(org.pk) is not None


def test_a_stored_model_whose_signature_does_not_match_is_never_unpickled():
    org = factories.organisation()
    history(org, factories.customer(org), 3, months=2)
    train(org)
    path = stored.model_path(org.pk)
    signature, _, data = path.read_bytes().partition(b"\n")
    path.write_bytes(b"0" * len(signature) + b"\n" + data)
    assert stored.load(org.pk) is None


def test_the_daily_task_queues_the_training_on_sundays(org, time_machine):
    from django_tasks_db.models import DBTaskResult

    from innen.daily import daily_run

    time_machine.move_to("2026-05-17 07:00:00+02:00")  # a Sunday
    daily_run.call()
    queued = DBTaskResult.objects.filter(task_path=train_organisation.module_path)
    assert [task.args_kwargs["args"] for task in queued] == [[org.pk]]
