"""First-run and CLI edges: bad database URLs, no ./var outside the project, busy ports,
the issuer of the port actually served, and roles that never mix."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from server.cli.serve import served_issuer
from tests.ops.conftest import REPO, Service, free_port, service_env


def directory(
    *args: str, cwd: Path, url: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DIRECTORY_")}
    environment["PYTHONPATH"] = str(REPO)
    if url is not None:
        environment["DIRECTORY_DATABASE_URL"] = url
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "server", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def one_line_refusal(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("directory: error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql+aiomysql://u@127.0.0.1/d", "not installed"),
        ("postgresql+psycopg2://u@127.0.0.1/d", "not installed"),
        ("nosuchdb://x", "unknown scheme"),
        ("not a url at all", "not a database URL"),
        ("sqlite+aiosqlite:///A_FILE/directory.db", "database folder"),
    ],
)
@pytest.mark.parametrize("command", [["db", "upgrade"], ["clients", "list"], ["serve"]])
def test_a_bad_database_url_is_a_one_line_refusal(
    tmp_path: Path, url: str, reason: str, command: list[str]
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    url = url.replace("A_FILE", str(tmp_path / "a-file"))
    assert reason in one_line_refusal(directory(*command, cwd=tmp_path, url=url))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_missing_postgresql_database_is_a_one_line_refusal(tmp_path: Path) -> None:
    server = os.environ.get("DIRECTORY_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("set DIRECTORY_TEST_POSTGRES_URL")
    url = server.rsplit("/", 1)[0] + "/directory_no_such_database"
    for command in (["db", "upgrade"], ["serve", "--port", str(free_port())]):
        assert "does not exist" in one_line_refusal(directory(*command, cwd=tmp_path, url=url))


def test_commands_outside_the_project_do_not_create_a_database_there(tmp_path: Path) -> None:
    for command in (["db", "upgrade"], ["demo", "load"], ["serve"]):
        assert "./var" in one_line_refusal(directory(*command, cwd=tmp_path))
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "var").mkdir()
    assert directory("db", "upgrade", cwd=tmp_path).returncode == 0
    assert (tmp_path / "var" / "directory.db").is_file()


def test_a_busy_port_is_a_one_line_refusal(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'd.db'}"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for extra in ([], ["--check"]):
            refused = directory(
                "serve", "--host", "127.0.0.1", "--port", str(port), *extra, cwd=tmp_path, url=url
            )
            assert "already in use" in one_line_refusal(refused)
    checked = directory("serve", "--port", str(free_port()), "--check", cwd=tmp_path, url=url)
    assert checked.returncode == 0, checked.stderr


def test_served_issuer() -> None:
    assert served_issuer("127.0.0.1", 8100) == "http://127.0.0.1:8100"
    assert served_issuer("0.0.0.0", 8100) == "http://127.0.0.1:8100"
    assert served_issuer("::", 8100) == "http://[::1]:8100"


def test_without_directory_issuer_the_metadata_names_the_port_served(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'd.db'}"
    env = service_env(tmp_path, url)
    assert directory("db", "upgrade", cwd=tmp_path, url=url).returncode == 0
    service = Service(env, tmp_path / "service.log")
    try:
        service.start()
        metadata = httpx.get(f"{service.url}/.well-known/oauth-authorization-server").json()
    finally:
        service.stop()
    assert metadata["issuer"] == f"http://127.0.0.1:{service.port}"
    assert metadata["token_endpoint"].startswith(f"http://127.0.0.1:{service.port}/")
