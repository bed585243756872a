"""A real SMTP server for tests (aiosmtpd on a spare local port) that refuses
chosen addresses with 550, like a mail server that knows no such mailbox."""

from __future__ import annotations

import email
import socket
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class Delivered:
    to: list[str]
    subject: str


@dataclass
class RefusingHandler:
    refused: set[str] = field(default_factory=set)
    delivered: list[Delivered] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.delivered.append(
                Delivered(to=list(envelope.rcpt_tos), subject=message["Subject"])
            )
        return "250 Message accepted for delivery"

    def count_to(self, address: str) -> int:
        return sum(1 for d in self.delivered if address in d.to)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_server_start(handler: RefusingHandler) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller
