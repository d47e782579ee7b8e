"""An urllib opener that connects only to addresses checked beforehand (no DNS rebinding).

A delivery resolves the endpoint's name once, checks every address it got (addresses.py),
and then connects to those addresses and no others. Were the name resolved again for the
connection, it could answer differently the second time, with an address inside the
network. Everything else still uses the name: the Host header, TLS's server name (SNI) and
the check of the certificate against it.

Proxies from the environment are not used: the connection must go to the checked address.
"""

from __future__ import annotations

import http.client
import socket
import urllib.request
from collections.abc import Sequence
from typing import Any


def opener(addresses: Sequence[str], *handlers: urllib.request.BaseHandler) -> Any:
    """An opener whose connections go to `addresses` (tried in order), whatever the URL's host."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _PinnedHTTPHandler(addresses),
        _PinnedHTTPSHandler(addresses),
        *handlers,
    )


def _connector(addresses: Sequence[str]) -> Any:
    """Stands in for socket.create_connection: the URL's port, on a checked address."""

    def connect(
        host_and_port: tuple[str, int], timeout: Any = None, source_address: Any = None
    ) -> socket.socket:
        port = host_and_port[1]
        error: OSError = OSError("no checked address to connect to")
        for address in addresses:
            try:
                return socket.create_connection((address, port), timeout, source_address)
            except OSError as exc:
                error = exc
        raise error

    return connect


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, addresses: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connector(addresses)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, addresses: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connector(addresses)


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, addresses: Sequence[str]) -> None:
        super().__init__()
        self._addresses = addresses

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        def connection(host: str, **kwargs: Any) -> _PinnedHTTPConnection:
            return _PinnedHTTPConnection(host, addresses=self._addresses, **kwargs)

        return self.do_open(connection, req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, addresses: Sequence[str]) -> None:
        super().__init__()
        self._addresses = addresses

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        def connection(host: str, **kwargs: Any) -> _PinnedHTTPSConnection:
            return _PinnedHTTPSConnection(host, addresses=self._addresses, **kwargs)

        return self.do_open(connection, req)
