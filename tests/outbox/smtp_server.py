"""A real SMTP server for the tests (aiosmtpd), recording what it accepted.

It can refuse a recipient for good (550) or fail the next deliveries for now (451), the two
answers a sender must tell apart.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    received: list[bytes] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)  # each message's envelope
    refused: set[str] = field(default_factory=set)
    busy: int = 0  # answer 451 to this many more messages

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refused:
            return f"550 5.1.1 <{address}>: recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.busy:
            self.busy -= 1
            return "451 4.3.0 try again later"
        self.received.append(envelope.original_content or envelope.content)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 2.0.0 accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()
