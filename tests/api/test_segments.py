"""Behaviour segments through the API: each customer's on its read, the list filtered by it,
and the count per segment; only ever the token's organisation."""

import pytest

from innen.api.tokens import api_token_create
from innen.collection.behaviour import behaviours_store
from innen.risk.segments import ON_TIME, SLOW_STEADY, Behaviour, Segment
from innen.translatable import say
from tests import factories
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db


def segmented(org, today, behaviour, reason):
    customer = factories.customer(org)
    behaviours_store(org, today, {customer.pk: Segment(behaviour, reason)})
    return customer


@pytest.fixture
def slow(org, today):
    return segmented(org, today, Behaviour.SLOW, say(SLOW_STEADY, percent=83, paid=6, days=20))


@pytest.fixture
def punctual(org, today):
    return segmented(org, today, Behaviour.PUNCTUAL, say(ON_TIME, on_time=5, paid=6))


def test_a_customer_read_says_its_behaviour_segment_with_its_reason_and_day(read_api, slow, today):
    answer = read_api.get(f"/customers/{slow.pk}").json()
    assert answer["behaviour"] == {
        "code": "slow",
        "label": "slow but steady",
        "reason": "paid 83% of its last 6 invoices late, usually 20 days",
        "computed_on": today.isoformat(),
    }


def test_the_behaviour_segment_is_said_in_the_readers_language(read_api, slow):
    read_api.headers["Accept-Language"] = "nl"
    assert read_api.get(f"/customers/{slow.pk}").json()["behaviour"]["label"] == (
        "langzaam maar zeker"
    )


def test_a_customer_not_yet_segmented_has_no_behaviour(read_api, org):
    fresh = factories.customer(org)
    assert read_api.get(f"/customers/{fresh.pk}").json()["behaviour"] is None


def test_the_customer_list_filters_by_behaviour_segment(read_api, org, slow, punctual):
    factories.customer(org)  # not yet segmented
    listed = read_api.get("/customers/", behaviour="slow").json()["items"]
    assert [(c["id"], c["behaviour"]["code"]) for c in listed] == [(slow.pk, "slow")]
    everyone = read_api.get("/customers/").json()["items"]
    assert len(everyone) == 3


def test_a_behaviour_segment_that_does_not_exist_is_refused(read_api):
    answer = read_api.get("/customers/", behaviour="rich")
    assert answer.status_code == 422
    assert "behaviour" in answer.json()["errors"]


def test_the_segments_count_the_organisations_customers_per_segment(
    read_api, org, other_org, slow, punctual, today
):
    factories.customer(org)  # not yet segmented
    segmented(other_org, today, Behaviour.SLOW, say(SLOW_STEADY, percent=50, paid=4, days=9))
    answer = read_api.get("/behaviour-segments/").json()
    counts = {row["code"]: row["customers"] for row in answer["segments"]}
    assert counts == {b.value: 0 for b in Behaviour} | {"slow": 1, "punctual": 1}
    assert (answer["not_computed"], answer["computed_on"]) == (1, today.isoformat())


def test_another_organisations_customer_and_its_segment_stay_hidden(client, other_org, slow, today):
    other = Api(client, api_token_create(organisation=other_org, name="x", scope="read").secret)
    assert other.get(f"/customers/{slow.pk}").status_code == 404
    assert other.get("/customers/", behaviour="slow").json()["items"] == []
    counts = other.get("/behaviour-segments/").json()
    assert sum(row["customers"] for row in counts["segments"]) == 0
