"""Every response carries a request id, and every log line written while serving it too."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest

from directory.db import Database
from directory.settings import Settings
from server.logs import JsonFormatter


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Log records of the app as JSON lines, the way the service writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


async def test_a_callers_request_id_is_returned(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz", headers={"X-Request-ID": "hotline-sync-42"})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "hotline-sync-42"


async def test_a_request_without_an_id_gets_a_fresh_one(client: httpx.AsyncClient) -> None:
    first = await client.get("/healthz")
    second = await client.get("/healthz")
    assert len(first.headers["X-Request-ID"]) == 32
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


@pytest.mark.parametrize(
    "unsafe",
    ['abc"}\n{"level": "error"', "a b", "x" * 101, "eyJhbGciOiJSUzI1NiJ9." + "a" * 200],
)
async def test_an_unsafe_request_id_is_replaced(client: httpx.AsyncClient, unsafe: str) -> None:
    response = await client.get("/healthz", headers={"X-Request-ID": unsafe})
    assert response.headers["X-Request-ID"] != unsafe
    assert len(response.headers["X-Request-ID"]) == 32


async def test_log_lines_written_during_a_request_carry_its_id(
    settings: Settings, log_lines: io.StringIO
) -> None:
    from server import health
    from server.asgi import create_app

    # Nothing listens on port 1: readiness fails and logs a warning while serving.
    unreachable = Database("postgresql+asyncpg://postgres@127.0.0.1:1/directory")
    app = create_app(settings, database=unreachable)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/readyz", headers={"X-Request-ID": "trace-readyz-1"})
    await unreachable.dispose()
    assert response.status_code == 503
    assert response.headers["X-Request-ID"] == "trace-readyz-1"
    entries = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    warnings = [e for e in entries if e["logger"] == health.__name__]
    assert warnings, entries
    assert all(entry["request_id"] == "trace-readyz-1" for entry in warnings)
