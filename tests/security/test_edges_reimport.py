"""Re-importing the directory's own unchanged PUBLIC export keeps what it does not carry,
says so, and succeeds; a changed file that would drop restricted items is still refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from directory.db import Database
from directory.hsds.export import ExportFormat, ExportVisibility, export
from directory.hsds.importer import import_path
from directory.models import Contact, Email, Location, Phone
from tests.hsds.helpers import fixture_counts, load_fixtures, needs_hsds
from tests.hsds.test_import import counts


@needs_hsds
async def test_reimporting_the_unchanged_public_export_reports_what_it_kept(
    db: Database, tmp_path: Path
) -> None:
    await load_fixtures(db)
    await export(db, tmp_path / "public.json", ExportFormat.JSON, ExportVisibility.PUBLIC)
    await export(db, tmp_path / "partners.json", ExportFormat.JSON, ExportVisibility.PARTNERS)
    before = await counts(db)
    organizations, _ = fixture_counts()
    for file in ("public.json", "partners.json"):
        report = await import_path(db, tmp_path / file)
        assert report.rejected == [], file
        assert (report.unchanged, report.updated, report.created) == (organizations, 0, 0)
        assert report.kept and all("kept" in k for k in report.kept)
    assert await counts(db) == before


@needs_hsds
async def test_a_changed_public_file_still_does_not_drop_restricted_items(
    db: Database, tmp_path: Path
) -> None:
    await load_fixtures(db)
    await export(db, tmp_path / "public.json", ExportFormat.JSON, ExportVisibility.PUBLIC)
    document = json.loads((tmp_path / "public.json").read_text())
    for organization in document:
        organization["description"] = "Changed elsewhere."
    (tmp_path / "changed.json").write_text(json.dumps(document))
    restricted = await _restricted_rows(db)
    report = await import_path(db, tmp_path / "changed.json")
    assert any("PARTNERS or CONFIDENTIAL" in r.reason for r in report.rejected)
    assert report.rejected_organizations >= 1
    assert await _restricted_rows(db) == restricted > 0


async def _restricted_rows(db: Database) -> int:
    found = 0
    async with db.session() as session:
        for model in (Contact, Phone, Email, Location):
            statement = select(func.count()).select_from(model)
            found += int(await session.scalar(statement.where(model.visibility != "PUBLIC")) or 0)
    return found


@needs_hsds
def test_the_cli_reimport_of_its_own_public_export_exits_0(tmp_path: Path) -> None:
    env = {**os.environ, "DIRECTORY_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'd.db'}"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )

    assert run("db", "upgrade").returncode == 0
    assert run("demo", "load").returncode == 0
    out = str(tmp_path / "public.json")
    assert run("export", "--format", "hsds-json", "--out", out).returncode == 0
    again = run("import", out)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 rejected" in again.stdout
    assert "kept: organization" in again.stdout
