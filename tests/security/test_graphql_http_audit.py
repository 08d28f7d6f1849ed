"""The graphql-http audit (npm ``graphql-http``, from web/package-lock.json) against a live
server: no errors and no warnings. Prints the ok/warn/error counts."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from directory.settings import Settings
from tests.security.live import live_server

WEB = Path(__file__).resolve().parents[2] / "web"
SCRIPT = WEB / "graphql-http-audit.mjs"


def test_graphql_http_audit_is_all_ok(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    node = shutil.which("node")
    if node is None or not (WEB / "node_modules" / "graphql-http").exists():
        pytest.skip("node or web/node_modules/graphql-http is missing: run `make assets`")
    with live_server(settings, tmp_path) as base:
        done = subprocess.run(
            [node, str(SCRIPT), f"{base}/graphql"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=WEB,
        )
    lines = done.stdout.strip().splitlines()
    counts = json.loads(lines[-1])
    with capsys.disabled():
        print(f"\ngraphql-http audit: {counts}")
    assert counts["error"] == 0 and counts["warn"] == 0, done.stdout + done.stderr
    assert counts["ok"] > 0
