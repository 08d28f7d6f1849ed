"""``directory users create``: staff of one organization, or directory administrators."""

from __future__ import annotations

import argparse
import secrets
import sys

from auth.users import ADMIN, EDITOR, create_user
from directory.db import Database
from directory.settings import Settings
from server.cli import CliError


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "users", help="accounts: organization staff and directory administrators"
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create",
        help="create a staff account of one organization (--organization SLUG) or a "
        "directory administrator (--admin)",
    )
    create.add_argument("--email", required=True)
    create.add_argument(
        "--organization",
        metavar="SLUG",
        help="the organization whose listing this staff account edits (role editor)",
    )
    create.add_argument(
        "--admin",
        action="store_true",
        help="a directory administrator, bound to no organization (tokens may carry "
        "directory:admin)",
    )
    create.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (else one is generated and printed once)",
    )
    create.set_defaults(handler=run_create)


def role_of(args: argparse.Namespace) -> str:
    """``editor`` with ``--organization``, ``admin`` with ``--admin``; never both."""
    if args.admin and args.organization:
        raise CliError(
            "--admin cannot be combined with --organization: directory administrators are "
            "bound to no organization, and an organization's staff are never administrators"
        )
    if not args.admin and not args.organization:
        raise CliError("give --organization SLUG (staff of that organization) or --admin")
    return ADMIN if args.admin else EDITOR


async def run_create(args: argparse.Namespace, settings: Settings) -> int:
    role = role_of(args)
    generated = not args.password_stdin
    password = secrets.token_urlsafe(15) if generated else sys.stdin.readline().rstrip("\r\n")
    db = Database(settings.database_url)
    try:
        user = await create_user(
            db,
            email=args.email,
            organization_slug=args.organization,
            role=role,
            password=password,
        )
    finally:
        await db.dispose()
    if user.organization_slug is None:
        print(f"user {user.email} (admin) created: a directory administrator")
    else:
        print(f"user {user.email} ({user.role}) created for {user.organization_slug}")
    if generated:
        print(f"password {password}")
        print("The password is shown only this once.")
    return 0
