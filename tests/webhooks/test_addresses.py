"""Where a webhook may go: public https; plain http only to this machine, in development."""

import pytest

from innen.webhooks.addresses import Resolved, resolved, url_problem


@pytest.mark.parametrize("url", ["https://erp.bakkerij.nl/hooks", "https://93.184.216.34:8443/in"])
def test_public_https_urls_are_accepted(url):
    assert url_problem(url, allow_local=False) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://erp.bakkerij.nl/hooks", "https"),
        ("ftp://erp.bakkerij.nl/hooks", "https"),
        ("https://user:pw@erp.bakkerij.nl/", "password"),
        ("https://10.0.0.5/hooks", "private"),
        ("https://169.254.169.254/latest/meta-data", "private"),
        ("https://[::1]/hooks", "this server"),
        ("https://localhost/hooks", "this server"),
        ("http://127.0.0.1:8000/hooks", "https"),
        ("https:///nohost", "no host"),
    ],
)
def test_inside_addresses_and_plain_http_are_refused(url, reason):
    assert reason in (url_problem(url, allow_local=False) or "")


def test_http_to_this_machine_is_allowed_only_in_development():
    assert url_problem("http://127.0.0.1:8000/hooks", allow_local=True) is None
    assert url_problem("http://localhost:8000/hooks", allow_local=True) is None
    assert url_problem("http://10.0.0.5/hooks", allow_local=True) is not None


def test_a_name_that_resolves_inside_is_refused_before_delivery_without_naming_the_address():
    def resolve(host, port):
        return ["93.184.216.34", "192.168.1.20"]

    destination = resolved("https://erp.bakkerij.nl/hooks", resolve, allow_local=False)
    assert destination.problem is not None and "private" in destination.problem
    assert "192.168.1.20" not in destination.problem  # the log teaches nothing about inside
    assert destination.addresses == ()


def test_a_public_name_gives_the_addresses_the_delivery_connects_to():
    def resolve(host, port):
        return ["93.184.216.34", "2606:2800:220:1::", "93.184.216.34"]

    destination = resolved("https://erp.bakkerij.nl/hooks", resolve, allow_local=False)
    assert destination == Resolved(("93.184.216.34", "2606:2800:220:1::"))


def test_a_name_that_does_not_resolve_is_named():
    def resolve(host, port):
        raise OSError("Name or service not known")

    destination = resolved("https://nergens.invalid/", resolve, allow_local=False)
    assert destination.problem == "nergens.invalid does not resolve to an address"
