"""The ``directory`` command line. Each command group lives in its own module."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from directory.db import probe
from directory.errors import DomainError, ErrorCode
from directory.settings import DEFAULT_DATABASE_URL, Settings


class CliError(Exception):
    """A refusal with a one-line reason; the command exits with status 2."""


EXIT_REFUSED = 2
"""Bad input or a refused request: one line on standard error."""
EXIT_DATABASE = 1
"""The database failed while the command ran."""
EXIT_INTERRUPTED = 130


def refusal(exc: BaseException) -> tuple[int, str] | None:
    """The exit status and one-line reason for a failure, or None for an unexpected one.

    The one place the CLI maps errors: a domain refusal (:class:`DomainError`, which carries
    its contract code: ``NOT_FOUND``, ``FORBIDDEN``, ``BAD_USER_INPUT``, ``CONFLICT``), a
    :class:`CliError`, bad values (``ValueError``) and unusable files (``OSError``) exit 2;
    a database failure exits 1."""
    if isinstance(exc, DomainError | CliError | ValueError | OSError):
        reason = " ".join(str(exc).split()) or type(exc).__name__
        if isinstance(exc, DomainError) and exc.code is not ErrorCode.BAD_USER_INPUT:
            reason = f"{exc.code.value.lower().replace('_', ' ')}: {reason}"
        return EXIT_REFUSED, reason
    if isinstance(exc, SQLAlchemyError):
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return EXIT_DATABASE, f"database: {detail[0] if detail else type(exc).__name__}"
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED, ""
    return None


Handler = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int | None]]


def build_parser() -> argparse.ArgumentParser:
    from server.cli import db, demo, serve, worker

    parser = argparse.ArgumentParser(
        prog="directory", description="Partner directory: serve the API and manage its data."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (serve, db, demo, worker):
        module.register(commands)
    for name in ("server.cli.clients", "server.cli.users", "server.cli.hsds"):
        try:
            module = __import__(name, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(commands)
    return parser


def check_database(settings: Settings) -> None:
    """Refuse, in one line, to run against a database that cannot be used: a URL with an
    unknown scheme or a driver that is not installed, a server or database that does not
    answer, or the default ``./var/directory.db`` outside the project folder (a command run
    elsewhere would otherwise silently start a new, empty directory there)."""
    default = settings.database_url == DEFAULT_DATABASE_URL
    if default and not os.environ.get("DIRECTORY_DATABASE_URL") and not Path("var").is_dir():
        raise CliError(
            f"no ./var folder in {Path.cwd()}: run from the project folder (make run "
            "creates ./var) or set DIRECTORY_DATABASE_URL"
        )
    asyncio.run(probe(settings.database_url))
    if settings.read_database_url:
        asyncio.run(probe(settings.read_database_url, "DIRECTORY_READ_DATABASE_URL"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        settings = Settings.from_env()
        check_database(settings)
        handler: Handler | Callable[[argparse.Namespace, Settings], int | None] = args.handler
        result = handler(args, settings)
        if asyncio.iscoroutine(result):
            result = asyncio.run(result)
    except (Exception, KeyboardInterrupt) as exc:
        found = refusal(exc)
        if found is None:
            raise
        status, reason = found
        if reason:
            print(f"directory: error: {reason}", file=sys.stderr)
        return status
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
