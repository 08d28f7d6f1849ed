"""``directory export`` and ``directory import``: HSDS 3.0 files in and out."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from directory.db import Database
from directory.enums import LANGUAGES
from directory.hsds.export import ExportFormat, ExportVisibility, export
from directory.hsds.importer import import_path
from directory.hsds.source import NotHsds
from directory.settings import Settings
from server.cli import CliError
from server.collector import EXPORT_THRESHOLDS, collecting_rarely


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    out = commands.add_parser("export", help="export the directory as HSDS 3.0")
    out.add_argument(
        "--format", required=True, help="hsds-json (one JSON file) or hsds-csv (a folder)"
    )
    out.add_argument("--out", required=True, type=Path, metavar="PATH")
    out.add_argument(
        "--visibility",
        default=ExportVisibility.PUBLIC.value,
        help="the most confidential level the file may hold: public (default), partners "
        "or confidential. Exports are handed to partners: choose deliberately.",
    )
    out.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing JSON file, or a folder holding an earlier CSV export",
    )
    out.set_defaults(handler=run_export)
    into = commands.add_parser("import", help="import an HSDS 3.0 JSON file or CSV package")
    into.add_argument("path", type=Path, metavar="PATH")
    into.add_argument("--schemas", type=Path, help="folder of the HSDS 3.0 JSON Schemas")
    into.add_argument(
        "--language", default="en", help="language of records that do not say (en, es, fr)"
    )
    into.add_argument(
        "--country", help="headquarters country (MX, US, CA) of records that do not say"
    )
    into.add_argument(
        "--replace-restricted",
        action="store_true",
        help="let the file remove PARTNERS/CONFIDENTIAL items it does not carry",
    )
    into.set_defaults(handler=run_import)


async def run_export(args: argparse.Namespace, settings: Settings) -> int:
    try:
        fmt = ExportFormat(args.format)
    except ValueError:
        raise CliError(f"unknown format {args.format!r}: use hsds-json or hsds-csv") from None
    try:
        visibility = ExportVisibility(args.visibility)
    except ValueError:
        raise CliError(
            f"unknown visibility {args.visibility!r}: use public, partners or confidential"
        ) from None
    db = Database(settings.database_url, settings.read_database_url)
    started = time.perf_counter()
    try:
        with collecting_rarely(EXPORT_THRESHOLDS):
            report = await export(db, args.out, fmt, visibility, overwrite=args.overwrite)
    finally:
        await db.dispose()
    print(
        f"exported {report.organizations} organizations and {report.services} services "
        f"({visibility.value}) to {args.out} in {time.perf_counter() - started:.1f}s"
    )
    return 0


async def run_import(args: argparse.Namespace, settings: Settings) -> int:
    if args.language not in LANGUAGES:
        raise CliError(f"--language must be one of {', '.join(LANGUAGES)}")
    db = Database(settings.database_url)
    try:
        report = await import_path(
            db,
            args.path,
            schemas=args.schemas,
            default_language=args.language,
            default_country=(args.country or "").upper() or None,
            allow_restricted=args.replace_restricted,
        )
    except NotHsds as exc:
        raise CliError(str(exc)) from None
    finally:
        await db.dispose()
    print(f"validated against: {report.schemas}")
    print(
        f"imported: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.rejected)} rejected"
    )
    for rejected in report.rejected:
        print(f"rejected: {rejected.record}: {rejected.reason}")
    for note in report.notes:
        print(f"not kept: {note}")
    for kept in report.kept:
        print(f"kept: {kept}")
    return 1 if report.rejected_organizations else 0
