"""The real service under uvicorn, in its own process, for the browser tests."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
APP_FACTORY = "server.asgi:create_app"


@dataclass
class Service:
    url: str
    log: Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_service(workdir: Path, seed: Callable[[str], Awaitable[None]]) -> Iterator[Service]:
    """Seed a SQLite database in ``workdir`` (``seed(url)``), serve it from ``workdir`` (an
    unrelated folder) and stop the process afterwards."""
    database_url = f"sqlite+aiosqlite:///{workdir / 'directory.db'}"
    # A thread of its own, so seeding never shares an event loop with the test session.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, seed(database_url)).result()
    port = free_port()
    env = {
        **os.environ,
        "DIRECTORY_DATABASE_URL": database_url,
        "DIRECTORY_VAR_DIR": str(workdir / "var"),
        "DIRECTORY_ISSUER": f"http://127.0.0.1:{port}",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    log = workdir / "service.log"
    command = [sys.executable, "-m", "uvicorn", "--factory", APP_FACTORY]
    command += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=workdir, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"the service exited with {process.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the service did not start within 30 s:\n{log.read_text()}")
            time.sleep(0.1)
        yield Service(url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
