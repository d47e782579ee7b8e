"""Policies are edited in the admin; an unlawful ladder is refused there before it is stored."""

import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from innen.collection.models import Policy, PolicyStep
from innen.collection.policies import policy_install_defaults
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", password="x-long-password"))
    return client


def _form(policy: Policy, **change: str) -> dict[str, str]:
    """The admin's change form for `policy` as a browser would post it, with `change` applied."""
    steps = list(policy.steps.order_by("position"))
    data = {
        "organisation": str(policy.organisation_id),
        "name": policy.name,
        "customer_kind": policy.customer_kind,
        "late_start": policy.late_start,
        "min_days_between_messages": str(policy.min_days_between_messages),
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    if policy.is_default:
        data["is_default"] = "on"
    for n, step in enumerate(steps):
        prefix = f"steps-{n}-"
        data.update(
            {
                prefix + "id": str(step.pk),
                prefix + "policy": str(policy.pk),
                prefix + "position": str(step.position),
                prefix + "kind": step.kind,
                prefix + "name": step.name,
                prefix + "offset_days": str(step.offset_days),
                prefix + "anchor": step.anchor,
                prefix + "day_count": step.day_count,
                prefix + "min_open_amount": str(step.min_open_amount),
                prefix + "channels": json.dumps(step.channels),
                prefix + "pay_term_days": ""
                if step.pay_term_days is None
                else str(step.pay_term_days),
            }
        )
        for flag in ("claims_costs", "claims_interest", "needs_approval"):
            if getattr(step, flag):
                data[prefix + flag] = "on"
    data.update(change)
    return data


def test_a_consumer_step_claiming_costs_before_the_14_day_letter_is_refused_in_the_admin(
    admin_client,
):
    org = factories.organisation()
    policy_install_defaults(organisation=org)
    consumer = Policy.objects.get(organisation=org, customer_kind="consumer")
    reminder = consumer.steps.get(kind="reminder")
    url = reverse("admin:collection_policy_change", args=[consumer.pk])
    response = admin_client.post(url, _form(consumer, **{"steps-1-claims_costs": "on"}))
    assert response.status_code == 200
    assert "put a 14-day letter before this step" in response.content.decode()
    reminder.refresh_from_db()
    assert not reminder.claims_costs


def test_a_lawful_change_is_stored(admin_client):
    org = factories.organisation()
    policy_install_defaults(organisation=org)
    business = Policy.objects.get(organisation=org, customer_kind="business")
    url = reverse("admin:collection_policy_change", args=[business.pk])
    response = admin_client.post(url, _form(business, **{"steps-1-offset_days": "10"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PolicyStep.objects.get(policy=business, position=1).offset_days == 10


def test_where_an_overdue_invoice_starts_is_set_in_the_admin(admin_client):
    org = factories.organisation()
    policy_install_defaults(organisation=org)
    business = Policy.objects.get(organisation=org, customer_kind="business")
    assert business.late_start == "first_reminder"
    url = reverse("admin:collection_policy_change", args=[business.pk])
    page = admin_client.get(url).content.decode()
    assert "Een factuur die al vervallen binnenkomt, begint" in page
    response = admin_client.post(url, _form(business, late_start="age"))
    assert response.status_code == 302, response.content.decode()[:2000]
    business.refresh_from_db()
    assert business.late_start == "age"
