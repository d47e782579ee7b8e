"""A real HTTP server for the tests, in a thread, recording what it was sent.

It answers each POST with the next status in `answers` (then 200), so a test can make an
endpoint fail and recover, or send it somewhere else with a redirect. With `tls` it speaks
https as receiver.test (the certificate in tls/, valid until 2126).
"""

from __future__ import annotations

import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Inbox:
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # statuses to answer, in turn; then 200


class Receiver(ThreadingHTTPServer):
    inbox: Inbox

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that refuses the certificate is what some tests expect


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        inbox = self.server.inbox
        inbox.received.append(
            Received(self.path, dict(self.headers.items()), self.rfile.read(length))
        )
        status = inbox.answers.pop(0) if inbox.answers else 200
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", "/elsewhere")
        answer = b'{"ok": true}' if status < 300 else b"something broke"
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet tests


class HttpServer:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self._server = Receiver(("127.0.0.1", 0), _Handler)
        self._server.inbox = self.inbox = Inbox()
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks/innen"
        if tls is not None:  # https, for the name on tls.pem; the test says where it points
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self.url = f"https://receiver.test:{self.port}/hooks/innen"

    def __enter__(self) -> HttpServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
