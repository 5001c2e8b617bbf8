"""Real parts for notification tests: an aiosmtpd SMTP server and an http.server webhook receiver, each on
a free port in a thread."""

from __future__ import annotations

import contextlib
import email
import email.policy
import http.server
import json
import socket
import threading
import time
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from tests.governance.promotions.conftest import lenient, model, production, version  # noqa: F401


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server; Django's SMTP backend points at it."""
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "ML governance <governance@example.org>"
    settings.SITE_URL = "http://testserver"
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def dead_smtp(settings):
    """SMTP settings naming a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


@dataclass
class Receiver:
    """What the receiver answers: "ok", "500", "hang", "hang_first" or "redirect"; and what it received."""

    port: int = 0
    mode: str = "ok"
    hang_seconds: float = 3.0
    requests: list[dict] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/governance"


@pytest.fixture
def receiver(settings):
    state = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            # "hang_first": the first request is read (accepted) and then left hanging, as when the sender
            # dies before it records the answer; later ones are answered at once.
            if state.mode == "hang" or (state.mode == "hang_first" and len(state.requests) == 1):
                time.sleep(state.hang_seconds)
            if state.mode == "redirect":
                self.send_response(302)
                self.send_header("Location", f"http://127.0.0.1:{state.port}/elsewhere")
            elif state.mode == "500":
                self.send_response(500)
            else:
                self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(json.dumps({"received": True}).encode())

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFICATIONS_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.NOTIFICATIONS_WEBHOOK_TIMEOUT = 1
    settings.NOTIFICATIONS_WEBHOOK_RETRIES = 2
    settings.NOTIFICATIONS_WEBHOOK_MAX_FAILURES = 2
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
