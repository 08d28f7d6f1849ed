"""``directory users create``: NGO staff accounts."""

from __future__ import annotations

import argparse
import secrets
import sys

from auth.users import create_user
from directory.db import Database
from directory.settings import Settings
from server.cli import CliError


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("users", help="NGO staff accounts")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a staff account bound to one organization")
    create.add_argument("--email", required=True)
    create.add_argument("--organization", required=True, metavar="SLUG")
    create.add_argument(
        "--role",
        default="editor",
        help="editor (the default and the only role bound to an organization)",
    )
    create.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (else one is generated and printed once)",
    )
    create.set_defaults(handler=run_create)


async def run_create(args: argparse.Namespace, settings: Settings) -> int:
    if args.role == "admin":
        # An account bound to one organization must never hold directory-wide rights.
        raise CliError(
            "--role admin cannot be combined with --organization: an organization's staff "
            "are editors of its listing only; directory administrators are not bound to an "
            "organization"
        )
    generated = not args.password_stdin
    password = secrets.token_urlsafe(15) if generated else sys.stdin.readline().rstrip("\r\n")
    db = Database(settings.database_url)
    try:
        user = await create_user(
            db,
            email=args.email,
            organization_slug=args.organization,
            role=args.role,
            password=password,
        )
    finally:
        await db.dispose()
    print(f"user {user.email} ({user.role}) created for {user.organization_slug}")
    if generated:
        print(f"password {password}")
        print("The password is shown only this once.")
    return 0
