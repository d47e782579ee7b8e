"""The address a request came from: the one place that reads it, for lock-outs and rate limits.

Behind reverse proxies the socket address (`REMOTE_ADDR`) is the nearest proxy's, so every
client would look the same. Each proxy appends the address it was reached from to
`X-Forwarded-For`, so with exactly `TRUSTED_PROXY_COUNT` proxies in front the client is the
entry the outermost of them wrote: the N-th from the right. Entries further left were written
by whoever sent the request and may be anything, so they are never read. With no proxies
(the default) the header is ignored altogether.

    REMOTE_ADDR 10.0.0.2, X-Forwarded-For "6.6.6.6, 203.0.113.7", 1 proxy → 203.0.113.7
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address, trusting exactly `settings.TRUSTED_PROXY_COUNT` proxies."""
    return forwarded_client(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        trusted_proxies=settings.TRUSTED_PROXY_COUNT,
    )


def forwarded_client(remote_addr: str, forwarded_for: str, *, trusted_proxies: int) -> str:
    """The address the outermost of `trusted_proxies` proxies was reached from.

    Falls back to `remote_addr` when there are no proxies or the entry is not an address.
    """
    if trusted_proxies <= 0:
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if not hops:
        return remote_addr
    # Fewer entries than proxies: every entry there was written by a trusted proxy.
    written_by_outermost = hops[-min(trusted_proxies, len(hops))]
    return _address(written_by_outermost) or remote_addr


def _address(hop: str) -> str | None:
    """'203.0.113.7', '203.0.113.7:5123' or '[2001:db8::1]:443' → the address, else None."""
    candidates = [hop]
    if hop.startswith("["):
        candidates = [hop[1:].split("]")[0]]
    elif hop.count(":") == 1:
        candidates.append(hop.split(":")[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None
