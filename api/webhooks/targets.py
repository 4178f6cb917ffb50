"""Which URLs a webhook may be sent to.

A webhook makes Samverka's server open a connection where a client says, so a target could
point it at the municipality's internal network (server-side request forgery). Targets must
be https in production, and addresses that are not public (loopback, private, link-local,
multicast, reserved) are refused unless ``SAMVERKA_WEBHOOK_ALLOW_PRIVATE_TARGETS`` allows
them. A registered name is checked again when sending, against every address it resolves to,
since what a name points at can change after registration.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from api.config import Environment, Settings

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})


class TargetRefused(ValueError):
    """The URL may not be used; the message says why, for the client."""


def _check_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    if not address.is_global or address.is_multicast:
        raise TargetRefused("The target's address is not a public internet address.")


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
        raise TargetRefused("The target's address is not a public internet address.")
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return  # a name: its addresses are checked when sending
    _check_address(address)


def check_resolved(url: str, settings: Settings) -> None:
    """Before sending: every address the host resolves to must be allowed."""
    check_url(url, settings)
    if settings.webhook_allow_private_targets:
        return
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise TargetRefused("The target's host name does not resolve.") from error
    for info in infos:
        _check_address(ipaddress.ip_address(info[4][0]))
