"""Who is really calling, behind a reverse proxy: ``DIRECTORY_TRUSTED_PROXIES``.

``X-Forwarded-For``, ``Forwarded`` and ``X-Forwarded-Proto`` are believed only when the
connection comes from a configured proxy address; from anyone else they are ignored, so a
direct caller cannot reset its anonymous budget or dodge sign-in throttling by forging
them. The default trusts nobody. Behind a chain of trusted proxies the client is the
right-most address that is not itself a trusted proxy.

The middleware rewrites the ASGI scope's ``client`` (and ``scheme``), so everything after
it — budgets, throttling, logs — sees the same caller.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_FORWARDED_FOR = re.compile(r'(?i)(?:^|;)\s*for\s*=\s*("?)([^";,]+)\1')


def _address(raw: str) -> Address | None:
    """An IP address from a header element: ``1.2.3.4``, ``1.2.3.4:80``, ``[::1]:80``."""
    text = raw.strip().strip('"')
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def forwarded_chain(headers: Headers) -> list[str]:
    """The addresses the proxies say the request passed through, client first."""
    forwarded_for = headers.getlist("x-forwarded-for")
    if forwarded_for:
        return [item for value in forwarded_for for item in value.split(",")]
    chain = []
    for value in headers.getlist("forwarded"):
        for element in value.split(","):
            found = _FORWARDED_FOR.search(element.strip())
            chain.append(found.group(2) if found else "")
    return chain


class TrustedProxies:
    """The configured proxy networks, and the real client of a request."""

    def __init__(self, networks: Iterable[str]) -> None:
        self.networks: tuple[Network, ...] = tuple(
            ipaddress.ip_network(n, strict=False) for n in networks
        )

    def trusts(self, host: str | None) -> bool:
        address = _address(host) if host else None
        return address is not None and any(address in n for n in self.networks)

    def client(self, peer: str, chain: list[str]) -> str:
        """The right-most address of ``chain`` that is not a trusted proxy (else ``peer``)."""
        found = peer
        for raw in reversed(chain):
            address = _address(raw)
            if address is None:
                break  # a malformed element: believe nothing to its left
            found = str(address)
            if not self.trusts(found):
                break
        return found


class TrustedProxyMiddleware:
    def __init__(self, app: ASGIApp, *, proxies: TrustedProxies) -> None:
        self.app = app
        self.proxies = proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.proxies.networks:
            peer = scope.get("client")
            if peer and self.proxies.trusts(peer[0]):
                headers = Headers(scope=scope)
                chain = forwarded_chain(headers)
                if chain:
                    scope["client"] = (self.proxies.client(peer[0], chain), 0)
                proto = (headers.get("x-forwarded-proto") or "").strip().lower()
                if proto in ("http", "https"):
                    scope["scheme"] = (
                        proto if scope["type"] == "http" else proto.replace("http", "ws")
                    )
        await self.app(scope, receive, send)
