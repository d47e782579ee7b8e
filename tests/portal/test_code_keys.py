"""Printed portal codes outlive a change of SECRET_KEY, or are renewed and the dossier says so."""

import pytest

from innen.cli.main import main
from innen.dossier.models import Event, EventKind
from innen.portal.checks import portal_codes_opened_by_the_site_keys
from innen.portal.codes import customer_for_code, portal_code, portal_code_keys
from innen.portal.models import PortalCode

pytestmark = pytest.mark.django_db

OLD_KEY = "old-" + "o" * 50
NEW_KEY = "new-" + "n" * 50


@pytest.fixture
def printed(settings, customer):
    """The code on a letter printed while OLD_KEY was the site's key."""
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD_KEY, []
    return portal_code(customer)


def change_key(settings, keep_old: bool) -> None:
    settings.SECRET_KEY = NEW_KEY
    settings.SECRET_KEY_FALLBACKS = [OLD_KEY] if keep_old else []


def checks():
    found = portal_codes_opened_by_the_site_keys(databases=["default"])
    return {message.id: message.msg for message in found}


def test_a_printed_code_still_opens_the_portal_with_the_old_key_as_a_fallback(
    settings, customer, printed
):
    change_key(settings, keep_old=True)
    assert customer_for_code(printed, "1234 AB") == customer
    assert portal_code(customer) == printed  # the next letter prints the same code


def test_after_rekeying_the_old_key_can_go_and_the_printed_code_still_works(
    settings, customer, printed, capsys
):
    change_key(settings, keep_old=True)
    assert main(["portal", "rekey-codes"]) == 0
    assert "1 portal codes now use SECRET_KEY" in capsys.readouterr().out

    change_key(settings, keep_old=False)

    assert customer_for_code(printed, "1234 AB") == customer
    assert portal_code(customer) == printed
    assert printed.replace("-", "") not in str(PortalCode.objects.values().get())


def test_a_key_change_without_the_old_key_renews_the_code_and_the_dossier_says_so(
    settings, customer, printed
):
    change_key(settings, keep_old=False)

    renewed = portal_code(customer)

    assert renewed != printed
    assert customer_for_code(renewed, "1234 AB") == customer  # never a code that does not open
    assert customer_for_code(printed, "1234 AB") is None
    event = Event.objects.get(kind=EventKind.PORTAL, payload__action="code_renewed")
    assert event.customer_id == customer.pk
    assert "SECRET_KEY_FALLBACKS" in event.payload["text"]
    assert portal_code(customer) == renewed  # renewed once
    assert Event.objects.filter(payload__action="code_renewed").count() == 1


def test_the_check_at_migrate_counts_codes_no_key_opens(settings, customer, printed):
    change_key(settings, keep_old=False)
    assert (
        "1 printed portal codes were made with a SECRET_KEY that is no" in checks()["portal.W001"]
    )
    assert portal_code_keys().lost == 1


def test_the_check_at_migrate_counts_codes_that_still_need_a_fallback(settings, customer, printed):
    change_key(settings, keep_old=True)
    assert set(checks()) == {"portal.I001"}
    main(["portal", "rekey-codes"])
    assert checks() == {}


def test_the_check_asks_the_database_only_when_told_to(settings, customer, printed):
    change_key(settings, keep_old=False)
    assert portal_codes_opened_by_the_site_keys(databases=None) == []


def test_innen_migrate_says_how_many_codes_no_key_opens(settings, customer, printed, capsys):
    change_key(settings, keep_old=False)
    assert main(["migrate"]) == 0
    assert "portal.W001" in capsys.readouterr().err
