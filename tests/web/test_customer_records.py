"""Customers by hand on the desk: created and changed through the ledger's services, with a
dossier event; checked as the import checks them, refused on the named field with nothing
changed; only owners and controllers may; another organisation's customer is a 404."""

import html

import pytest
from django.urls import reverse

from innen.collection.customer_policy import own_policy
from innen.collection.models import Policy
from innen.dossier.models import Event, EventKind
from innen.ledger.models import Customer, CustomerIban, CustomerKind
from tests import factories

pytestmark = pytest.mark.django_db

NEW = {
    "number": "K-100",
    "kind": CustomerKind.BUSINESS,
    "name": "Drukkerij Van Dam B.V.",
    "contact_person": "Els van Dam",
    "emails": "els@vandam.nl; boekhouding@vandam.nl",
    "phone": "020 555 1234",
    "street": "Kerkstraat 1",
    "postcode": "1234ab",
    "city": "Amsterdam",
    "country": "nl",
    "kvk_number": "1234 5678",
    "vat_number": "NL004495445B01",
    "language": "nl",
    "segment": "drukwerk",
    "ibans": "NL91 ABNA 0417 1643 00\nNL44RABO0123456789",
    "notes": "",
    "external_reference": "",
}


def _events(customer):
    return list(Event.objects.filter(customer_id=customer.pk).order_by("seq"))


def test_a_controller_creates_a_customer_with_every_field_cleaned_as_the_import_cleans_them(
    controller_client, org
):
    policy = Policy.objects.get(organisation=org, customer_kind="business")
    response = controller_client.post(reverse("customer-new"), {**NEW, "policy": policy.pk})
    customer = Customer.objects.get(organisation=org, number="K-100")
    assert response.status_code == 302
    assert response["Location"] == reverse("customer-detail", args=[customer.pk])
    assert customer.postcode == "1234 AB"
    assert customer.kvk_number == "12345678"
    assert customer.country == "NL"
    assert customer.emails == "els@vandam.nl, boekhouding@vandam.nl"
    assert sorted(customer.ibans.values_list("iban", flat=True)) == [
        "NL44RABO0123456789",
        "NL91ABNA0417164300",
    ]
    assert own_policy(customer) == policy
    kinds = [(event.kind, event.payload.get("action")) for event in _events(customer)]
    assert kinds == [(EventKind.CUSTOMER_CREATED, None), (EventKind.NOTE, "policy_chosen")]
    assert all(event.actor == "carla" for event in _events(customer))


def test_the_new_customer_page_is_dutch_and_offers_every_field(owner_client):
    page = owner_client.get(reverse("customer-new")).content.decode()
    for label in ("Nieuwe klant", "Klantnummer", "KvK-nummer", "Btw-nummer", "Segment", "Taal"):
        assert label in page


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("kvk_number", "1234", "KvK-nummer"),
        ("vat_number", "NL123", "btw-nummer"),
        ("postcode", "12345", "postcode"),
        ("emails", "niet-een-adres", "e-mailadressen"),
        ("ibans", "NL00ABNA0000000000", "bekende IBAN's"),
    ],
)
def test_a_refused_customer_field_is_named_in_dutch_and_nothing_is_written(
    owner_client, org, field, value, label
):
    before = Event.objects.count()
    response = owner_client.post(reverse("customer-new"), {**NEW, field: value})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Er is niets opgeslagen" in page
    assert f"{label[0].upper()}{label[1:]}:" in page
    assert not Customer.objects.filter(organisation=org, number="K-100").exists()
    assert Event.objects.count() == before


def test_a_consumer_with_a_kvk_number_is_refused_by_the_model_rule_on_its_field(owner_client, org):
    response = owner_client.post(reverse("customer-new"), {**NEW, "kind": CustomerKind.CONSUMER})
    assert response.status_code == 400
    assert "Soort:" in response.content.decode()
    assert not Customer.objects.filter(organisation=org, number="K-100").exists()


def test_a_customer_number_in_use_is_refused(owner_client, org):
    factories.customer(org, number="K-100")
    response = owner_client.post(reverse("customer-new"), NEW)
    assert response.status_code == 400
    assert "Er is al een klant met dit nummer." in response.content.decode()


