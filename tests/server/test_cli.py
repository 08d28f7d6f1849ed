"""The command line: real commands on a real database; bad input exits non-zero in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from directory.db import Database


def run(args: list[str], url: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DIRECTORY_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "server", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_db_upgrade_creates_an_empty_sqlite_database(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'nested' / 'directory.db'}"
    result = run(["db", "upgrade"], url)
    assert result.returncode == 0, result.stderr
    assert "database at revision" in result.stdout
    assert (tmp_path / "nested" / "directory.db").exists()
    again = run(["db", "upgrade"], url)  # idempotent
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["demo", "generate", "--organizations", "0"],
        ["serve", "--workers", "0"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], tmp_path: Path) -> None:
    result = run(args, f"sqlite+aiosqlite:///{tmp_path / 'd.db'}")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("directory: error:"), result.stderr


def test_unreachable_database_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = run(["db", "upgrade"], "postgresql+asyncpg://nobody@127.0.0.1:1/none")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_unknown_command_exits_non_zero() -> None:
    result = run(["frobnicate"], "sqlite+aiosqlite:///:memory:")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


async def test_demo_load_creates_then_skips(db: Database) -> None:
    first = run(["demo", "load"], db.url)
    assert first.returncode == 0, first.stderr
    second = run(["demo", "load"], db.url)
    assert second.returncode == 0, second.stderr
    assert " 0 organizations created" in second.stdout
