"""The signature a receiver checks: HMAC-SHA256 over "<timestamp>.<body>", with the secret."""

import hashlib
import hmac
import subprocess
import sys
import time
from pathlib import Path

from innen.webhooks import signing

SECRET = "whsec_test-secret"
BODY = b'{"id":"evt_1","type":"invoice.paid"}'
NOW = 1_790_000_000


def test_the_signature_is_the_hmac_of_timestamp_dot_body_a_receiver_can_compute():
    header = signing.signature_header(SECRET, NOW, BODY)
    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert header == f"t={NOW},v1={expected}"


def test_a_signed_body_verifies():
    assert signing.verify(SECRET, signing.signature_header(SECRET, NOW, BODY), BODY, now=NOW + 5)


def test_another_secret_a_changed_body_or_a_changed_timestamp_do_not_verify():
    header = signing.signature_header(SECRET, NOW, BODY)
    assert not signing.verify("whsec_other", header, BODY, now=NOW)
    assert not signing.verify(SECRET, header, BODY.replace(b"paid", b"sent"), now=NOW)
    moved = header.replace(f"t={NOW}", f"t={NOW + 1}")
    assert not signing.verify(SECRET, moved, BODY, now=NOW)


def test_an_old_delivery_replayed_is_refused():
    header = signing.signature_header(SECRET, NOW, BODY)
    assert signing.verify(SECRET, header, BODY, now=NOW + signing.TOLERANCE)
    assert not signing.verify(SECRET, header, BODY, now=NOW + signing.TOLERANCE + 1)


def test_a_malformed_header_does_not_verify():
    for header in ["", "v1=abc", f"t={NOW}", f"t=soon,v1={'0' * 64}"]:
        assert not signing.verify(SECRET, header, BODY, now=NOW)


def test_the_body_is_the_same_bytes_whatever_the_key_order():
    assert signing.body_bytes({"b": "1", "a": "é"}) == signing.body_bytes({"a": "é", "b": "1"})
    assert signing.body_bytes({"a": "é"}) == '{"a":"é"}'.encode()


def test_secrets_are_long_and_never_the_same():
    first, second = signing.new_secret(), signing.new_secret()
    assert first != second
    assert first.startswith("whsec_") and len(first) > 40


def test_signing_and_addresses_need_no_django():
    # A receiver's developer may copy them; and they are pure, like the domain packages.
    code = (
        "import sys, innen.webhooks.signing, innen.webhooks.addresses; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_the_snippet_in_the_documentation_verifies_what_innen_signs():
    docs = Path(__file__).parents[2] / "docs" / "webhooks.md"
    snippet = docs.read_text().split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(snippet, namespace)
    now = int(time.time())
    header = signing.signature_header(SECRET, now, BODY)
    assert namespace["verify"](SECRET, header, BODY)
    assert not namespace["verify"](SECRET, header, BODY + b" ")
    assert not namespace["verify"](SECRET, signing.signature_header(SECRET, now - 301, BODY), BODY)
