"""``directory clients create | list | revoke`` and ``directory keys rotate``."""

from __future__ import annotations

import argparse
import json

from auth.clients import GRANTS, create_client, list_clients, revoke_client
from auth.keys import SigningKeys
from directory.db import Database
from directory.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("clients", help="OAuth clients of partner systems")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="register a client; prints its secret once")
    create.add_argument("--name", required=True)
    create.add_argument("--scope", required=True, help='space-separated, e.g. "directory:read"')
    create.add_argument(
        "--organization", metavar="SLUG", help="bind the client to one organization"
    )
    create.add_argument(
        "--grant",
        default="client_credentials",
        help=" or ".join(GRANTS) + " (default: %(default)s)",
    )
    create.add_argument(
        "--redirect-uri", action="append", dest="redirect_uris", metavar="URI", default=[]
    )
    create.add_argument("--json", action="store_true", help="print one JSON object")
    create.set_defaults(handler=run_create)
    listing = actions.add_parser("list", help="list clients (never their secrets)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)
    revoke = actions.add_parser("revoke", help="revoke a client and every token it holds")
    revoke.add_argument("client_id", metavar="CLIENT_ID")
    revoke.set_defaults(handler=run_revoke)

    keys = commands.add_parser("keys", help="the key that signs access tokens")
    key_actions = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    rotate = key_actions.add_parser(
        "rotate", help="sign with a new key; tokens signed with the old one stay valid"
    )
    rotate.set_defaults(handler=run_rotate)


async def run_create(args: argparse.Namespace, settings: Settings) -> int:
    db = Database(settings.database_url)
    try:
        created = await create_client(
            db,
            name=args.name,
            scope=args.scope,
            organization_slug=args.organization,
            grant=args.grant,
            redirect_uris=args.redirect_uris,
        )
    finally:
        await db.dispose()
    if args.json:
        print(
            json.dumps(
                {
                    "client_id": created.client_id,
                    "client_secret": created.client_secret,
                    "scope": created.scope,
                    "grant_type": created.grant,
                    "organization": created.organization_slug,
                    "redirect_uris": list(created.redirect_uris),
                }
            )
        )
    else:
        print(f"client_id     {created.client_id}")
        print(f"client_secret {created.client_secret}")
        print(f"scope         {created.scope}")
        print("The secret is shown only this once; store it now.")
    return 0


async def run_list(args: argparse.Namespace, settings: Settings) -> int:
    db = Database(settings.database_url)
    try:
        clients = await list_clients(db)
    finally:
        await db.dispose()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "client_id": c.client_id,
                        "name": c.name,
                        "scope": c.scope,
                        "grant_types": list(c.grant_types),
                        "organization": c.organization_slug,
                        "created_at": c.created_at.isoformat(),
                        "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
                    }
                    for c in clients
                ]
            )
        )
        return 0
    for c in clients:
        status = "revoked" if c.revoked_at else "active"
        org = c.organization_slug or "-"
        print(f"{c.client_id}\t{status}\t{org}\t{','.join(c.grant_types)}\t{c.scope}\t{c.name}")
    return 0


async def run_revoke(args: argparse.Namespace, settings: Settings) -> int:
    db = Database(settings.database_url)
    try:
        await revoke_client(db, args.client_id)
    finally:
        await db.dispose()
    print(f"client {args.client_id} revoked; its tokens no longer work")
    return 0


def run_rotate(args: argparse.Namespace, settings: Settings) -> int:
    kid = SigningKeys(settings.signing_key).rotate()
    print(f"new signing key {kid}; the previous key verifies tokens until they expire")
    return 0
