"""``directory export`` / ``directory import``: real processes, one-line refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hsds.helpers import HSDS_DIR, needs_hsds


def run(args: list[str], url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DIRECTORY_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "server", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def url(tmp_path: Path) -> str:
    database = f"sqlite+aiosqlite:///{tmp_path / 'directory.db'}"
    assert run(["db", "upgrade"], database).returncode == 0
    return database


@pytest.mark.parametrize(
    "args",
    [
        ["import", "missing.json"],
        ["export", "--format", "xml", "--out", "OUT"],
        ["export", "--format", "hsds-json", "--visibility", "everyone", "--out", "OUT"],
        ["import", "not-hsds.json"],
    ],
)
def test_bad_input_is_one_line_non_zero_and_writes_nothing(
    url: str, tmp_path: Path, args: list[str]
) -> None:
    (tmp_path / "not-hsds.json").write_text('{"hello": "world"}')
    args = [
        a.replace("OUT", str(tmp_path / "out"))
        .replace("missing.json", str(tmp_path / "missing.json"))
        .replace("not-hsds.json", str(tmp_path / "not-hsds.json"))
        for a in args
    ]
    result = run(args, url)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("directory: error: ")
    assert not (tmp_path / "out").exists()


@needs_hsds
def test_import_then_export_from_the_command_line(url: str, tmp_path: Path) -> None:
    imported = run(["import", str(HSDS_DIR / "examples" / "csv")], url)
    assert imported.returncode == 0, imported.stderr
    assert "1 created" in imported.stdout
    again = run(["import", str(HSDS_DIR / "examples" / "csv")], url)
    assert "1 unchanged" in again.stdout
    exported = run(["export", "--format", "hsds-json", "--out", str(tmp_path / "out.json")], url)
    assert exported.returncode == 0, exported.stderr
    assert "(public)" in exported.stdout
    assert [o["name"] for o in json.loads((tmp_path / "out.json").read_text())] == [
        "Example Organization Inc."
    ]
    package = run(["export", "--format", "hsds-csv", "--out", str(tmp_path / "pkg")], url)
    assert package.returncode == 0, package.stderr
    assert (tmp_path / "pkg" / "datapackage.json").is_file()
