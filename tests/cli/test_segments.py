"""`innen segments`: the customers per behaviour segment, one customer's segment and why, and
`--recompute`, the daily task's work on a chosen day."""

import json
from datetime import timedelta

import pytest

from innen.cli.main import main
from innen.collection.behaviour import behaviours_store, segment_of
from innen.risk.segments import ON_TIME, Behaviour, Segment
from innen.translatable import say
from tests import factories
from tests.predictions.test_behaviours import slow_payer

pytestmark = pytest.mark.django_db


def printed_json(capsys, *argv):
    assert main(["segments", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_recompute_stores_every_customers_segment_as_the_daily_task_does(org, today, capsys):
    slow = slow_payer(org, today)
    fresh = factories.customer(org)
    day = today + timedelta(days=1)
    result = printed_json(capsys, "--recompute", "--date", day.isoformat())
    assert result == {"on": day.isoformat(), "new": 2, "changed": 0, "same": 0}
    assert (segment_of(slow).code, segment_of(slow).computed_on) == ("slow", day)
    assert segment_of(fresh).code == "new"


def test_the_counts_per_segment_are_the_organisations(org, other_org, today, capsys):
    punctual = factories.customer(org)
    behaviours_store(
        org, today, {punctual.pk: Segment(Behaviour.PUNCTUAL, say(ON_TIME, on_time=6, paid=6))}
    )
    factories.customer(org)
    stranger = factories.customer(other_org)
    behaviours_store(
        other_org,
        today,
        {stranger.pk: Segment(Behaviour.PUNCTUAL, say(ON_TIME, on_time=1, paid=3))},
    )
    result = printed_json(capsys, "--organisation", str(org.pk))
    assert result["segments"] == {b.value: 0 for b in Behaviour} | {"punctual": 1}
    assert (result["not_computed"], result["computed_on"]) == (1, today.isoformat())
    assert main(["segments", "--organisation", str(org.pk)]) == 0
    table = capsys.readouterr().out
    assert "punctual                   1" in table
    assert "not yet computed           1" in table


def test_one_customers_segment_says_why(org, today, capsys):
    slow = slow_payer(org, today)
    assert main(["segments", "--recompute", "--date", today.isoformat()]) == 0
    capsys.readouterr()
    assert main(["segments", "--customer", str(slow.pk)]) == 0
    line = capsys.readouterr().out
    assert "slow but steady" in line
    assert "paid 100% of its last 6 invoices late, usually 20 days" in line


def test_another_organisations_customer_is_refused(org, other_org, capsys):
    stranger = factories.customer(other_org)
    with pytest.raises(SystemExit) as exit_:
        main(["segments", "--organisation", str(org.pk), "--customer", str(stranger.pk)])
    assert exit_.value.code == 2
    assert "has no customer with id" in capsys.readouterr().err


def test_a_date_without_recompute_is_refused(org, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["segments", "--date", "2026-12-01"])
    assert exit_.value.code == 2
    assert "--date goes with --recompute" in capsys.readouterr().err
