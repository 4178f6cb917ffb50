"""Which URLs a webhook may be sent to.

A webhook makes Samverka's server open a connection where a client says, so a target could
point it at the municipality's internal network (server-side request forgery). Targets must
be https in production, and addresses that are not public (loopback, private, link-local,
multicast, reserved) are refused unless ``SAMVERKA_WEBHOOK_ALLOW_PRIVATE_TARGETS`` allows
them. A registered name is checked again when sending, against every address it resolves to,
since what a name points at can change after registration. That check is made where the
socket opens (``VettedTransport``), and the socket opens to the very address that was checked:
a name resolved once to check and again to connect could answer a public address to the check
and a private one to the connection (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

from api.config import Environment, Settings

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})
NOT_PUBLIC = "The target's address is not a public internet address."


class TargetRefused(ValueError):
    """The URL may not be used; the message says why, for the client."""


def _check_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    if not address.is_global or address.is_multicast:
        raise TargetRefused(NOT_PUBLIC)


def check_url(url: str, settings: Settings) -> None:
    """At registration: scheme, host and (for literal addresses) the address itself."""
    parts = urlsplit(url)
    allowed_schemes = {"https"} if settings.env is Environment.production else {"https", "http"}
    if parts.scheme not in allowed_schemes:
        raise TargetRefused(f"The URL must use {' or '.join(sorted(allowed_schemes))}.")
    if not parts.hostname:
        raise TargetRefused("The URL has no host.")
    if parts.username or parts.password:
        raise TargetRefused("The URL may not carry a user name or password.")
    if settings.webhook_allow_private_targets:
        return
    if parts.hostname.lower() in LOCAL_NAMES:
        raise TargetRefused(NOT_PUBLIC)
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return  # a name: its addresses are checked when sending
    _check_address(address)


def vetted_address(host: str, port: int, settings: Settings) -> str:
    """Resolve ``host`` once: the address to connect to, after every address it resolves to
    has been checked (one refused address refuses the name)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise TargetRefused("The target's host name does not resolve.") from error
    addresses = [str(info[4][0]) for info in infos]
    if not settings.webhook_allow_private_targets:
        for address in addresses:
            _check_address(ipaddress.ip_address(address))
    return addresses[0]


class _VettingBackend(httpcore.NetworkBackend):
    """Opens TCP connections to vetted addresses only; never a Unix socket."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        address = vetted_address(host, port, self._settings)
        return self._sockets.connect_tcp(address, port, timeout, local_address, socket_options)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise TargetRefused(NOT_PUBLIC)

    def sleep(self, seconds: float) -> None:
        self._sockets.sleep(seconds)


class VettedTransport(httpx.HTTPTransport):
    """httpx's transport, with every connection opened through ``_VettingBackend``.

    httpx does not take a network backend, so the connection pool is replaced by one built
    the same way with it. No proxy from the environment: the check is of the target's own
    addresses. TLS still verifies the certificate against the target's name (the SNI and the
    pool key stay the URL's host; only the socket's address is pinned).
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=10,  # one worker sends in order; a few subscriptions at a time
            keepalive_expiry=5.0,  # httpx's default; httpcore's own keeps idle sockets forever
            network_backend=_VettingBackend(settings),
        )


class WebhookClient(httpx.Client):
    """The client webhooks are sent with: a type of its own, so that a plain client, which
    would connect wherever a name points, cannot be passed to the sender."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(transport=VettedTransport(settings), trust_env=False)