def test_a_consumer_cannot_be_put_on_a_business_ladder(owner_client, org):
    consumer = factories.customer(org, kind=CustomerKind.CONSUMER)
    business = Policy.objects.get(organisation=org, customer_kind="business")
    data = {**NEW, "kind": CustomerKind.CONSUMER, "kvk_number": "", "vat_number": ""}
    response = owner_client.post(
        reverse("customer-edit", args=[consumer.pk]), {**data, "policy": business.pk}
    )
    assert response.status_code == 400
    consumer.refresh_from_db()
    assert consumer.name != NEW["name"]
    assert own_policy(consumer) is None


def test_an_edit_changes_the_customer_and_notes_each_change_in_the_dossier(owner_client, org):
    customer = factories.customer(org, name="Oude Naam B.V.")
    before = len(_events(customer))
    data = {**NEW, "name": "Nieuwe Naam B.V.", "ibans": "NL91ABNA0417164300"}
    response = owner_client.post(reverse("customer-edit", args=[customer.pk]), data)
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.name == "Nieuwe Naam B.V."
    assert customer.number != "K-100"  # the number is not changed here
    assert CustomerIban.objects.filter(customer=customer, iban="NL91ABNA0417164300").exists()
    new = _events(customer)[before:]
    assert [event.payload.get("action") for event in new] == [None, "iban_added"]
    assert "name" in new[0].payload["changed"]
    assert new[0].actor == "alice"


def test_a_refused_edit_changes_nothing(owner_client, org):
    customer = factories.customer(org, name="Oude Naam B.V.")
    before = Event.objects.count()
    data = {**NEW, "name": "Nieuwe Naam B.V.", "kvk_number": "12"}
    response = owner_client.post(reverse("customer-edit", args=[customer.pk]), data)
    assert response.status_code == 400
    customer.refresh_from_db()
    assert customer.name == "Oude Naam B.V."
    assert Event.objects.count() == before


def test_a_viewer_sees_no_edit_buttons_and_is_refused_the_forms(viewer_client, org):
    customer = factories.customer(org)
    assert "Nieuwe klant" not in viewer_client.get(reverse("customers")).content.decode()
    page = viewer_client.get(reverse("customer-detail", args=[customer.pk])).content.decode()
    assert reverse("customer-edit", args=[customer.pk]) not in page
    assert reverse("invoice-new", args=[customer.pk]) not in page
    for url in (
        reverse("customer-new"),
        reverse("customer-edit", args=[customer.pk]),
        reverse("invoice-new", args=[customer.pk]),
    ):
        assert viewer_client.get(url).status_code == 403
        assert viewer_client.post(url, NEW).status_code == 403
    assert not Customer.objects.filter(number="K-100").exists()


def test_owners_and_controllers_see_the_buttons(owner_client, org):
    customer = factories.customer(org)
    assert "Nieuwe klant" in owner_client.get(reverse("customers")).content.decode()
    page = owner_client.get(reverse("customer-detail", args=[customer.pk])).content.decode()
    assert "Bewerken" in page
    assert "Nieuwe factuur" in page


def test_another_organisations_customer_is_not_found(owner_client, other_org):
    theirs = factories.customer(other_org, name="Van Een Ander B.V.")
    for name in ("customer-edit", "invoice-new"):
        url = reverse(name, args=[theirs.pk])
        assert owner_client.get(url).status_code == 404
        assert owner_client.post(url, NEW).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Van Een Ander B.V."


def test_another_organisations_policy_cannot_be_chosen(owner_client, org, other_org):
    theirs = Policy.objects.get(organisation=other_org, customer_kind="business")
    response = owner_client.post(reverse("customer-new"), {**NEW, "policy": theirs.pk})
    assert response.status_code == 400
    assert not Customer.objects.filter(organisation=org, number="K-100").exists()


def test_a_created_customer_reads_in_dutch_in_its_dossier(owner_client, org):
    owner_client.post(reverse("customer-new"), NEW)
    customer = Customer.objects.get(organisation=org, number="K-100")
    page = owner_client.get(reverse("customer-detail", args=[customer.pk])).content.decode()
    page = html.unescape(page)
    assert "Klant aangemaakt" in page
    assert "soort: Zakelijk" in page
    assert "bekende IBAN's: NL91ABNA0417164300, NL44RABO0123456789" in page
