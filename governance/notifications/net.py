"""Sending one webhook request safely: http/https only, every resolved address checked (no loopback,
link-local, metadata or other internal address unless the host is allowed by name), the connection pinned to
the address that was checked (no second DNS answer), no redirects followed, a timeout on every step.

The standard library's http.client, not `requests` (a dev-only dependency here): it never follows
redirects, and its connection can be pointed at the checked address while TLS still verifies the name."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

# Cloud metadata services outside the link-local range (AWS IPv6, Alibaba, Oracle's legacy one).
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
MAX_RESPONSE_BYTES = 64 * 1024


class ForbiddenURL(ValueError):
    """The URL may not be called: bad scheme, malformed, or it resolves to an address we refuse."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address in METADATA_ADDRESSES:
        return _("a cloud metadata address")
    if address.is_loopback:
        return _("a loopback address")
    if address.is_link_local:
        return _("a link-local address (this includes cloud metadata services)")
    if address.is_unspecified or address.is_multicast or address.is_reserved:
        return _("not a unicast address")
    if address.is_private and not settings.NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE:
        return _("a private (internal) address")
    return ""


def parse(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) or ForbiddenURL for anything but a plain http(s) URL."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError as exc:
        raise ForbiddenURL(_("The URL is malformed: %(error)s.") % {"error": exc}) from exc
    if parts.scheme not in ("http", "https"):
        raise ForbiddenURL(_("Only http and https URLs are allowed."))
    if not parts.hostname:
        raise ForbiddenURL(_("The URL has no host."))
    if parts.username or parts.password:
        raise ForbiddenURL(_("Put credentials in the signing secret, not in the URL."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname.lower(), port or (443 if parts.scheme == "https" else 80), path


def resolve(url: str) -> Target:
    """Check the URL and every address its host resolves to; the first address to connect to."""
    scheme, host, port, path = parse(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ForbiddenURL(
            _("The host '%(host)s' does not resolve: %(error)s.") % {"host": host, "error": exc}
        ) from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise ForbiddenURL(_("The host '%(host)s' has no address.") % {"host": host})
    if host not in {h.lower() for h in settings.NOTIFICATIONS_WEBHOOK_ALLOWED_HOSTS}:
        for raw in addresses:
            reason = _refused(ipaddress.ip_address(raw.split("%")[0]))
            if reason:
                raise ForbiddenURL(
                    _(
                        "The host '%(host)s' resolves to %(address)s, %(reason)s; "
                        "list the host in NOTIFICATIONS_WEBHOOK_ALLOWED_HOSTS to allow it."
                    )
                    % {"host": host, "address": raw, "reason": reason}
                )
    return Target(scheme=scheme, host=host, port=port, path=path, address=addresses[0])


def post(*, url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int, int]:
    """POST to the checked address; (status code, duration in ms). Raises ForbiddenURL, OSError or
    http.client.HTTPException; a 3xx comes back as its status (never followed)."""
    target = resolve(url)
    if target.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout)

    def pinned(address: tuple[str, int], *args, **kwargs):
        return socket.create_connection((target.address, address[1]), *args, **kwargs)

    conn._create_connection = pinned  # connect to the address checked above; TLS still checks the name
    started = time.monotonic()
    try:
        conn.request("POST", target.path, body=body, headers=headers)
        response = conn.getresponse()
        response.read(MAX_RESPONSE_BYTES)
        return response.status, int((time.monotonic() - started) * 1000)
    finally:
        conn.close()
