"""A policy made from scratch (a copy of a ladder, a name, a segment) and a policy deleted:
only by owners, recorded, and refused with every reason when something depends on it."""

import pytest
from django.urls import reverse

from innen.collection.models import (
    CustomerCollection,
    Policy,
    PolicyChange,
    SegmentPolicy,
)
from innen.collection.policy_lifecycle import policy_new
from innen.daily import run_day
from innen.dossier.models import Event, EventKind
from tests import factories
from tests.web.test_policy_pages import overdue_invoice, policy_of, steps_of

pytestmark = pytest.mark.django_db


def make(client, source, name="Horeca", segment="horeca"):
    return client.post(
        reverse("policy-new"), {"name": name, "source": source.pk, "segment": segment}
    )


def unused_policy(org, today, name="Tijdelijk"):
    return policy_new(source=policy_of(org), name=name, today=today)


def notes(action):
    return [e for e in Event.objects.filter(kind=EventKind.NOTE) if e.payload["action"] == action]


# Making a policy


def test_an_owner_makes_a_policy_from_the_default_ladder_for_a_segment(client_alice, org):
    default = policy_of(org)
    response = make(client_alice, default)
    made = Policy.objects.get(organisation=org, name="Horeca")
    assert response["Location"] == reverse("policy-edit", args=[made.pk])
    assert [s.kind for s in steps_of(made)] == [s.kind for s in steps_of(default)]
    assert (made.customer_kind, made.is_default) == (default.customer_kind, False)
    assert SegmentPolicy.objects.get(segment="horeca").policy == made
    change = PolicyChange.objects.get(policy=made)
    assert change.before == {} and change.after["segments"] == ["horeca"]
    [note] = notes("policy_made")
    assert note.payload["text"] == "Dunning policy made: Horeca"


def test_a_policy_can_start_from_any_ladder_of_the_organisation(client_alice, org):
    consumer = policy_of(org, "consumer")
    make(client_alice, consumer, name="Particulier zacht", segment="")
    made = Policy.objects.get(name="Particulier zacht")
    assert made.customer_kind == consumer.customer_kind
    assert [s.kind for s in steps_of(made)] == [s.kind for s in steps_of(consumer)]
    assert not SegmentPolicy.objects.filter(policy=made).exists()


def test_a_name_already_taken_is_refused_with_the_field_named_and_nothing_made(client_alice, org):
    default = policy_of(org)
    before = Policy.objects.count()
    response = make(client_alice, default, name=default.name)
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == ["Een ander beleid heeft deze naam al."]
    assert Policy.objects.count() == before
    assert not notes("policy_made")


def test_another_organisations_ladder_is_not_a_choice(client_alice, org, other_org):
    response = make(client_alice, policy_of(other_org))
    assert response.status_code == 400
    assert "source" in response.context["form"].errors
    assert not Policy.objects.filter(name="Horeca").exists()


# Deleting a policy


def test_an_owner_deletes_a_policy_nothing_depends_on(client_alice, org, today):
    policy = unused_policy(org, today)
    page = client_alice.get(reverse("policy-edit", args=[policy.pk])).content.decode()
    assert 'data-action="policy-delete"' in page
    response = client_alice.post(reverse("policy-delete", args=[policy.pk]))
    assert response["Location"] == reverse("policies")
    assert not Policy.objects.filter(pk=policy.pk).exists()
    [note] = notes("policy_deleted")
    assert note.payload["policy"]["name"] == "Tijdelijk"
    assert note.payload["text"] == "Dunning policy deleted: Tijdelijk"


def refused(client, policy):
    response = client.post(reverse("policy-delete", args=[policy.pk]), follow=True)
    assert Policy.objects.filter(pk=policy.pk).exists()
    assert not notes("policy_deleted")
    return " ".join(str(message) for message in response.context["messages"])


def test_a_default_policy_is_not_deleted(client_alice, org):
    assert "Het is een standaardbeleid" in refused(client_alice, policy_of(org))


def test_a_policy_a_segment_follows_is_not_deleted(client_alice, org, today):
    policy = unused_policy(org, today)
    SegmentPolicy.objects.create(
        organisation=org, segment="bouw", customer_kind=policy.customer_kind, policy=policy
    )
    assert "Segmenten volgen het: bouw" in refused(client_alice, policy)


def test_a_policy_a_customer_follows_is_not_deleted(client_alice, org, today):
    policy = unused_policy(org, today)
    CustomerCollection.objects.create(
        organisation=org, customer=factories.customer(org), policy=policy
    )
    assert "1 klant volgt het als eigen beleid" in refused(client_alice, policy)


def test_a_policy_whose_steps_were_taken_is_not_deleted(client_alice, org, today):
    policy = unused_policy(org, today)
    invoice = overdue_invoice(org, today, 10)
    CustomerCollection.objects.create(organisation=org, customer=invoice.customer, policy=policy)
    run_day(org, today)
    CustomerCollection.objects.filter(customer=invoice.customer).update(policy=None)
    said = refused(client_alice, policy)
    assert "Zijn stappen zijn al voor facturen genomen" in said
    assert "klant volgt" not in said


def test_the_policy_page_says_beforehand_why_it_cannot_be_deleted(client_alice, org):
    page = client_alice.get(reverse("policy-edit", args=[policy_of(org).pk])).content.decode()
    assert "Het kan nu niet worden verwijderd" in page
    assert 'data-action="policy-delete"' not in page


# Who may


def test_only_owners_make_or_delete_policies(controller_client, viewer_client, org, today):
    policy = unused_policy(org, today)
    for client in (controller_client, viewer_client):
        assert make(client, policy_of(org)).status_code == 403
        assert client.post(reverse("policy-delete", args=[policy.pk])).status_code == 403
        html = client.get(reverse("policies")).content.decode()
        assert reverse("policy-new") not in html
        page = client.get(reverse("policy-edit", args=[policy.pk])).content.decode()
        assert reverse("policy-delete", args=[policy.pk]) not in page
    assert Policy.objects.filter(pk=policy.pk).exists()
    assert not Policy.objects.filter(name="Horeca").exists()


def test_another_organisations_policy_is_not_deleted(client_alice, other_org, today):
    theirs = unused_policy(other_org, today)
    assert client_alice.post(reverse("policy-delete", args=[theirs.pk])).status_code == 404
    assert Policy.objects.filter(pk=theirs.pk).exists()
