"""A real uvicorn server on a free port, in a thread, for tools that speak HTTP."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from directory.db import Database
from directory.migrate import upgrade
from directory.settings import Settings
from server.asgi import create_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(settings: Settings, folder: Path) -> Iterator[str]:
    """Serve a migrated SQLite directory; yield its base URL."""
    url = f"sqlite+aiosqlite:///{folder / 'live.db'}"

    async def migrate() -> None:
        db = Database(url)
        await upgrade(db.engine)
        await db.dispose()

    asyncio.run(migrate())
    port = free_port()
    settings = dataclasses.replace(
        settings,
        database_url=url,
        issuer=f"http://127.0.0.1:{port}",
        anonymous_budget_per_hour=10**9,
    )
    app = create_app(settings)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
