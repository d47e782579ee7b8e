"""The portal's own settings, with their defaults (config/settings.py may override them).

MOLLIE_API_ENDPOINT: where Mollie's API lives: the Django setting if there is one, else the
environment variable of that name, else Mollie's. Production leaves it at Mollie's; the tests
and the demo point it at the fake server (`python -m innen.portal.fake_mollie`).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.conf import settings

MOLLIE_API_ENDPOINT = "https://api.mollie.com"
# Mollie's hosted checkout, where the customer is sent to pay (its links point here).
MOLLIE_CHECKOUT_ORIGINS = ["https://www.mollie.com", "https://*.mollie.com"]


def mollie_api_endpoint() -> str:
    default = os.environ.get("MOLLIE_API_ENDPOINT") or MOLLIE_API_ENDPOINT
    return str(getattr(settings, "MOLLIE_API_ENDPOINT", default)).rstrip("/")


def mollie_checkout_origins() -> list[str]:
    """Where the checkout pages are: Mollie's, or the fake server's own."""
    endpoint = mollie_api_endpoint()
    if endpoint == MOLLIE_API_ENDPOINT:
        return list(MOLLIE_CHECKOUT_ORIGINS)
    parts = urlsplit(endpoint)
    return [f"{parts.scheme}://{parts.netloc}"]
