"""A real SMTP server on a loopback port, for the email tests and the bench.

Built on aiosmtpd: ``LocalSMTP`` keeps every message it accepts (parsed, with
its Message-ID), and may wait before answering (a slow mail server). It can be
started on a port chosen beforehand, so a test can send to that port while
nothing listens there (the server is down) and start it later.
"""

import asyncio
import socket
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A loopback TCP port that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """aiosmtpd's handler: keeps each message, after ``delay`` seconds."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(
            message_from_bytes(envelope.original_content, policy=policy.default)
        )
        return "250 Message accepted for delivery"


class LocalSMTP:
    """An SMTP server on 127.0.0.1:``port`` (a free one by default)."""

    def __init__(self, port: int | None = None, delay: float = 0.0):
        self.port = port or free_port()
        self.recorder = Recorder(delay)
        self.controller = None

    @property
    def messages(self) -> list:
        """The messages accepted so far, as ``email.message.EmailMessage``."""
        return self.recorder.messages

    def start(self) -> "LocalSMTP":
        self.controller = Controller(
            self.recorder, hostname="127.0.0.1", port=self.port
        )
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def __enter__(self) -> "LocalSMTP":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
