"""Streaming HSDS exports: a JSON array of organizations, or a CSV data package.

Organizations are read in batches inside one read transaction (a consistent snapshot on
PostgreSQL) and written as they come, and the session forgets each batch once written, so
memory stays flat however large the directory is. The export is written next to its
destination and moved into place at the end: a failed export leaves nothing behind.

Exports are files handed to partners, so their audience is explicit
(:class:`ExportVisibility`), PUBLIC by default; archived organizations are never exported.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import enum
import json
import os
import shutil
import tempfile
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson
from sqlalchemy import select

from directory.db import Database
from directory.enums import Visibility
from directory.hsds.bundle import Listing, load_listings
from directory.hsds.formulas import neutralize
from directory.hsds.tables import (
    BOOLEAN_COLUMNS,
    CHILD_TABLES,
    FILE_NAMES,
    JSON_COLUMNS,
    NUMBER_COLUMNS,
    TABLES,
)
from directory.hsds.taxonomy import TAXONOMIES, all_terms, taxonomy_json
from directory.hsds.to_hsds import Json, organization_json
from directory.models import Organization
from directory.reader import Reader
from directory.visibility import Audience

BATCH_SIZE = 1000
"""Organizations read per round trip (each statement carries up to this many ids)."""
WRITE_BUFFER = 1 << 20
YIELD_EVERY = 10
"""Listings handed out between two turns of the event loop while the next batch is read."""


class ExportFormat(enum.StrEnum):
    JSON = "hsds-json"
    CSV = "hsds-csv"


class ExportVisibility(enum.StrEnum):
    """Who the export is for: the most confidential level it may contain."""

    PUBLIC = "public"
    PARTNERS = "partners"
    CONFIDENTIAL = "confidential"

    def audience(self) -> Audience:
        if self is ExportVisibility.PUBLIC:
            return Audience.public()
        if self is ExportVisibility.PARTNERS:
            return Audience.partners()
        return Audience(frozenset(Visibility), None, include_archived=False)


@dataclass
class ExportReport:
    organizations: int = 0
    services: int = 0
    rows: Counter[str] = field(default_factory=Counter)


async def stream_listings(
    db: Database, audience: Audience, batch_size: int | None = None
) -> AsyncIterator[Listing]:
    """Every listing the audience may read, ordered by id, loaded ``batch_size`` at a time.

    The next batch is read while the caller writes this one: its statements run one after
    the other on the same session (one snapshot), and every few listings the generator
    gives the event loop a turn, so PostgreSQL works on the next statement while Python
    turns the current batch into HSDS. At most two batches are held at once."""
    async with db.read_session() as session:
        if db.dialect == "postgresql":
            await session.connection(
                execution_options={
                    "isolation_level": "REPEATABLE READ",
                    "postgresql_readonly": True,
                }
            )
        reader = Reader(session, audience)

        async def batch_after(last: uuid.UUID | None) -> tuple[list[uuid.UUID], list[Listing]]:
            statement = (
                select(Organization.id)
                .where(audience.archived_clause(Organization))
                .order_by(Organization.id)
                .limit(batch_size or BATCH_SIZE)
            )
            if last is not None:
                statement = statement.where(Organization.id > last)
            ids = await reader.ids(statement)
            return ids, (await load_listings(reader, ids) if ids else [])

        pending = asyncio.ensure_future(batch_after(None))
        try:
            while True:
                ids, listings = await pending
                if not ids:
                    return
                pending = asyncio.ensure_future(batch_after(ids[-1]))
                for index, listing in enumerate(listings, 1):
                    yield listing
                    if index % YIELD_EVERY == 0:
                        await asyncio.sleep(0)  # the next batch's statements move on
        finally:
            if not pending.done():
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await pending


def _staging(out: Path) -> Path:
    """A private (0700) folder next to ``out``; its folder must exist (no silent mkdir -p)."""
    if not out.parent.is_dir():
        raise ValueError(f"folder {out.parent} does not exist: create it first")
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))


def _refuse_existing(out: Path, directory: bool, overwrite: bool) -> None:
    if directory and out.exists():
        if not out.is_dir():
            raise ValueError(f"{out} exists and is not a folder")
        if any(out.iterdir()) and not (overwrite and (out / "datapackage.json").is_file()):
            hint = "" if overwrite else " (--overwrite replaces an earlier export)"
            raise ValueError(f"{out} exists and is not an empty folder{hint}")
    if not directory and out.is_dir():
        raise ValueError(f"{out} is a folder; give a file name for the JSON export")
    if not directory and out.exists() and not overwrite:
        raise ValueError(f"{out} exists: pass --overwrite to replace it")


def _descriptor(path: Path, private: bool) -> int:
    mode = 0o600 if private else 0o666
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    if private:
        os.fchmod(descriptor, 0o600)  # whatever the umask
    return descriptor


def _create(path: Path, private: bool) -> IO[str]:
    """A new text file; readable by its owner only (0600) when ``private``."""
    return open(_descriptor(path, private), "w", encoding="utf-8", newline="")


def _create_binary(path: Path, private: bool) -> IO[bytes]:
    """A new binary file, as :func:`_create`."""
    return open(_descriptor(path, private), "wb", buffering=WRITE_BUFFER)


async def export_json(
    db: Database, out: Path, audience: Audience, *, overwrite: bool = False, private: bool = False
) -> ExportReport:
    """Write a JSON array of fully nested organizations (``compiled/organization.json``)."""
    _refuse_existing(out, directory=False, overwrite=overwrite)
    report = ExportReport()
    staging = _staging(out)
    try:
        target = staging / "export.json"
        with _create_binary(target, private) as stream:
            stream.write(b"[")
            async for listing in stream_listings(db, audience):
                stream.write(b",\n" if report.organizations else b"\n")
                stream.write(orjson.dumps(organization_json(listing, with_terms=False)))
                report.organizations += 1
                report.services += len(listing.services)
            stream.write(b"\n]\n" if report.organizations else b"]\n")
        os.replace(target, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def cell(value: Any, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if column in JSON_COLUMNS or isinstance(value, list | dict):
        return neutralize(json.dumps(value, ensure_ascii=False))
    if isinstance(value, int | float):
        return str(value)
    return neutralize(str(value))


def flatten(item: Json, table: str, extra: Json | None = None) -> Iterator[tuple[str, Json]]:
    """The rows of a nested HSDS object, table by table (children before parents)."""
    row: Json = dict(extra or {})
    for key, value in item.items():
        if key in CHILD_TABLES and isinstance(value, list):
            link = {"x_organization_id": item["id"]} if key == "x_service_areas" else None
            for child in value:
                yield from flatten(child, CHILD_TABLES[key], link)
        elif isinstance(value, dict) and key not in JSON_COLUMNS:
            continue
        else:
            row[key] = value
    yield table, row


def datapackage() -> Json:
    def field_type(column: str) -> str:
        if column in NUMBER_COLUMNS:
            return "number"
        if column in BOOLEAN_COLUMNS:
            return "boolean"
        return "object" if column in JSON_COLUMNS else "string"

    return {
        "name": "partner-directory-hsds",
        "profile": "tabular-data-package",
        "description": "HSDS 3.0 tabular export of the partner directory; x_ columns are "
        "documented extensions.",
        "resources": [
            {
                "name": table,
                "path": FILE_NAMES[table],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": c, "type": field_type(c)} for c in columns],
                    "primaryKey": "id",
                },
            }
            for table, columns in TABLES.items()
        ],
    }


async def export_csv(
    db: Database, out: Path, audience: Audience, *, overwrite: bool = False, private: bool = False
) -> ExportReport:
    """Write a CSV data package (one CSV per table and ``datapackage.json``) into ``out``;
    a private package is a 0700 folder of 0600 files."""
    _refuse_existing(out, directory=True, overwrite=overwrite)
    report = ExportReport()
    staging = _staging(out)
    try:
        with ExitStack() as files:
            writers: dict[str, csv.DictWriter[str]] = {}
            for table, columns in TABLES.items():
                stream: IO[str] = files.enter_context(_create(staging / FILE_NAMES[table], private))
                writers[table] = csv.DictWriter(stream, columns, extrasaction="ignore")
                writers[table].writeheader()

            def write(table: str, row: Json) -> None:
                columns = TABLES[table]
                writers[table].writerow({c: cell(row.get(c), c) for c in columns})
                report.rows[table] += 1

            async for listing in stream_listings(db, audience):
                seen: set[tuple[str, str]] = set()
                rows = flatten(organization_json(listing, with_terms=False), "organizations")
                for table, row in rows:
                    key = (table, str(row.get("id")))
                    if key not in seen:
                        seen.add(key)
                        write(table, row)
                report.organizations += 1
                report.services += len(listing.services)
            for taxonomy in TAXONOMIES:
                write("taxonomies", taxonomy_json(taxonomy))
            for term in all_terms():
                write("taxonomy_terms", term)
        with _create(staging / "datapackage.json", private) as stream:
            stream.write(json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n")
        if not private:
            staging.chmod(0o777 & ~_umask())
        earlier = staging.with_name(staging.name + ".old")
        if out.exists():
            out.rename(earlier)
        os.replace(staging, out)
        shutil.rmtree(earlier, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


async def export(
    db: Database,
    out: Path,
    fmt: ExportFormat,
    visibility: ExportVisibility,
    *,
    overwrite: bool = False,
) -> ExportReport:
    """Export for ``visibility``; a PARTNERS or CONFIDENTIAL export is readable by its owner
    only (files 0600)."""
    audience = visibility.audience()
    private = visibility is not ExportVisibility.PUBLIC
    if fmt is ExportFormat.JSON:
        return await export_json(db, out, audience, overwrite=overwrite, private=private)
    return await export_csv(db, out, audience, overwrite=overwrite, private=private)
