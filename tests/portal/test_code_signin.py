"""The code on a letter plus the postcode opens the portal; guessing is rate-limited."""

import pytest
from django.core.cache import cache

from innen.dossier.models import Event, EventKind
from innen.portal import ratelimit
from innen.portal.code_keys import ALPHABET
from innen.portal.codes import normalise_postcode, portal_code
from innen.portal.models import PortalCode
from tests import factories

pytestmark = pytest.mark.django_db

WRONG = "Met deze code en postcode opent geen portaal"


def sign_in(client, code, postcode, address="203.0.113.7"):
    return client.post("/portal/", {"code": code, "postcode": postcode}, REMOTE_ADDR=address)


def test_a_code_is_eight_unambiguous_characters_and_stays_the_same(customer):
    code = portal_code(customer)
    assert len(code) == 9 and code[4] == "-"
    assert set(code.replace("-", "")) <= set(ALPHABET)
    assert not set("01IO") & set(code)
    assert portal_code(customer) == code
    assert PortalCode.objects.count() == 1


def test_the_code_is_stored_only_as_a_hash(customer):
    code = portal_code(customer).replace("-", "")
    row = PortalCode.objects.get()
    assert code not in row.code_hash and code not in row.nonce


def test_each_customer_has_their_own_code(org, customer):
    assert portal_code(customer) != portal_code(factories.customer(org))


def test_postcodes_compare_without_spaces_or_case():
    assert normalise_postcode("1234 ab") == normalise_postcode("1234AB") == "1234AB"


def test_the_right_code_and_postcode_open_the_customers_portal(client, customer, invoices):
    code = portal_code(customer)
    response = sign_in(client, code.lower().replace("-", " "), "1234ab")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and "F-2026-001" in page.content.decode()
    event = Event.objects.get(kind=EventKind.PORTAL, payload__action="signed_in_by_code")
    assert event.customer_id == customer.pk


@pytest.mark.parametrize("which", ["code", "postcode"])
def test_a_wrong_code_or_postcode_gets_one_plain_message(client, customer, which):
    code = portal_code(customer)
    wrong_code = "ABCD-EFGH" if code != "ABCD-EFGH" else "HGFE-DCBA"
    response = sign_in(
        client,
        wrong_code if which == "code" else code,
        "9999 ZZ" if which == "postcode" else "1234 AB",
    )
    assert response.status_code == 400
    assert WRONG in response.content.decode()
    assert not Event.objects.filter(kind=EventKind.PORTAL).exists()


def test_a_customer_without_a_postcode_cannot_sign_in_by_code(client, org):
    customer = factories.customer(org, postcode="")
    assert sign_in(client, portal_code(customer), "").status_code == 400


def test_an_address_gets_ten_tries_in_a_quarter_of_an_hour(client, customer):
    code = portal_code(customer)
    for n in range(ratelimit.LIMIT):
        assert sign_in(client, f"AAAA-AAA{ALPHABET[n]}", "1234 AB").status_code == 400
    response = sign_in(client, code, "1234 AB")
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    assert sign_in(client, code, "1234 AB", address="198.51.100.1").status_code == 302


def test_a_code_gets_ten_tries_whatever_the_address(client, customer):
    code = portal_code(customer)
    for n in range(ratelimit.LIMIT):
        assert sign_in(client, code, "0000 XX", address=f"192.0.2.{n}").status_code == 400
    assert sign_in(client, code, "1234 AB", address="198.51.100.1").status_code == 429


def test_behind_a_proxy_each_client_has_its_own_ten_tries(client, customer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    code = portal_code(customer)

    def via_proxy(forwarded_for, code):
        data = {"code": code, "postcode": "1234 AB"}
        return client.post(
            "/portal/", data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for
        )

    for n in range(ratelimit.LIMIT):
        # A forged first entry changes nothing: the proxy's own entry is the one read.
        forwarded_for = f"198.51.100.{n}, 192.0.2.10"
        assert via_proxy(forwarded_for, f"AAAA-AAA{ALPHABET[n]}").status_code == 400
    assert via_proxy("198.51.100.99, 192.0.2.10", code).status_code == 429
    assert via_proxy("203.0.113.50", code).status_code == 302


def test_the_limit_ends_with_its_window(client, customer, monkeypatch):
    code = portal_code(customer)
    for _ in range(ratelimit.LIMIT):
        sign_in(client, code, "0000 XX")
    assert sign_in(client, code, "1234 AB").status_code == 429
    cache.clear()  # what the cache does when the window's keys expire
    assert sign_in(client, code, "1234 AB").status_code == 302


def test_the_form_page_opens(client):
    response = client.get("/portal/")
    assert response.status_code == 200
    assert 'name="postcode"' in response.content.decode()
