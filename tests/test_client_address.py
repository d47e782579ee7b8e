"""The client's address behind exactly N trusted proxies; a forged X-Forwarded-For never helps."""

import pytest
from django.test import RequestFactory

from innen.client_address import client_address, forwarded_client

PROXY = "10.0.0.2"


def test_without_proxies_the_socket_address_is_the_client_whatever_the_header_says():
    assert forwarded_client(PROXY, "203.0.113.7", trusted_proxies=0) == PROXY


def test_behind_one_proxy_the_client_is_the_entry_that_proxy_wrote():
    assert forwarded_client(PROXY, "203.0.113.7", trusted_proxies=1) == "203.0.113.7"


def test_entries_a_client_wrote_itself_are_never_read():
    forged = "198.51.100.1, 192.0.2.99, 203.0.113.7"  # the proxy appended the last one
    assert forwarded_client(PROXY, forged, trusted_proxies=1) == "203.0.113.7"


def test_behind_two_proxies_the_client_is_what_the_outer_one_wrote():
    header = "198.51.100.1, 203.0.113.7, 10.0.0.9"  # forged, outer proxy, inner proxy
    assert forwarded_client(PROXY, header, trusted_proxies=2) == "203.0.113.7"


@pytest.mark.parametrize(
    ("entry", "address"),
    [
        ("203.0.113.7:51234", "203.0.113.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_a_port_after_the_address_is_dropped(entry, address):
    assert forwarded_client(PROXY, entry, trusted_proxies=1) == address


@pytest.mark.parametrize("header", ["", "  ", "not-an-address", "unknown"])
def test_no_usable_entry_means_the_socket_address(header):
    assert forwarded_client(PROXY, header, trusted_proxies=1) == PROXY


def test_the_request_is_read_with_the_configured_number_of_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == PROXY
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.7"
