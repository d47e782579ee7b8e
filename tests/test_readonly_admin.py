"""What happened is read in /admin/, never edited there (issue 20, item 5).

A superuser could change an invoice's organisation or total at /admin/: no dossier event,
and `innen dossier verify` still said intact. Ledger, collection (holds, messages, actions,
runs), bank and dossier records are now read-only there; changes go through the services,
which write the events. Policies and their steps stay editable on purpose
(tests/collection/test_policy_admin.py), as do the settings that choose them.
"""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from innen.collection.models import CustomerCollection, Policy
from innen.collection.policies import policy_install_defaults
from innen.dossier.models import Event
from tests import factories

pytestmark = pytest.mark.django_db

RECORD_APPS = ("ledger", "collection", "banking", "dossier", "arrangements")
EDITABLE = {"policy", "segmentpolicy", "customercollection", "invoiceexclusion"}


@pytest.fixture
def root():
    return User.objects.create_superuser("root", password="x-long-password")


@pytest.fixture
def admin_client(client, root):
    client.force_login(root)
    return client


def registered_records():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in RECORD_APPS and model._meta.model_name not in EDITABLE
    ]


def test_the_walk_covers_the_records_of_the_issue():
    names = {model._meta.model_name for model, _ in registered_records()}
    assert {"invoice", "customer", "payment", "allocation", "creditnote"} <= names
    assert {"hold", "message", "action", "bankaccount", "bankentry", "event"} <= names


@pytest.mark.parametrize(
    ("model", "model_admin"),
    registered_records(),
    ids=[model._meta.label for model, _ in registered_records()],
)
def test_a_superuser_may_only_read_a_record(root, model, model_admin):
    request = RequestFactory().get("/admin/")
    request.user = root
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_change_permission(request), inline


def test_a_superuser_cannot_move_an_invoice_or_change_its_total(admin_client):
    mine, theirs = factories.organisation("Alice B.V."), factories.organisation("Mallory B.V.")
    invoice = factories.invoice(mine, factories.customer(mine))
    events = Event.objects.count()
    url = reverse("admin:ledger_invoice_change", args=[invoice.pk])
    assert admin_client.get(url).status_code == 200  # to read
    form = {
        "organisation": str(theirs.pk),
        "customer": str(invoice.customer_id),
        "number": invoice.number,
        "issue_date": invoice.issue_date.isoformat(),
        "due_date": invoice.due_date.isoformat(),
        "currency": "EUR",
        "amount_excl_vat": "1.00",
        "vat_amount": "0.00",
        "total": "1.00",
    }
    assert admin_client.post(url, form).status_code == 403
    invoice.refresh_from_db()
    assert (invoice.organisation, invoice.total) == (mine, Decimal("121.00"))
    assert Event.objects.count() == events


def test_no_arrangement_is_edited_in_the_admin(root):
    request = RequestFactory().get("/admin/")
    request.user = root
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label == "arrangements":
            assert not model_admin.has_change_permission(request), model


def test_a_policy_keeps_its_organisation_in_the_admin(admin_client):
    mine = factories.organisation("Alice B.V.")
    policy_install_defaults(organisation=mine)
    policy = Policy.objects.filter(organisation=mine).first()
    url = reverse("admin:collection_policy_change", args=[policy.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="organisation"' not in page  # shown, not a field to post


def test_a_customers_own_policy_must_be_of_its_organisation(admin_client):
    mine, theirs = factories.organisation("Alice B.V."), factories.organisation("Mallory B.V.")
    policy_install_defaults(organisation=theirs)
    customer = factories.customer(mine)
    their_policy = Policy.objects.filter(organisation=theirs).first()
    response = admin_client.post(
        reverse("admin:collection_customercollection_add"),
        {"customer": str(customer.pk), "policy": str(their_policy.pk)},
    )
    assert response.status_code == 200  # the form again, with the error; not a 500
    assert "another organisation" in response.content.decode() or "andere organisatie" in (
        response.content.decode()
    )
    assert not CustomerCollection.objects.exists()
