"""Which URLs a webhook may go to: https on the public internet.

A webhook is a request innen's server makes to an address a user typed in, so that address
must not reach inside: not the server itself, not the private network it sits in, not a
cloud's metadata service. Plain http is allowed only to this machine, and only where
`allow_local` says so (development and the tests, which run a receiver on 127.0.0.1).

Checked when an endpoint is saved (the URL as written) and again before every delivery (the
addresses its name resolves to then, since a name can be pointed elsewhere later); the
delivery then connects to exactly the addresses that were checked (pinned.py).

Pure: no Django; resolving is passed in.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

Resolver = Callable[[str, int], Iterable[str]]

# What `url_problem` answers (the web page says them in the user's language).
INVALID = "not a valid URL"
NO_HOST = "the URL has no host"
CREDENTIALS = "the URL may not hold a user name or password"
NOT_HTTPS = "use https (plain http is allowed only to this machine, in development)"
THIS_SERVER = "a webhook cannot go to this server itself"
BAD_PORT = "not a valid port"
INSIDE = "a webhook cannot go to a private, local or reserved address"
DOES_NOT_RESOLVE = "does not resolve to an address"
POINTS_INSIDE = "resolves to a private, local or reserved address, where a webhook cannot go"


def url_problem(url: str, *, allow_local: bool) -> str | None:
    """Return why `url` may not receive webhooks, or None when it may."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return INVALID
    host = (parts.hostname or "").lower()
    if not host:
        return NO_HOST
    if parts.username or parts.password:
        return CREDENTIALS
    local = host in LOCAL_NAMES
    plain_allowed = local and allow_local
    if parts.scheme not in ("http", "https") or (parts.scheme == "http" and not plain_allowed):
        return NOT_HTTPS
    if local:
        return None if allow_local else THIS_SERVER
    if port is not None and not 0 < port < 65536:
        return BAD_PORT
    return _address_problem(host, allow_local=allow_local)


@dataclass(frozen=True)
class Resolved:
    """The addresses a URL's name resolved to, all checked; or why the URL may not be used."""

    addresses: tuple[str, ...] = ()
    problem: str | None = None


def resolved(url: str, resolve: Resolver, *, allow_local: bool) -> Resolved:
    """Resolve `url`'s host once and check every address: the delivery connects to these.

    A refusal does not name the address: the log of a webhook is no way to learn what names
    resolve to inside the network.
    """
    problem = url_problem(url, allow_local=allow_local)
    if problem is not None:
        return Resolved(problem=problem)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = tuple(dict.fromkeys(resolve(host, port)))
    except OSError:
        return Resolved(problem=f"{host} {DOES_NOT_RESOLVE}")
    if not addresses:
        return Resolved(problem=f"{host} {DOES_NOT_RESOLVE}")
    for address in addresses:
        problem = _address_problem(address, allow_local=allow_local)
        if problem is not None:
            return Resolved(problem=f"{host} {POINTS_INSIDE}")
    return Resolved(addresses)


def _address_problem(host: str, *, allow_local: bool) -> str | None:
    try:
        address = ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None  # a name: what it resolves to is checked before each delivery
    if address.is_loopback and allow_local:
        return None
    if not address.is_global or address.is_multicast:
        return INSIDE
    return None
