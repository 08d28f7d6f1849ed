"""Real service processes for the operations tests: scratch PostgreSQL databases, Redis,
and ``directory serve`` subprocesses on free ports, with their logs captured."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("DIRECTORY_TEST_POSTGRES_URL") or None
REDIS_URL = os.environ.get("DIRECTORY_TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"
REPO = Path(__file__).resolve().parents[2]


def _admin_dsn() -> str:
    assert POSTGRES_URL is not None
    url = make_url(POSTGRES_URL).set(drivername="postgresql", database="postgres")
    return url.render_as_string(hide_password=False)


async def create_database(prefix: str = "directory_ops") -> str:
    """An empty scratch database on the test server; returns its SQLAlchemy URL."""
    if POSTGRES_URL is None:
        pytest.skip(
            "set DIRECTORY_TEST_POSTGRES_URL: these tests run service processes on PostgreSQL"
        )
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(_admin_dsn())
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


async def drop_database(url: str) -> None:
    admin = await asyncpg.connect(_admin_dsn())
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """A fresh, empty (unmigrated) PostgreSQL database for one test."""
    url = await create_database()
    yield url
    await drop_database(url)


@pytest.fixture
async def redis_url() -> AsyncIterator[str]:
    """The test Redis database, emptied before and after the test."""
    import redis.asyncio as redis

    client = redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as exc:
        await client.aclose()
        pytest.skip(
            f"Redis at {REDIS_URL} is unreachable ({type(exc).__name__}); set DIRECTORY_TEST_REDIS_URL"
        )
    await client.flushdb()
    yield REDIS_URL
    await client.flushdb()
    await client.aclose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def directory_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "server", *args]


def run_cli(
    env: dict[str, str], *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        directory_command(*args), env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout
    )


@dataclass
class Service:
    """One ``directory serve`` process (with its workers) on a free port."""

    env: dict[str, str]
    log_path: Path
    workers: int = 1
    extra_args: tuple[str, ...] = ()
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Service:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            directory_command(
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                *self.extra_args,
            ),
            env=self.env,
            cwd=REPO,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"service exited early:\n{self.logs()[-4000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"service did not become ready:\n{self.logs()[-4000:]}")

    def signal(self, signum: int = signal.SIGTERM) -> None:
        assert self.process is not None
        self.process.send_signal(signum)

    def wait(self, timeout: float = 60) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def service_env(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a service process: only what it needs, nothing inherited by chance."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "SYSTEMROOT"}
    }
    var_dir = tmp_path / "var"
    var_dir.mkdir(exist_ok=True)
    env.update(
        {
            "PYTHONPATH": str(REPO),
            "PYTHONUNBUFFERED": "1",
            "DIRECTORY_DATABASE_URL": database_url,
            "DIRECTORY_VAR_DIR": str(var_dir),
            "DIRECTORY_SIGNING_KEY": str(var_dir / "signing-key.pem"),
            **extra,
        }
    )
    return env


@pytest.fixture
def services(tmp_path: Path) -> Iterator[list[Service]]:
    """Service processes a test starts; all of them are stopped afterwards."""
    started: list[Service] = []
    yield started
    for service in started:
        service.stop()
