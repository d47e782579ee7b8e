"""A real HTTP server for the tests, in a thread, recording what it was sent.

It answers each POST with the next status in `answers` (then 200), so a test can make an
endpoint fail and recover, or send it somewhere else with a redirect.
"""

from __future__ import annotations

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
    def __init__(self) -> None:
        self._server = Receiver(("127.0.0.1", 0), _Handler)
        self._server.inbox = self.inbox = Inbox()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hooks/innen"

    def __enter__(self) -> HttpServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
