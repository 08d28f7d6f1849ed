"""Where a webhook may be sent: ``https://`` to public addresses only.

Checked when a client subscribes and again before every attempt (DNS answers change).
Every address the host resolves to must be globally routable: loopback, private,
link-local (cloud metadata at 169.254.169.254), shared (100.64/10), multicast, reserved
and unspecified addresses are refused, unless ``DIRECTORY_WEBHOOK_ALLOW_PRIVATE=true``
(development and tests), which also allows plain ``http://``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

import httpx

MAX_URL_LENGTH = 2000
METADATA = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)


class UnsafeURL(ValueError):
    """A URL webhooks may not be sent to; the message says why, for people."""


def target(url: str, allow_private: bool) -> tuple[str, int]:
    """``(host, port)`` of a well-formed webhook URL, else :class:`UnsafeURL`."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeURL(f"must be at most {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeURL("is not a valid URL") from None
    schemes = {"https", "http"} if allow_private else {"https"}
    if parts.scheme not in schemes:
        raise UnsafeURL("must be an https:// URL")
    if not parts.hostname:
        raise UnsafeURL("must name a host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL("must not carry a user name or password")
    if parts.fragment:
        raise UnsafeURL("must not have a #fragment")
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast and ip not in METADATA


async def check(url: str, allow_private: bool) -> str | None:
    """Refuse (:class:`UnsafeURL`) a URL that is malformed or resolves to a non-public
    address; else the checked address to connect to (None with ``allow_private``), so the
    connection cannot resolve the name again to somewhere else (DNS rebinding)."""
    host, port = target(url, allow_private)
    if allow_private:
        return None
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UnsafeURL(f"host {host!r} does not resolve") from None
    addresses = {str(info[4][0]) for info in found}
    if not addresses:
        raise UnsafeURL(f"host {host!r} does not resolve")
    if not all(public(address) for address in addresses):
        raise UnsafeURL("resolves to a loopback, private, link-local or reserved address")
    return sorted(addresses)[0]


def pinned(url: str, address: str | None) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
    """The request that reaches ``address`` for ``url``: the URL with the address as its
    host, the ``Host`` header and the TLS server name (SNI, and the name the certificate is
    verified against) of the original host."""
    original = httpx.URL(url)
    if address is None:
        return original, {}, {}
    return (
        original.copy_with(host=address),
        {"host": original.netloc.decode("ascii")},
        {"sni_hostname": original.host},
    )
