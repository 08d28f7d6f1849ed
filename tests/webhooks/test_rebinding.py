"""DNS rebinding: the worker must connect to the address it checked, not resolve the host
again (a rebinding DNS server answers a public address to the check, then loopback)."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import socket
import uuid
from typing import Any

import pytest

from directory.webhooks import addresses
from directory.webhooks.worker import Attempt, Config, Policy, Worker

HOST = "hooks.rebinding.example"
CHECKED = "127.0.0.2"
"""Stands for the public address the check sees (treated as public in this test)."""
INTERNAL = "127.0.0.1"
"""What the rebinding server answers afterwards: an internal service."""


async def test_the_worker_connects_to_the_address_it_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hits: dict[str, int] = {CHECKED: 0, INTERNAL: 0}

    def counting(address: str) -> Any:
        async def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            hits[address] += 1
            writer.close()

        return on_connection

    internal = await asyncio.start_server(counting(INTERNAL), INTERNAL, 0)
    port = internal.sockets[0].getsockname()[1]
    try:
        checked = await asyncio.start_server(counting(CHECKED), CHECKED, port)
    except OSError:
        internal.close()
        pytest.skip(f"{CHECKED}:{port} is taken")
    answers = iter([CHECKED, *([INTERNAL] * 10)])
    real = socket.getaddrinfo

    def rebinding(host: Any, port_: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name == HOST:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), int(port_)))]
        return real(host, port_, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    is_public = addresses.public
    monkeypatch.setattr(addresses, "public", lambda a: a == CHECKED or is_public(a))
    worker = Worker(
        db=None,  # type: ignore[arg-type]
        policy=Policy(audience=None, payload=None),  # type: ignore[arg-type]
        config=Config(allow_private=False, timeout=3),
    )
    secret = "whsec_" + base64.b64encode(b"k" * 24).decode()
    attempt = Attempt(
        uuid.uuid4(), 1, uuid.uuid4(), f"https://{HOST}:{port}/hook", secret, b"{}",
        dt.datetime.now(dt.UTC),
    )  # fmt: skip
    try:
        outcome = await worker._send(attempt)
        await asyncio.sleep(0.2)
    finally:
        await worker.close()
        internal.close()
        checked.close()
    assert hits[INTERNAL] == 0, (
        "the worker resolved the host again and reached the internal address"
    )
    assert hits[CHECKED] == 1
    assert not outcome.ok and outcome.error is not None
    assert INTERNAL not in outcome.error and str(port) not in outcome.error
